-- Exactly what DROP … CASCADE of 0024's tables, enums or functions would also drop outside 0024:
-- views over the tables (named as views), other tables' foreign keys and policies, a single
-- column of another table typed with an enum (named as that column, not its table), functions
-- taking them. Our own members (partitions, indexes, constraints, triggers, policies, defaults)
-- are not listed. `blocker`: a column typed with a 0024 enum (or an array of one): the rollback's
-- DROP TYPE would fail on it (2BP01), and CASCADE would drop the column with its data. A view is
-- named as the view (with its definition, to re-create it), never as a column to retype.
-- The tool's own archived partitions ($4) are not dependents: the rollback exports and drops them.
-- `values`: for a blocker, how many of its rows hold a value in that column (what CASCADE would take).
-- $1 text[] tables and views, $2 text[] enum types, $3 text[] functions, $4 text[] archived partitions (all "schema.name")
WITH RECURSIVE
target AS (
  SELECT 'pg_class'::regclass::oid AS classid, c.oid AS objid
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname || '.' || c.relname = ANY ($1::text[])
  UNION ALL
  SELECT 'pg_class'::regclass::oid, i.inhrelid
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname || '.' || c.relname = ANY ($1::text[])
  UNION ALL
  SELECT 'pg_type'::regclass::oid, t.oid
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname || '.' || t.typname = ANY ($2::text[])
  UNION ALL
  -- arrays of the enums: a column of type sync_entity_type[] depends on the array type
  SELECT 'pg_type'::regclass::oid, t.typarray
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname || '.' || t.typname = ANY ($2::text[]) AND t.typarray <> 0
  UNION ALL
  SELECT 'pg_proc'::regclass::oid, p.oid
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname || '.' || p.proname = ANY ($3::text[])
),
dependent (classid, objid, objsubid, on_type, depth) AS (
  SELECT d.classid, d.objid, d.objsubid, d.refclassid = 'pg_type'::regclass, 1
  FROM pg_depend d JOIN target t ON t.classid = d.refclassid AND t.objid = d.refobjid
  WHERE d.deptype = 'n'
  UNION
  SELECT d.classid, d.objid, d.objsubid, false, x.depth + 1
  FROM pg_depend d JOIN dependent x ON x.classid = d.refclassid AND x.objid = d.refobjid
  -- what depends on a column is what goes with that column, not everything on its table
  WHERE d.deptype IN ('n', 'a') AND x.depth < 6 AND (x.objsubid = 0 OR d.refobjsubid = x.objsubid)
),
owned AS (
  SELECT x.classid, x.objid, x.objsubid, x.on_type,
         CASE x.classid
           WHEN 'pg_rewrite'::regclass THEN (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = x.objid)
           WHEN 'pg_constraint'::regclass THEN (SELECT nullif(c.conrelid, 0) FROM pg_constraint c WHERE c.oid = x.objid)
           WHEN 'pg_trigger'::regclass THEN (SELECT t.tgrelid FROM pg_trigger t WHERE t.oid = x.objid)
           WHEN 'pg_policy'::regclass THEN (SELECT p.polrelid FROM pg_policy p WHERE p.oid = x.objid)
           WHEN 'pg_attrdef'::regclass THEN (SELECT a.adrelid FROM pg_attrdef a WHERE a.oid = x.objid)
           WHEN 'pg_class'::regclass THEN coalesce((SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = x.objid), x.objid)
         END AS relid
  FROM dependent x
)
SELECT DISTINCT
       -- a view is reached through its rewrite rule or one of its columns: name the view, which
       -- CASCADE drops whole; a table's column as the column
       -- a table's column as column schema.table.column: the table's name first, where a narrow screen keeps it
       CASE WHEN o.classid = 'pg_rewrite'::regclass OR (o.classid = 'pg_class'::regclass AND c.relkind IN ('v', 'm'))
            THEN pg_describe_object('pg_class'::regclass, o.relid, 0)
            WHEN a.attname IS NOT NULL THEN 'column ' || n.nspname || '.' || c.relname || '.' || a.attname
            ELSE pg_describe_object(o.classid, o.objid, o.objsubid) END AS dependent,
       CASE WHEN o.relid IS NOT NULL THEN n.nspname || '.' || c.relname END AS relation,
       CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'r' THEN 'table'
                      WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' END AS relation_kind,
       CASE WHEN c.relkind IN ('v', 'm') THEN NULL ELSE a.attname END AS column_name,
       -- only a table's column keeps data that CASCADE would take: a view's enum column goes with the view
       (o.classid = 'pg_class'::regclass AND o.objsubid > 0 AND o.on_type AND c.relkind NOT IN ('v', 'm')) AS blocker,
       -- what re-creates a view CASCADE drops
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
       CASE WHEN o.classid = 'pg_class'::regclass AND o.objsubid > 0 AND o.on_type AND c.relkind NOT IN ('v', 'm')
            THEN (xpath('/row/n/text()', query_to_xml(format('SELECT count(%I) AS n FROM %I.%I', a.attname, n.nspname, c.relname), false, true, '')))[1]::text::bigint
       END AS "values"
FROM owned o
LEFT JOIN pg_class c ON c.oid = o.relid
LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON o.classid = 'pg_class'::regclass AND o.objsubid > 0 AND a.attrelid = o.objid AND a.attnum = o.objsubid
WHERE NOT EXISTS (SELECT 1 FROM target t WHERE t.classid = 'pg_class'::regclass AND t.objid = o.relid)
  AND NOT EXISTS (SELECT 1 FROM target t WHERE t.classid = o.classid AND t.objid = o.objid)
  AND NOT coalesce(n.nspname || '.' || c.relname = ANY ($4::text[]), false)
ORDER BY 2, 1;
