-- Removes a column default that the spec does not have.
ALTER TABLE :"relation" ALTER COLUMN :"column" DROP DEFAULT;
