-- What a step's backend ($1 pid) is waiting for, when it waits for a lock: the relation, and the
-- session that holds it (pg_blocking_pids, as pg_activity shows who blocks whom), with how long
-- that session's transaction has been open and how long the step has waited.
SELECT l.relation::regclass::text AS relation,
       b.pid AS holder_pid, b.application_name AS holder_application, b.usename AS holder_user,
       (extract(epoch FROM clock_timestamp() - coalesce(b.xact_start, b.backend_start)) * 1000)::bigint AS held_ms,
       (extract(epoch FROM clock_timestamp() - w.state_change) * 1000)::bigint AS waited_ms
FROM pg_catalog.pg_stat_activity w
CROSS JOIN LATERAL unnest(pg_catalog.pg_blocking_pids(w.pid)) AS blocker(pid)
JOIN pg_catalog.pg_stat_activity b ON b.pid = blocker.pid
LEFT JOIN pg_catalog.pg_locks l ON l.pid = w.pid AND NOT l.granted AND l.locktype = 'relation'
WHERE w.pid = $1 AND w.wait_event_type = 'Lock'
ORDER BY b.xact_start NULLS LAST
LIMIT 1;
