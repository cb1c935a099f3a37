-- One tick of the monitor, one statement (one snapshot): a first row with the server clock and how
-- many syncs are active, then the active syncs updated since $1 (all of them when $1 is NULL; 3 s
-- of slack for writers whose transaction began before the last tick) in pages of up to 500
-- lines, one row each, in no particular order (the reader finds the first row by its server_now).
-- Pages, not one text of every sync: at 100,000 syncs that text is a 5 MB protocol message, which
-- node-postgres gathers in a buffer it doubles as the message arrives (8 MB, and 8 MB of smaller
-- ones before it, garbage every tick). A page is about 60 KB: under V8's 128 KB for an ordinary
-- object, so a page read is garbage the young generation frees, not a large object that waits
-- for a full collection. Bench: test/bench/watch-100k.ts.
-- Active means completed_at IS NULL, which idx_sync_progress_active (… WHERE completed_at IS NULL)
-- serves. The :fragments are fixed, chosen from the columns the table really has (the drifted
-- shape has a text status and no current_item); see tickSql in src/db/sample.ts. Without
-- updated_at, :updated_at is now(): every row each tick, and the rate over the monitor's own
-- samples; without completed_at, :active is true and the status decides. :"progress" is the table
-- of syncs (public.sync_progress for 0024).
-- One line per sync, tab-separated, in COPY's text format: :fields (monitor/tick_fields), then
-- started_at and updated_at in epoch milliseconds. A time whose epoch does not fit a bigint
-- (infinity, -infinity) or is NULL goes through monitor/epoch_text instead: one odd row must not
-- fail the tick of every other sync, and the usual row pays one isfinite() per time for it.
-- Cheaper on both sides than JSON: replace() calls here, one pass over the characters there.
SELECT floor(date_part('epoch', now()) * 1000)::bigint AS server_now, count(*) AS active_count, NULL::text AS rows
FROM :"progress"
WHERE :active :still_running
UNION ALL
SELECT NULL, NULL, string_agg(line, E'\n')
FROM (SELECT line, (row_number() OVER () - 1) / 500 AS page
      FROM (SELECT CASE WHEN isfinite(:started_at) AND isfinite(:updated_at)
                        THEN concat_ws(E'\t', :fields, (date_part('epoch', :started_at) * 1000)::bigint,
                                       (date_part('epoch', :updated_at) * 1000)::bigint)
                        ELSE concat_ws(E'\t', :fields, :started_text, :updated_text) END AS line
            FROM :"progress"
            WHERE :active :still_running
              AND ($1::timestamptz IS NULL OR :updated_at >= $1::timestamptz - interval '3 seconds')) lines) pages
GROUP BY page;
