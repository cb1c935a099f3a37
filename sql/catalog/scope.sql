-- The relations a snapshot reads, with their partitions, parents and publications: a list of
-- CTEs that catalog/snapshot and catalog/topology both begin with (src/sql.ts puts this file
-- where a file says "--#include catalog/scope"). $1: the relation names. parent and published
-- are MATERIALIZED, as catalog/snapshot's CTEs read in one place: planned once as written.
user_schema AS (
  SELECT n.oid, n.nspname, n.nspowner, n.nspacl
  FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
),
root_rel AS (
  SELECT c.oid
  FROM pg_catalog.pg_class c
  JOIN user_schema s ON s.oid = c.relnamespace
  WHERE c.relname = ANY ($1::text[])
    AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
),
rel AS (
  SELECT c.oid, s.nspname, c.relname, c.relkind, c.relowner, c.relnamespace, c.relacl, c.relispartition,
         c.relrowsecurity, c.relforcerowsecurity, c.reltuples, c.relpages, c.relpartbound, c.relreplident,
         s.nspname || '.' || c.relname AS qname
  FROM pg_catalog.pg_class c
  JOIN user_schema s ON s.oid = c.relnamespace
  WHERE c.oid IN (
    SELECT oid FROM root_rel
    UNION
    SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent IN (SELECT oid FROM root_rel)
  )
),
parent AS MATERIALIZED (
  SELECT i.inhrelid AS child, p.nspname || '.' || pc.relname AS qname, pc.oid AS parent_oid
  FROM pg_catalog.pg_inherits i
  JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
  JOIN user_schema p ON p.oid = pc.relnamespace
  WHERE i.inhrelid IN (SELECT oid FROM rel)
),
-- the publications of each relation, read once: pg_publication_tables' own rows (the function it
-- is made of, publication by publication), joined by OID rather than through the view's names
published AS MATERIALIZED (
  SELECT r.oid, json_agg(p.pubname ORDER BY p.pubname) AS names
  FROM pg_catalog.pg_publication p
  CROSS JOIN LATERAL pg_catalog.pg_get_publication_tables(p.pubname) pt
  JOIN rel r ON r.oid = pt.relid
  GROUP BY r.oid
)
