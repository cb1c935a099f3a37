-- Who can reach the relation without its table's policies: per role, its owner's rights, the
-- privileges on the whole relation and those on single columns, as the server resolves them
-- through role membership; then every grant on it and on its columns.
SELECT r.rolname AS role,
       pg_has_role(r.oid, c.relowner, 'USAGE') AS has_owner_rights,
       array(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
             WHERE has_table_privilege(r.oid, c.oid, p)) AS table_privileges,
       array(SELECT p || ' (' || a.attname || ')'
             FROM pg_attribute a, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE']) p
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               AND has_column_privilege(r.oid, c.oid, a.attnum, p) AND NOT has_table_privilege(r.oid, c.oid, p)
             ORDER BY a.attnum) AS column_privileges,
       (SELECT array_agg(CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END || ':' || g.privilege_type)
        FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) g) AS grants,
       (SELECT array_agg(CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END || ':' || g.privilege_type || ' (' || a.attname || ')')
        FROM pg_attribute a, aclexplode(a.attacl) g
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_grants
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
WHERE n.nspname = :'schema' AND c.relname = :'table' AND r.rolname IN (:'roles')
ORDER BY 1;
