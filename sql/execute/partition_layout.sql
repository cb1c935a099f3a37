-- The partitions of a table with their bounds, as CREATE TABLE … PARTITION OF … FOR VALUES takes them.
-- $1 text  the table, schema-qualified
SELECT c.relname AS name, pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = $1::regclass
ORDER BY c.relname;
