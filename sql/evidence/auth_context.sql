-- Where auth.uid() takes the user from, and the settings the role's sessions start with.
SELECT pg_get_functiondef('auth.uid()'::regprocedure) AS auth_uid;
SELECT coalesce(r.rolname, '(every role)') AS role, coalesce(d.datname, '(every database)') AS database, s.setconfig
FROM pg_db_role_setting s
LEFT JOIN pg_roles r ON r.oid = s.setrole
LEFT JOIN pg_database d ON d.oid = s.setdatabase
WHERE (r.rolname = :'role' OR s.setrole = 0) AND (d.datname = current_database() OR s.setdatabase = 0);
