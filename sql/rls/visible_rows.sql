-- Rows the current user sees of its own organization ($1) and of the other one ($2), per table.
SELECT 'sync_preview_cache' AS table_name,
       (SELECT count(*) FROM public.sync_preview_cache WHERE org_id = $1::uuid) AS own,
       (SELECT count(*) FROM public.sync_preview_cache WHERE org_id = $2::uuid) AS other
UNION ALL
SELECT 'sync_progress',
       (SELECT count(*) FROM public.sync_progress WHERE org_id = $1::uuid),
       (SELECT count(*) FROM public.sync_progress WHERE org_id = $2::uuid)
UNION ALL
SELECT 'sync_activity_log',
       (SELECT count(*) FROM public.sync_activity_log WHERE org_id = $1::uuid),
       (SELECT count(*) FROM public.sync_activity_log WHERE org_id = $2::uuid);
