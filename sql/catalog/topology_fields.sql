-- The fields of a snapshot that say where things are (server, schemas, relations, enum types,
-- foreign servers): catalog/snapshot's first and catalog/topology's only. A list of
-- json_build_object's arguments, put in place by src/sql.ts ("--#include catalog/topology_fields").
  'server', (
    SELECT json_build_object(
      'version', version(),
      'versionNum', current_setting('server_version_num')::int,
      'database', current_database(),
      'currentUser', current_user,
      'superuser', coalesce(r.rolsuper, false),
      'bypassRls', coalesce(r.rolbypassrls, false),
      'readOnly', current_setting('transaction_read_only') = 'on',
      'lockTimeout', current_setting('lock_timeout'),
      'statementTimeout', current_setting('statement_timeout'),
      -- the same cluster, database and running server: two URLs that reach this one database
      'identity', (SELECT c.system_identifier::text FROM pg_catalog.pg_control_system() c)
                  || '/' || (SELECT d.oid::text FROM pg_catalog.pg_database d WHERE d.datname = current_database())
                  || '/' || current_database()
                  || '/' || extract(epoch FROM pg_catalog.pg_postmaster_start_time())::text,
      'inRecovery', pg_catalog.pg_is_in_recovery(),
      'now', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'searchPath', current_setting('search_path'),
      'ssl', coalesce((SELECT s.ssl FROM pg_catalog.pg_stat_ssl s WHERE s.pid = pg_catalog.pg_backend_pid()), false))
    FROM (SELECT 1) one
    LEFT JOIN pg_catalog.pg_roles r ON r.rolname = current_user
  ),
  'schemas', (SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]') FROM user_schema),
  'schemaRelationCounts', (
    SELECT coalesce(json_object_agg(s.nspname, s.n), '{}')
    FROM (
      SELECT us.nspname, count(c.oid) AS n
      FROM user_schema us
      LEFT JOIN pg_catalog.pg_class c
        ON c.relnamespace = us.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
      GROUP BY us.nspname
    ) s
  ),
  -- Each list below is json_agg over one row per object (LATERAL, flattened by the planner) rather
  -- than json_build_object per object: half the work per value on the server, and fewer bytes.
  'relations', (
    SELECT coalesce(json_agg(o ORDER BY r.qname), '[]')
    FROM rel r
    LEFT JOIN parent pa ON pa.child = r.oid
    LEFT JOIN published pub ON pub.oid = r.oid
    CROSS JOIN LATERAL (SELECT
      r.nspname AS "schema",
      r.relname AS "name",
      CASE r.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned' WHEN 'v' THEN 'view'
                     WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign' ELSE 'other' END AS "kind",
      pg_catalog.pg_get_userbyid(r.relowner) AS "owner",
      r.relrowsecurity AS "rlsEnabled",
      r.relforcerowsecurity AS "rlsForced",
      r.reltuples::bigint AS "estimatedRows",
      -- relpages, not pg_total_relation_size(): that takes a lock, and verify must not wait
      -- behind a migration holding ACCESS EXCLUSIVE on the table it is looking at.
      r.relpages::bigint * current_setting('block_size')::bigint AS "sizeBytes",
      pa.qname AS "partitionOf",
      pg_catalog.pg_get_expr(r.relpartbound, r.oid) AS "partitionBound",
      CASE WHEN r.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(r.oid) END AS "partitionKey",
      CASE r.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
                          WHEN 'i' THEN 'index' END AS "replicaIdentity",
      -- logical replication (Supabase Realtime): the publications that publish it
      coalesce(pub.names, '[]') AS "publications"
    ) o
  ),
  'enums', (
    SELECT coalesce(json_agg(json_build_object(
      'schema', s.nspname,
      'name', t.typname,
      'labels', (SELECT coalesce(json_agg(e.enumlabel ORDER BY e.enumsortorder), '[]')
                 FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
    ) ORDER BY s.nspname, t.typname), '[]')
    FROM pg_catalog.pg_type t
    JOIN user_schema s ON s.oid = t.typnamespace
    WHERE t.typname = ANY ($3::text[]) AND t.typtype = 'e'
  ),
  'foreignServers', (
    SELECT coalesce(json_agg(json_build_object(
      'name', fs.srvname,
      'wrapper', w.fdwname,
      'host', (SELECT substr(o, 6) FROM unnest(fs.srvoptions) o WHERE o LIKE 'host=%' LIMIT 1),
      'port', (SELECT substr(o, 6) FROM unnest(fs.srvoptions) o WHERE o LIKE 'port=%' LIMIT 1),
      'dbname', (SELECT substr(o, 8) FROM unnest(fs.srvoptions) o WHERE o LIKE 'dbname=%' LIMIT 1),
      'userMappings', (SELECT coalesce(json_agg(um.usename ORDER BY um.usename), '[]')
                       FROM pg_catalog.pg_user_mappings um WHERE um.srvid = fs.oid)
    ) ORDER BY fs.srvname), '[]')
    FROM pg_catalog.pg_foreign_server fs
    JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = fs.srvfdw
  )
