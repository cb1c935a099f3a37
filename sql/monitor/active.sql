-- One tick of the monitor: the server clock, how many syncs are active, and the active syncs
-- updated since $1 (all of them when $1 is NULL), as compact arrays.
-- Active means completed_at IS NULL, which idx_sync_progress_active (… WHERE completed_at IS NULL)
-- serves. :failed, :entity, :source, :status and :still_running are fixed fragments chosen from
-- the columns the table really has (the drifted shape has a text status and no current_item).
WITH active AS (
  SELECT org_id, sync_id, :entity AS entity_type, :source AS source_system, :status AS status,
         processed_count, :failed AS failed_count, total_items, started_at, updated_at
  FROM public.sync_progress
  WHERE completed_at IS NULL :still_running
)
SELECT (extract(epoch FROM now()) * 1000)::bigint AS server_now,
       (SELECT count(*) FROM active) AS active_count,
       (SELECT coalesce(json_agg(json_build_array(
                  org_id, sync_id, entity_type, source_system, status, processed_count, failed_count, total_items,
                  (extract(epoch FROM started_at) * 1000)::bigint, (extract(epoch FROM updated_at) * 1000)::bigint)), '[]')
        FROM active
        WHERE $1::timestamptz IS NULL OR updated_at >= $1::timestamptz - interval '10 seconds') AS rows;
