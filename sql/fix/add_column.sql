-- Adds a missing column as the manifest defines it.
ALTER TABLE :"relation" ADD COLUMN IF NOT EXISTS :"column" :definition;
