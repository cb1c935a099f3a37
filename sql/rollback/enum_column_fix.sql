-- A column outside 0024 typed with one of its enums: keep its values as text, so the rollback can drop the type.
ALTER TABLE :"relation" ALTER COLUMN :"column" TYPE text USING :"column"::text;
