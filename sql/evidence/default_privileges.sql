-- What a table created later (a new partition) gets from ALTER DEFAULT PRIVILEGES, per creating role.
SELECT pg_get_userbyid(d.defaclrole) AS created_by, coalesce(n.nspname, '(every schema)') AS schema,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace,
     aclexplode(d.defaclacl) a
WHERE d.defaclobjtype = 'r' AND (n.nspname = :'schema' OR d.defaclnamespace = 0)
ORDER BY 1, 2, 3, 4;
