-- Makes a column nullable again.
ALTER TABLE :"relation" ALTER COLUMN :"column" DROP NOT NULL;
