-- One operator at a time: a transaction-scoped advisory lock on mantis-sync-tui's fixed key
-- (works through PgBouncer in transaction mode, unlike a session lock).
SELECT pg_try_advisory_xact_lock($1::bigint) AS locked;
