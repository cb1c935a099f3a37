-- Bytes on disk of tables and their partitions: a generous bound for the size of their export,
-- checked against the free space of the export directory before anything is locked.
-- $1 text[] tables, schema-qualified (those that do not exist count nothing)
WITH wanted AS (SELECT to_regclass(name) AS oid FROM unnest($1::text[]) name)
SELECT coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)), 0)::bigint AS bytes
FROM pg_catalog.pg_class c
LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
WHERE c.oid IN (SELECT oid FROM wanted) OR i.inhparent IN (SELECT oid FROM wanted);
