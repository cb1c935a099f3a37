-- Size, live and dead tuples, last vacuum and analyze of the intended state's tables ($1 text[] "schema.name") and their partitions.
SELECT c.relname AS name, p.relname AS partition_of,
       pg_total_relation_size(c.oid) AS size_bytes,
       coalesce(s.n_live_tup, 0) AS live_tuples, coalesce(s.n_dead_tup, 0) AS dead_tuples,
       greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
       greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = i.inhparent
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND (n.nspname || '.' || c.relname = ANY ($1::text[]) OR pn.nspname || '.' || p.relname = ANY ($1::text[]))
ORDER BY coalesce(p.relname, c.relname), p.relname IS NOT NULL, c.relname;
