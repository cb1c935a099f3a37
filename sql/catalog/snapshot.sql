-- The one introspection query: everything the checks need about one database, as one JSON
-- document (a Snapshot, see src/core/snapshot.ts), in one round trip. verify reads SPP with
-- catalog/topology, this query's first fields alone.
-- $1 text[]  relation names (unqualified; found in any user schema, plus their partitions)
-- $2 text[]  functions as 'schema.name'
-- $3 text[]  enum type names (unqualified)
-- $4 text[]  role names: the roles clients act as (anon, authenticated)
-- $5 int     row cap when counting the catch-all partition of a table partitioned by RANGE on one timestamptz
-- $6 text    the application's role (--as), or NULL: its standing is read beside the connection's,
--            and what it reaches beside what $4 reach
-- $7 text[]  the 0024 tables' names (unqualified): their partitions, views and default privileges
-- Also read: a migration tool's ledger table, wherever one is (its first 10000 rows).
-- Scoped by name so that a catalog with thousands of unrelated tables costs index lookups only.
-- A CTE read in one place only is MATERIALIZED: planned once as it is, rather than inlined and
-- planned again with its reader (3% less server CPU on a new connection; the same result).
WITH
--#include catalog/scope
,
-- the roles, read once: the pg_roles view joined anew at each use costs the planner more than the read
role_attr AS MATERIALIZED (
  SELECT r.oid, r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin FROM pg_catalog.pg_roles r
),
-- relations whose own definition matters (partitions inherit theirs from the parent)
top_rel AS (
  SELECT * FROM rel WHERE NOT relispartition
),
trig AS (
  SELECT t.*, r.qname, pg_catalog.pg_get_triggerdef(t.oid) AS definition
  FROM pg_catalog.pg_trigger t
  JOIN top_rel r ON r.oid = t.tgrelid
  WHERE NOT t.tgisinternal
),
func AS (
  SELECT p.oid, s.nspname, p.proname, p.prolang, p.provolatile, p.prosecdef, p.proconfig,
         p.prosrc, p.proowner, p.proacl, p.prokind, p.proisstrict, p.proleakproof, p.proparallel,
         pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace s ON s.oid = p.pronamespace
  WHERE p.oid IN (
    -- by name through pg_proc's index (the name after the schema's dot, or after the last dot),
    -- then the whole "schema.name" compared: no scan of every function in the catalog
    SELECT fp.oid
    FROM unnest($2::text[]) wanted(qname)
    JOIN pg_catalog.pg_proc fp
      ON fp.proname IN (substr(wanted.qname, strpos(wanted.qname, '.') + 1), regexp_replace(wanted.qname, '^.*\.', ''))
    JOIN pg_catalog.pg_namespace fs ON fs.oid = fp.pronamespace AND fs.nspname || '.' || fp.proname = wanted.qname
    UNION
    SELECT tgfoid FROM trig
  )
),
catch_all AS (
  -- key: the parent's partition key, its one column (0024's created_at, or a set's own)
  SELECT r.oid, r.nspname, r.relname, r.qname, key.attname AS key
  FROM rel r
  JOIN parent pa ON pa.child = r.oid
  JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = pa.parent_oid AND pt.partstrat = 'r' AND pt.partnatts = 1
  JOIN pg_catalog.pg_attribute key ON key.attrelid = pt.partrelid AND key.attnum = pt.partattrs[0]
    AND key.atttypid = 'pg_catalog.timestamptz'::pg_catalog.regtype
  WHERE r.relispartition
    AND pg_catalog.pg_get_expr(r.relpartbound, r.oid) LIKE '%TO (MAXVALUE)'
    AND pg_catalog.has_table_privilege(r.oid, 'SELECT')
  ORDER BY r.relname
  LIMIT 1
),
-- the 0024 tables themselves, wherever they were created
migration_rel AS (
  SELECT r.oid, r.qname, r.relname, r.relkind, r.relowner, r.relnamespace, r.relrowsecurity, r.relforcerowsecurity
  FROM rel r
  WHERE r.relname = ANY ($7::text[]) AND NOT r.relispartition AND r.relkind IN ('r', 'p')
),
-- every partition under them, at any depth: read directly, the parent's policies do not apply
-- (name and owner looked up by OID, partition by partition: a join would hash all of pg_class)
partition_path AS (
  SELECT m.oid AS source_oid, t.relid AS oid,
         (SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = t.relid) AS qname,
         (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = t.relid) AS relowner
  FROM migration_rel m, pg_catalog.pg_partition_tree(m.oid) t
  WHERE t.relid <> m.oid
),
-- partitions maintain archive detached and renamed <table>_<month>_archived: their rows, no policy
archived_path AS MATERIALIZED (
  SELECT c.oid, m.oid AS source_oid
  FROM migration_rel m
  JOIN pg_catalog.pg_class c
    ON c.relnamespace = m.relnamespace AND c.relkind = 'r' AND NOT c.relispartition
   AND c.relname LIKE replace(m.relname, '_', '\_') || '\_%\_archived'
   -- the same names as a range of the name index ('`' follows '_'): no scan of every table
   AND c.relname >= (m.relname || '_') COLLATE "C" AND c.relname < (m.relname || '`') COLLATE "C"
  WHERE m.relkind = 'p'
),
-- views and materialized views reading a 0024 table or a partition, directly or through other
-- views. reads_as: the role whose rights reach the rows (a view that is not security_invoker
-- reads as its owner, the innermost such view decides); NULL: the caller's own.
view_path AS MATERIALIZED (
  WITH RECURSIVE reader AS (
    -- depth 0: the tables and partitions themselves; each step up: the views that read the last
    SELECT src.oid, src.source_oid, src.part_oid, false AS via_copy, NULL::oid AS reads_as, 0 AS depth
    FROM (SELECT oid, oid AS source_oid, NULL::oid AS part_oid FROM migration_rel
          UNION ALL
          SELECT oid, source_oid, oid FROM partition_path) src
    UNION
    SELECT v.oid, r.source_oid, r.part_oid, r.via_copy OR v.relkind = 'm',
           coalesce(r.reads_as, CASE WHEN v.relkind = 'm' OR NOT invoker.on THEN v.relowner END), r.depth + 1
    FROM reader r
    JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = r.oid
                               AND d.classid = 'pg_catalog.pg_rewrite'::regclass
    JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid AND rw.ev_class <> r.oid
    JOIN pg_catalog.pg_class v ON v.oid = rw.ev_class AND v.relkind IN ('v', 'm')
    CROSS JOIN LATERAL (SELECT coalesce(bool_or(o ~* '^security_invoker=(true|on|yes|1)$'), false) AS on
                        FROM unnest(v.reloptions) o) invoker
    WHERE r.depth < 8
  )
  -- one row per view and table: the path that escapes the policies, when one does
  SELECT DISTINCT ON (x.oid, x.source_oid) x.oid, x.source_oid, x.reads_as, x.unfiltered_because
  FROM (
    SELECT r.oid, r.source_oid, r.reads_as,
           CASE WHEN r.reads_as IS NULL THEN NULL
                WHEN r.via_copy THEN 'materialized view'
                WHEN ro.rolsuper THEN 'superuser'
                WHEN ro.rolbypassrls THEN 'BYPASSRLS'
                WHEN EXISTS (SELECT 1 FROM role_attr b
                             WHERE b.rolname = 'neon_superuser' AND b.rolbypassrls AND pg_catalog.pg_has_role(ro.oid, b.oid, 'USAGE'))
                  THEN 'BYPASSRLS'
                WHEN r.part_oid IS NOT NULL AND NOT p.relrowsecurity THEN 'partition'
                WHEN pg_catalog.pg_has_role(ro.oid, m.relowner, 'USAGE') AND NOT m.relforcerowsecurity THEN 'owner'
           END AS unfiltered_because
    FROM reader r
    JOIN migration_rel m ON m.oid = r.source_oid
    LEFT JOIN pg_catalog.pg_class p ON p.oid = r.part_oid
    LEFT JOIN role_attr ro ON ro.oid = r.reads_as
    WHERE r.depth > 0
  ) x
  ORDER BY x.oid, x.source_oid, x.unfiltered_because IS NULL, x.reads_as IS NULL
),
-- the roles clients reach the database as: anon, authenticated and the application's role (--as).
-- A superuser is left out: it holds every privilege, and RLS006 says so.
client_role AS MATERIALIZED (
  SELECT ro.oid, ro.rolname::text AS rolname
  FROM role_attr ro
  WHERE (ro.rolname = ANY ($4::text[]) OR ro.rolname = $6::text) AND NOT ro.rolsuper
),
-- every role whose privileges a client role has (itself, and what it is a member of with
-- INHERIT, at any depth: as has_table_privilege resolves them), by the shortest chain of
-- memberships; 'public' stands for PUBLIC, whose privileges every role has
client_reach AS MATERIALIZED (
  SELECT DISTINCT ON (w.root, w.reached) w.root_name, w.reached, w.chain
  FROM (
    WITH RECURSIVE walk AS (
      SELECT cr.oid AS root, cr.rolname AS root_name, cr.oid AS reached, ARRAY[cr.rolname] AS chain
      FROM client_role cr
      UNION ALL
      SELECT w.root, w.root_name, m.roleid, w.chain || pg_catalog.pg_get_userbyid(m.roleid)::text
      FROM walk w
      JOIN pg_catalog.pg_auth_members m ON m.member = w.reached
      WHERE pg_catalog.pg_has_role(w.reached, m.roleid, 'USAGE') AND cardinality(w.chain) < 16
    )
    SELECT * FROM walk
  ) w
  ORDER BY w.root, w.reached, cardinality(w.chain), w.chain
),
reacher AS (
  SELECT root_name, reached, chain FROM client_reach
  UNION ALL
  SELECT 'public', 0::oid, ARRAY['public']
),
row_path AS MATERIALIZED (
  SELECT pp.oid, pp.source_oid, 'partition' AS kind, NULL::oid AS reads_as, NULL::text AS unfiltered_because
  FROM partition_path pp
  UNION ALL
  SELECT ap.oid, ap.source_oid, 'archived partition', NULL, NULL
  FROM archived_path ap
  UNION ALL
  SELECT vp.oid, vp.source_oid, CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
         vp.reads_as, vp.unfiltered_because
  FROM view_path vp
  JOIN pg_catalog.pg_class c ON c.oid = vp.oid
),
-- a migration tool's ledger (schema_migrations, knex_migrations, flyway_schema_history…): which
-- migrations it says ran, judged against the objects they create (--migrations)
ledger_table AS MATERIALIZED (
  SELECT c.oid, s.nspname, c.relname
  FROM pg_catalog.pg_class c
  JOIN user_schema s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    -- the privilege asked of the tables so named only, not of every table
    AND CASE WHEN c.relname ~ '(^|_)migrations$' OR c.relname = 'flyway_schema_history'
             THEN pg_catalog.has_table_privilege(c.oid, 'SELECT') ELSE false END
),
catch_all_month AS MATERIALIZED (
  SELECT ca.qname, x.month, x.rows
  FROM catch_all ca,
  LATERAL XMLTABLE('/table/row' PASSING pg_catalog.query_to_xml(
    format('SELECT to_char(date_trunc(''month'', %I AT TIME ZONE ''UTC''), ''YYYY-MM'') AS month,'
           ' count(*) AS rows FROM (SELECT %I FROM %I.%I LIMIT %s) capped GROUP BY 1 ORDER BY 1',
           ca.key, ca.key, ca.nspname, ca.relname, $5::int + 1),
    false, false, '') COLUMNS month text, rows bigint) x
)
SELECT json_build_object(
--#include catalog/topology_fields
  ,
  -- Each list below, as topology_fields' relations, is json_agg over one row per object (its comment says why).
  'columns', (
    SELECT coalesce(json_agg(o ORDER BY r.qname, a.attnum), '[]')
    FROM top_rel r
    JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    CROSS JOIN LATERAL (SELECT
      r.qname AS "relation",
      a.attname AS "name",
      a.attnum AS "position",
      pg_catalog.format_type(a.atttypid, a.atttypmod) AS "type",
      a.attnotnull AS "notNull",
      pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "default",
      -- only a collation other than the type's own: the default is not written in a migration
      CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN
        (SELECT co.collname FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END AS "collation",
      CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS "identity",
      CASE a.attgenerated WHEN 's' THEN 'STORED' WHEN 'v' THEN 'VIRTUAL' END AS "generated"
    ) o
  ),
  'constraints', (
    SELECT coalesce(json_agg(o ORDER BY r.qname, con.conname), '[]')
    FROM top_rel r
    JOIN pg_catalog.pg_constraint con ON con.conrelid = r.oid
    LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid AND con.contype = 'f'
    LEFT JOIN pg_catalog.pg_namespace fs ON fs.oid = fc.relnamespace
    CROSS JOIN LATERAL (SELECT
      r.qname AS "relation",
      con.conname AS "name",
      CASE con.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'c' THEN 'check'
                       WHEN 'f' THEN 'foreign key' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger'
                       ELSE 'not null' END AS "kind",
      pg_catalog.pg_get_constraintdef(con.oid) AS "definition",
      (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
       FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS "columns",
      fs.nspname || '.' || fc.relname AS "fkTarget",
      CASE WHEN con.confkey IS NULL THEN '[]'::json ELSE
        (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
         FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) END AS "fkTargetColumns",
      CASE WHEN con.contype = 'f' THEN
        CASE con.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade'
                             WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END END AS "onDelete",
      con.convalidated AS "validated",
      con.condeferrable AS "deferrable",
      con.condeferred AS "deferred",
      NOT con.conislocal AS "inherited"
    ) o
    WHERE con.contype <> 'n'
  ),
  'indexes', (
    SELECT coalesce(json_agg(o ORDER BY r.qname, ic.relname), '[]')
    FROM top_rel r
    JOIN pg_catalog.pg_index i ON i.indrelid = r.oid
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    LEFT JOIN pg_catalog.pg_am am ON am.oid = ic.relam
    CROSS JOIN LATERAL (SELECT
      r.qname AS "relation",
      ic.relname AS "name",
      pg_catalog.pg_get_indexdef(i.indexrelid) AS "definition",
      pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS "predicate",
      am.amname AS "method",
      i.indisunique AS "unique",
      i.indisprimary AS "primary",
      i.indisvalid AS "valid",
      (SELECT con.conname FROM pg_catalog.pg_constraint con
       WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
       LIMIT 1) AS "constraint",
      (SELECT json_agg(a.attname ORDER BY k.ord)
       FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
       LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
       WHERE k.ord <= i.indnkeyatts) AS "columns"
    ) o
  ),
  'policies', (
    SELECT coalesce(json_agg(o ORDER BY r.qname, p.polname), '[]')
    FROM top_rel r
    JOIN pg_catalog.pg_policy p ON p.polrelid = r.oid
    CROSS JOIN LATERAL (SELECT
      r.qname AS "relation",
      p.polname AS "name",
      CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS "command",
      p.polpermissive AS "permissive",
      (SELECT coalesce(json_agg(CASE WHEN ro.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(ro.oid) END
                                ORDER BY 1), '[]')
       FROM unnest(p.polroles) ro(oid)) AS "roles",
      pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS "using",
      pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS "withCheck"
    ) o
  ),
  'functions', (
    SELECT coalesce(json_agg(o ORDER BY f.nspname, f.proname, f.oid), '[]')
    FROM func f
    JOIN pg_catalog.pg_language l ON l.oid = f.prolang
    CROSS JOIN LATERAL (SELECT
      f.nspname AS "schema",
      f.proname AS "name",
      f.identity_args AS "identityArgs",
      pg_catalog.pg_get_function_arguments(f.oid) AS "arguments",
      pg_catalog.pg_get_function_result(f.oid) AS "returns",
      l.lanname AS "language",
      CASE f.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS "volatility",
      f.prosecdef AS "securityDefiner",
      f.proisstrict AS "strict",
      f.proleakproof AS "leakproof",
      CASE f.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END AS "parallel",
      f.proconfig AS "config",
      f.prosrc AS "body",
      CASE WHEN f.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(f.oid) END AS "definition",
      pg_catalog.pg_get_userbyid(f.proowner) AS "owner"
    ) o
  ),
  'triggers', (
    SELECT coalesce(json_agg(o ORDER BY t.qname, t.tgname), '[]')
    FROM trig t
    LEFT JOIN func tf ON tf.oid = t.tgfoid
    CROSS JOIN LATERAL (SELECT
      t.qname AS "relation",
      t.tgname AS "name",
      CASE WHEN t.tgtype & 2 <> 0 THEN 'BEFORE' WHEN t.tgtype & 64 <> 0 THEN 'INSTEAD OF' ELSE 'AFTER' END AS "timing",
      (SELECT coalesce(json_agg(e.name ORDER BY e.ord), '[]')
       FROM (VALUES (4, 'INSERT', 1), (16, 'UPDATE', 2), (8, 'DELETE', 3), (32, 'TRUNCATE', 4)) e(bit, name, ord)
       WHERE t.tgtype & e.bit <> 0) AS "events",
      CASE WHEN cardinality(t.tgattr::int2[]) = 0 THEN '[]'::json ELSE
        (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
         FROM unnest(t.tgattr::int2[]) WITH ORDINALITY k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum) END AS "updateOf",
      CASE WHEN t.tgtype & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END AS "level",
      -- the WHEN condition as pg_get_triggerdef prints it (tgqual has no deparser of its own)
      CASE WHEN t.tgqual IS NOT NULL THEN
        substring(t.definition FROM ' WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) ') END AS "when",
      CASE WHEN t.tgnargs > 0 THEN
        to_json((string_to_array(encode(t.tgargs, 'escape'), '\000'))[1:t.tgnargs]) ELSE '[]' END AS "arguments",
      tf.nspname || '.' || tf.proname AS "function",
      CASE t.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                       ELSE 'always' END AS "enabled",
      t.definition AS "definition",
      t.tgparentid <> 0 AS "inherited"
    ) o
  ),
  'grants', (
    SELECT coalesce(json_agg(json_build_object(
      'object', g.object, 'objectKind', g.kind, 'grantee', g.grantee, 'privileges', g.privileges
    ) ORDER BY g.kind, g.object, g.grantee), '[]')
    FROM (
      SELECT x.object, x.kind,
             CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(x.grantee) END AS grantee,
             json_agg(DISTINCT x.privilege_type) AS privileges
      FROM (
        SELECT r.qname AS object, 'relation' AS kind, a.grantee, a.privilege_type
        FROM top_rel r, aclexplode(coalesce(r.relacl, acldefault('r', r.relowner))) a
        UNION ALL
        SELECT f.nspname || '.' || f.proname || '(' || f.identity_args || ')',
               'function', a.grantee, a.privilege_type
        FROM func f, aclexplode(coalesce(f.proacl, acldefault('f', f.proowner))) a
        WHERE f.nspname <> 'pg_catalog'
        UNION ALL
        SELECT s.nspname, 'schema', a.grantee, a.privilege_type
        FROM user_schema s, aclexplode(coalesce(s.nspacl, acldefault('n', s.nspowner))) a
        WHERE s.nspname IN ('public', 'auth')
      ) x
      GROUP BY x.object, x.kind, x.grantee
    ) g
  ),
  'roles', (
    SELECT coalesce(json_agg(json_build_object(
      'name', r.rolname, 'canLogin', r.rolcanlogin, 'superuser', r.rolsuper, 'bypassRls', r.rolbypassrls
    ) ORDER BY r.rolname), '[]')
    FROM role_attr r
    WHERE r.rolname = ANY ($4::text[]) OR r.rolname = current_user
  ),
  'extensions', (
    SELECT coalesce(json_agg(json_build_object(
      'name', e.extname, 'version', e.extversion, 'schema', s.nspname
    ) ORDER BY e.extname), '[]')
    FROM pg_catalog.pg_extension e
    JOIN pg_catalog.pg_namespace s ON s.oid = e.extnamespace
  ),
  'rowPaths', (
    SELECT coalesce(json_agg(json_build_object(
      'relation', n.nspname || '.' || c.relname,
      'kind', rp.kind,
      'owner', pg_catalog.pg_get_userbyid(c.relowner),
      'source', m.qname,
      'rlsEnabled', c.relrowsecurity,
      'rlsForced', c.relforcerowsecurity,
      'securityInvoker', coalesce((SELECT bool_or(o ~* '^security_invoker=(true|on|yes|1)$') FROM unnest(c.reloptions) o), false),
      'readsAs', CASE WHEN rp.reads_as IS NOT NULL THEN pg_catalog.pg_get_userbyid(rp.reads_as) END,
      'unfilteredBecause', rp.unfiltered_because,
      'grants', (
        SELECT coalesce(json_agg(json_build_object('grantee', g.grantee, 'privileges', g.privileges) ORDER BY g.grantee), '[]')
        FROM (
          SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
                 json_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges
          FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
          WHERE a.grantee <> c.relowner
          GROUP BY a.grantee
        ) g
      ),
      -- what each client role (and PUBLIC) can do with it, and through what: a grant on it or on
      -- some of its columns to a role whose privileges it has, its ownership, or a predefined role
      -- that reads or writes every table
      'access', (
        SELECT coalesce(json_agg(json_build_object(
          'role', x.role, 'through', x.through, 'grantee', x.grantee, 'chain', x.chain,
          'privileges', x.privileges, 'columns', x.columns
        ) ORDER BY x.role, x.through, x.grantee, x.chain, x.privileges, x.columns), '[]')
        FROM (
          SELECT y.role, CASE WHEN y.columns IS NULL THEN 'grant' ELSE 'column grant' END AS through,
                 y.grantee, y.chain, array_agg(y.privilege_type ORDER BY y.privilege_type) AS privileges, y.columns
          FROM (
            SELECT r.root_name AS role,
                   CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(e.grantee)::text END AS grantee,
                   r.chain, e.privilege_type,
                   CASE WHEN e.attnum IS NOT NULL THEN array_agg(e.attname::text ORDER BY e.attnum) END AS columns
            FROM (
              SELECT a.grantee, a.privilege_type, NULL::int2 AS attnum, NULL::name AS attname
              FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
              UNION ALL
              SELECT a.grantee, a.privilege_type, att.attnum, att.attname
              FROM pg_catalog.pg_attribute att, aclexplode(att.attacl) a
              WHERE att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped
            ) e
            JOIN reacher r ON r.reached = e.grantee
            WHERE e.grantee <> c.relowner
            GROUP BY r.root_name, e.grantee, r.chain, e.privilege_type, e.attnum IS NOT NULL
          ) y
          GROUP BY y.role, y.grantee, y.chain, y.columns
          UNION ALL
          -- the owner has every privilege, and so has a role that has the owner's
          SELECT r.root_name, 'owner', pg_catalog.pg_get_userbyid(c.relowner)::text, r.chain, ARRAY[]::text[], NULL
          FROM reacher r
          WHERE r.reached = c.relowner
          UNION ALL
          -- predefined roles (PostgreSQL 14+) whose members read or write every table
          SELECT r.root_name, 'predefined role', p.rolname::text, r.chain,
                 CASE p.rolname WHEN 'pg_read_all_data' THEN ARRAY['SELECT'] ELSE ARRAY['DELETE', 'INSERT', 'UPDATE'] END,
                 NULL
          FROM reacher r
          JOIN role_attr p ON p.oid = r.reached
          WHERE p.rolname IN ('pg_read_all_data', 'pg_write_all_data')
        ) x
      )
    ) ORDER BY m.qname, rp.kind, n.nspname, c.relname), '[]')
    FROM row_path rp
    JOIN pg_catalog.pg_class c ON c.oid = rp.oid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN migration_rel m ON m.oid = rp.source_oid
  ),
  -- what a table created later (a new partition) gets: schema-wide and global defaults
  'defaultPrivileges', (
    SELECT coalesce(json_agg(json_build_object(
      'role', pg_catalog.pg_get_userbyid(d.defaclrole),
      'schema', n.nspname,
      'grantee', CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(a.grantee) END,
      'privileges', a.privileges
    ) ORDER BY pg_catalog.pg_get_userbyid(d.defaclrole), n.nspname NULLS FIRST, a.grantee), '[]')
    FROM pg_catalog.pg_default_acl d
    LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
    CROSS JOIN LATERAL (
      SELECT x.grantee, json_agg(x.privilege_type ORDER BY x.privilege_type) AS privileges
      FROM aclexplode(d.defaclacl) x
      WHERE x.grantee <> d.defaclrole
        AND (x.grantee = 0 OR pg_catalog.pg_get_userbyid(x.grantee) = ANY ($4::text[]))
      GROUP BY x.grantee
    ) a
    WHERE d.defaclobjtype = 'r'
      AND (d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT relnamespace FROM migration_rel))
  ),
  'roleStandings', (
    SELECT coalesce(json_agg(json_build_object(
      'name', w.name,
      'exists', ro.oid IS NOT NULL,
      'isConnection', w.name = current_user,
      'superuser', coalesce(ro.rolsuper, false),
      'bypassRls', coalesce(ro.rolbypassrls, false),
      'bypassVia', (SELECT b.rolname FROM role_attr b
                    WHERE b.rolname = 'neon_superuser' AND b.rolbypassrls AND b.oid <> ro.oid
                      AND pg_catalog.pg_has_role(ro.oid, b.oid, 'USAGE')),
      'ownerOf', (SELECT coalesce(json_agg(o.qname ORDER BY o.qname), '[]')
                  FROM (SELECT m.qname, m.relowner FROM migration_rel m
                        UNION ALL
                        SELECT pp.qname, pp.relowner FROM partition_path pp) o
                  WHERE ro.oid IS NOT NULL AND pg_catalog.pg_has_role(ro.oid, o.relowner, 'USAGE')),
      -- most specific first: this role in this database, this role, this database
      'loginSettings', (SELECT coalesce(json_agg(cfg ORDER BY s.setrole <> 0 DESC, s.setdatabase <> 0 DESC, k.n), '[]')
                        FROM pg_catalog.pg_db_role_setting s, unnest(s.setconfig) WITH ORDINALITY k(cfg, n)
                        WHERE s.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()))
                          AND s.setrole IN (0, coalesce(ro.oid, 0)))
    ) ORDER BY w.name <> current_user, w.name), '[]')
    FROM (SELECT current_user::text AS name UNION SELECT $6::text WHERE $6::text IS NOT NULL) w
    LEFT JOIN role_attr ro ON ro.rolname = w.name
  ),
  'ledgers', (
    SELECT coalesce(json_agg(json_build_object(
      'relation', l.nspname || '.' || l.relname,
      'columns', (SELECT coalesce(json_agg(a.attname ORDER BY a.attnum), '[]')
                  FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = l.oid AND a.attnum > 0 AND NOT a.attisdropped),
      'rows', (SELECT coalesce(json_agg(x.r::json), '[]')
               FROM XMLTABLE('/table/row' PASSING pg_catalog.query_to_xml(
                 format('SELECT row_to_json(t)::text AS r FROM %I.%I t LIMIT 10000', l.nspname, l.relname),
                 false, false, '') COLUMNS r text) x)
    ) ORDER BY l.nspname, l.relname), '[]')
    FROM ledger_table l
  ),
  'catchAll', (
    SELECT json_build_object(
      'partition', ca.qname,
      'counted', least(coalesce(sum(m.rows), 0), $5::int),
      'capped', coalesce(sum(m.rows), 0) > $5::int,
      'byMonth', coalesce(json_agg(json_build_object('month', m.month, 'rows', m.rows) ORDER BY m.month)
                          FILTER (WHERE m.month IS NOT NULL), '[]'))
    FROM catch_all ca
    LEFT JOIN catch_all_month m ON m.qname = ca.qname
    GROUP BY ca.qname
  )
) AS snapshot
