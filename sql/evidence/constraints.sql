-- Constraints of a table with their definitions (FK targets and ON DELETE included).
SELECT con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition, con.convalidated
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'schema' AND c.relname = :'table'
ORDER BY con.conname;
