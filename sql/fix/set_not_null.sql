-- Makes a column NOT NULL; fails while NULLs remain (fill them first).
ALTER TABLE :"relation" ALTER COLUMN :"column" SET NOT NULL;
