-- Syncs completed in the last $1 minutes, newest first, with their final status.
SELECT org_id, sync_id, :entity AS entity_type, processed_count, :failed AS failed_count, total_items,
       (extract(epoch FROM completed_at) * 1000)::bigint AS completed_at,
       :final_status AS final_status
FROM public.sync_progress
WHERE completed_at >= now() - make_interval(mins => $1::int)
ORDER BY completed_at DESC
LIMIT 20;
