-- Indexes of a table, with their full definitions and validity.
SELECT i.indexrelid::regclass AS index, pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'schema' AND c.relname = :'table'
ORDER BY 1;
