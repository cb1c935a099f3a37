-- Who holds mantis-sync-tui's advisory lock (a bigint key below 2^32: classid 0, objid = key).
SELECT a.pid, a.usename, a.application_name, host(a.client_addr) AS client_addr,
       to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' AS since
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1::bigint AND l.objsubid = 1
LIMIT 1;
