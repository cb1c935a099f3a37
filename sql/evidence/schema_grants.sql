-- Privileges on a schema (grantee 0 is PUBLIC).
SELECT n.nspname, a.grantee, a.grantee::regrole AS role, a.privilege_type
FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
WHERE n.nspname = :'schema'
ORDER BY 3, 4;
