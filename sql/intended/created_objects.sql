-- What a migration set created in the throwaway database it was applied to: the scope of the
-- catalog query (sql/catalog/snapshot.sql) for the intended state and for the live databases.
-- Objects an extension brings (pg_depend 'e') are the extension's, not the files'.
WITH user_schema AS (
  SELECT n.oid, n.nspname
  FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
),
from_extension AS (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
),
relation AS (
  SELECT c.oid, s.nspname, c.relname, c.relkind, c.relispartition
  FROM pg_catalog.pg_class c
  JOIN user_schema s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND NOT EXISTS (SELECT 1 FROM from_extension e
                    WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid)
)
SELECT
  (SELECT coalesce(array_agg(DISTINCT r.relname::text ORDER BY r.relname::text), '{}') FROM relation r) AS relation_names,
  -- the relations (partitions left out) in the order they were created (oids grow): what a rollback undoes last comes first
  (SELECT coalesce(array_agg(r.nspname::text || '.' || r.relname ORDER BY r.oid), '{}')
   FROM relation r WHERE NOT r.relispartition) AS relations_in_order,
  (SELECT coalesce(array_agg(DISTINCT r.relname::text ORDER BY r.relname::text), '{}')
   FROM relation r WHERE r.relkind IN ('r', 'p') AND NOT r.relispartition) AS table_names,
  (SELECT coalesce(array_agg(DISTINCT s.nspname || '.' || p.proname ORDER BY s.nspname || '.' || p.proname), '{}')
   FROM pg_catalog.pg_proc p
   JOIN user_schema s ON s.oid = p.pronamespace
   WHERE NOT EXISTS (SELECT 1 FROM from_extension e
                     WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid)) AS function_names,
  (SELECT coalesce(array_agg(DISTINCT t.typname::text ORDER BY t.typname::text), '{}')
   FROM pg_catalog.pg_type t
   JOIN user_schema s ON s.oid = t.typnamespace
   WHERE t.typtype = 'e'
     AND NOT EXISTS (SELECT 1 FROM from_extension e
                     WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid)) AS enum_names
