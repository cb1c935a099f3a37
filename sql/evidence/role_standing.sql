-- Whether row-level security filters the role: its attributes, and per table the owner and FORCE.
SELECT r.rolname, r.rolsuper, r.rolbypassrls,
       c.oid::regclass AS table_name, pg_get_userbyid(c.relowner) AS owner,
       pg_has_role(r.oid, c.relowner, 'USAGE') AS acts_as_owner,
       c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced
FROM pg_roles r, pg_class c
WHERE r.rolname = :'role' AND c.oid = ANY (ARRAY[:'tables']::regclass[])
ORDER BY 4;
