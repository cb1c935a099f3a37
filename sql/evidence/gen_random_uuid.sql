-- gen_random_uuid() is built in from PostgreSQL 13; before that it comes from pgcrypto.
SELECT current_setting('server_version_num')::int AS version_num, to_regprocedure('gen_random_uuid()') AS function;
