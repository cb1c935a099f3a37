-- Syncs completed in the last $1 minutes, newest first, with their final status. completed_at is
-- epoch milliseconds as text, or 'infinity' (an epoch that does not fit a bigint): said as such.
SELECT org_id, sync_id, :entity AS entity_type, processed_count, :failed AS failed_count, total_items,
       CASE WHEN isfinite(completed_at) THEN ((extract(epoch FROM completed_at) * 1000)::bigint)::text
            ELSE completed_at::text END AS completed_at,
       :final_status AS final_status
FROM :"progress"
WHERE completed_at >= now() - make_interval(mins => $1::int)
ORDER BY completed_at DESC
LIMIT 20;
