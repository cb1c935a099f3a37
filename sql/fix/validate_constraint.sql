-- Checks existing rows against a NOT VALID constraint (SHARE UPDATE EXCLUSIVE lock: writes continue).
ALTER TABLE :"relation" VALIDATE CONSTRAINT :"constraint";
