-- Policies of a table: command, roles, USING and WITH CHECK.
SELECT policyname, permissive, cmd, roles, qual AS using, with_check
FROM pg_policies
WHERE schemaname = :'schema' AND tablename = :'table'
ORDER BY policyname;
