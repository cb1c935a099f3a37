-- The newest entries of the activity log (:"activity", public.sync_activity_log for 0024) of the last $1 minutes (bounded so partition pruning
-- keeps it to the newest partition). created_at is epoch milliseconds as text, or 'infinity'.
SELECT CASE WHEN isfinite(created_at) THEN ((extract(epoch FROM created_at) * 1000)::bigint)::text
            ELSE created_at::text END AS created_at,
       org_id, sync_id, action::text AS action, status::text AS status, record_count, error_message
FROM :"activity"
WHERE created_at >= now() - make_interval(mins => $1::int)
ORDER BY created_at DESC
LIMIT 12;
