-- The relation, its kind (r table, p partitioned, v view, f foreign) and RLS flags.
SELECT n.nspname AS schema, c.relname AS name, c.relkind, c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = :'name' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY n.nspname;
