-- One tick of the monitor: the server clock, how many syncs are active, and the active syncs
-- updated since $1 (all of them when $1 is NULL; 3 s of slack for writers whose transaction
-- began before the last tick). Times are epoch milliseconds.
-- Active means completed_at IS NULL, which idx_sync_progress_active (… WHERE completed_at IS NULL)
-- serves. :failed, :entity, :source, :status and :still_running are fixed fragments chosen from
-- the columns the table really has (the drifted shape has a text status and no current_item).
WITH active AS (
  SELECT org_id, sync_id, :entity AS entity_type, :source AS source_system, :status AS status,
         processed_count, :failed AS failed_count, total_items, started_at, updated_at
  FROM public.sync_progress
  WHERE completed_at IS NULL :still_running
)
SELECT floor(date_part('epoch', now()) * 1000)::bigint AS server_now,
       (SELECT count(*) FROM active) AS active_count,
       -- One line per sync, tab-separated; text fields JSON-encoded (so no raw tab or newline in
       -- them). Half the server time of json_agg, and a tenth of the client's parsing.
       (SELECT string_agg(concat_ws(E'\t', org_id, to_json(sync_id), coalesce(to_json(entity_type)::text, 'null'),
                                    coalesce(to_json(source_system)::text, 'null'), coalesce(to_json(status)::text, 'null'),
                                    processed_count, failed_count, total_items,
                                    floor(date_part('epoch', started_at) * 1000), floor(date_part('epoch', updated_at) * 1000)), E'\n')
        FROM active
        WHERE $1::timestamptz IS NULL OR updated_at >= $1::timestamptz - interval '3 seconds') AS rows;
