-- Restores a column default.
ALTER TABLE :"relation" ALTER COLUMN :"column" SET DEFAULT :default;
