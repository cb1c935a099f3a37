-- One tick of the monitor, one scan: the server clock, how many syncs are active, and the active
-- syncs updated since $1 (all of them when $1 is NULL; 3 s of slack for writers whose
-- transaction began before the last tick). Active means completed_at IS NULL, which
-- idx_sync_progress_active (… WHERE completed_at IS NULL) serves. :failed, :entity, :source,
-- :status and :still_running are fixed fragments chosen from the columns the table really has
-- (the drifted shape has a text status and no current_item).
-- One line per sync, tab-separated, text fields JSON-encoded (no raw tab or newline in them;
-- NULL spelled null, which concat_ws would skip); times in epoch milliseconds. A third of the
-- server time of json_agg over a CTE, and a tenth of the client's parsing.
SELECT floor(date_part('epoch', now()) * 1000)::bigint AS server_now,
       count(*) AS active_count,
       string_agg(concat_ws(E'\t', org_id, to_json(sync_id), coalesce(to_json(:entity)::text, 'null'),
                            coalesce(to_json(:source)::text, 'null'), coalesce(to_json(:status)::text, 'null'),
                            processed_count, :failed, total_items,
                            floor(date_part('epoch', started_at) * 1000), floor(date_part('epoch', updated_at) * 1000)), E'\n')
         FILTER (WHERE $1::timestamptz IS NULL OR updated_at >= $1::timestamptz - interval '3 seconds') AS rows
FROM public.sync_progress
WHERE completed_at IS NULL :still_running;
