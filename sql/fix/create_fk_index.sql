-- Indexes a foreign key's columns, so deletes on the referenced table do not scan this one.
CREATE INDEX IF NOT EXISTS :"name" ON :"relation" (:columns);
