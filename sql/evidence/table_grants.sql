-- Privileges held on a table, per grantee.
SELECT a.grantee::regrole AS grantee, a.privilege_type
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
     aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
WHERE n.nspname = :'schema' AND c.relname = :'table'
ORDER BY 1, 2;
