-- Adds a missing enum label in its place (existing labels cannot be removed or reordered in place).
ALTER TYPE :"type" ADD VALUE IF NOT EXISTS :'label' :position;
