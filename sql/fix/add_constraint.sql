-- Adds a missing constraint (fails if existing rows violate it).
ALTER TABLE :"relation" ADD CONSTRAINT :"constraint" :definition;
