-- Partitions of a table and their bounds.
SELECT child.relname AS partition, pg_get_expr(child.relpartbound, child.oid) AS bound,
       child.reltuples::bigint AS estimated_rows
FROM pg_inherits i
JOIN pg_class parent ON parent.oid = i.inhparent JOIN pg_namespace n ON n.oid = parent.relnamespace
JOIN pg_class child ON child.oid = i.inhrelid
WHERE n.nspname = :'schema' AND parent.relname = :'table'
ORDER BY 2;
