-- Changes a column's type; rewrites the table and takes an ACCESS EXCLUSIVE lock.
ALTER TABLE :"relation" ALTER COLUMN :"column" TYPE :type USING CAST(:"column" AS :type);
