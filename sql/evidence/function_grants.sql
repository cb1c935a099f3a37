-- Who may execute the function (grantee 0 is PUBLIC).
SELECT p.oid::regprocedure AS function, a.grantee, a.grantee::regrole AS role, a.privilege_type
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
     aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
WHERE n.nspname = :'schema' AND p.proname = :'name'
ORDER BY 1, 3;
