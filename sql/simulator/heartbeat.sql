-- A write without progress (a stalled worker that still reports in): only updated_at moves.
UPDATE public.sync_progress p SET batch_number = p.batch_number
FROM unnest($1::uuid[], $2::text[]) AS v(org_id, sync_id)
WHERE p.org_id = v.org_id AND p.sync_id = v.sync_id AND p.completed_at IS NULL;
