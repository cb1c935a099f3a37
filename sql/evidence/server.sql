-- Who and what this session is.
SELECT version(), current_user, r.rolsuper, r.rolbypassrls, current_setting('transaction_read_only') AS read_only,
       pg_is_in_recovery() AS in_recovery
FROM pg_roles r WHERE r.rolname = current_user;
