-- One tick of the monitor, one scan: the server clock, how many syncs are active, and the active
-- syncs updated since $1 (all of them when $1 is NULL; 3 s of slack for writers whose
-- transaction began before the last tick). Active means completed_at IS NULL, which
-- idx_sync_progress_active (… WHERE completed_at IS NULL) serves. The :fragments are fixed,
-- chosen from the columns the table really has (the drifted shape has a text status and no
-- current_item); see tickSql in src/db/sample.ts.
-- One line per sync, tab-separated, in COPY's text format: the text fields (:org_text,
-- :sync_text, :entity_text, :source_text, :status_text) through monitor/copy_text (or
-- monitor/copy_plain where nothing needs escaping); counts never
-- NULL (concat_ws would skip a NULL and shift the fields after it); times in epoch milliseconds.
-- Cheaper on both sides than JSON: replace() calls here, one pass over the characters there.
SELECT floor(date_part('epoch', now()) * 1000)::bigint AS server_now,
       count(*) AS active_count,
       string_agg(concat_ws(E'\t', :org_text, :sync_text, :entity_text, :source_text, :status_text,
                            coalesce(processed_count, 0), coalesce(:failed, 0), coalesce(total_items, 0),
                            coalesce((date_part('epoch', started_at) * 1000)::bigint, 0),
                            coalesce((date_part('epoch', updated_at) * 1000)::bigint, 0)), E'\n')
         FILTER (WHERE $1::timestamptz IS NULL OR updated_at >= $1::timestamptz - interval '3 seconds') AS rows
FROM public.sync_progress
WHERE completed_at IS NULL :still_running;
