-- Replaces a constraint whose definition differs from the spec.
ALTER TABLE :"relation" DROP CONSTRAINT IF EXISTS :"existing";
ALTER TABLE :"relation" ADD CONSTRAINT :"constraint" :definition;
