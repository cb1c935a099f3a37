-- Exact row counts of the migration's tables and of each partition, for those that exist.
-- $1 text[] the tables, "schema.name"
SELECT n.nspname || '.' || c.relname AS name, pn.nspname || '.' || pa.relname AS partition_of,
       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint AS rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class pa ON pa.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pa.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND (n.nspname || '.' || c.relname = ANY ($1::text[]) OR pn.nspname || '.' || pa.relname = ANY ($1::text[]))
ORDER BY coalesce(pa.relname, c.relname), pa.relname IS NOT NULL, c.relname;
