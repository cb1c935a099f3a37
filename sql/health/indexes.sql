-- Index usage of the intended state's tables ($1 text[] "schema.name"; pg_stat_user_indexes), partitions' indexes summed into their
-- parent index; never used = no scan since the statistics were last reset.
WITH RECURSIVE tables AS (
  SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname || '.' || c.relname = ANY ($1::text[])
),
idx AS (
  SELECT i.indexrelid AS oid, i.indexrelid AS root FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM tables)
  UNION ALL
  SELECT inh.inhrelid, idx.root FROM pg_inherits inh JOIN idx ON inh.inhparent = idx.oid
)
SELECT c.relname AS table_name, ic.relname AS index_name,
       coalesce(sum(s.idx_scan), 0)::bigint AS scans,
       coalesce(sum(s.idx_tup_read), 0)::bigint AS tuples_read
FROM idx
JOIN pg_class ic ON ic.oid = idx.root
JOIN pg_index pi ON pi.indexrelid = idx.root
JOIN pg_class c ON c.oid = pi.indrelid
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = idx.oid
GROUP BY c.relname, ic.relname
ORDER BY c.relname, ic.relname;
