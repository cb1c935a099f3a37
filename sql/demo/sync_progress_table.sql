-- The monitor's table, by identity: null until it exists; a new oid once it was dropped and made
-- again (a rollback, then a restore), which is when the demo starts a new workload.
SELECT to_regclass('public.sync_progress')::oid::text AS table_oid;
