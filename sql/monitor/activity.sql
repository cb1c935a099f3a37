-- The newest sync_activity_log entries of the last $1 minutes (bounded so partition pruning
-- keeps it to the newest partition).
SELECT (extract(epoch FROM created_at) * 1000)::bigint AS created_at, org_id, sync_id, action::text AS action,
       status::text AS status, record_count, error_message
FROM public.sync_activity_log
WHERE created_at >= now() - make_interval(mins => $1::int)
ORDER BY created_at DESC
LIMIT 12;
