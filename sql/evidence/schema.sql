-- Does the schema exist?
SELECT nspname FROM pg_namespace WHERE nspname = :'schema';
