-- Drops a constraint (see the finding for what replaces it).
ALTER TABLE :"relation" DROP CONSTRAINT IF EXISTS :"constraint";
