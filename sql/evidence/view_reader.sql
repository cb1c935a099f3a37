-- The view: its owner (whose rights read the tables unless security_invoker is set), options, grants and query.
SELECT c.relkind, pg_get_userbyid(c.relowner) AS owner, c.reloptions,
       (SELECT array_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type)
        FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a) AS grants,
       pg_get_viewdef(c.oid) AS query
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'schema' AND c.relname = :'table';
