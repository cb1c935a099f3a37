-- Moves simulated syncs forward (one UPDATE for all of them); the triggers compute elapsed,
-- speed and ETA, set completed_at at the end and log the completion.
UPDATE public.sync_progress p
SET processed_count = v.processed, failed_count = v.failed, current_item = v.processed + v.failed
FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[]) AS v(org_id, sync_id, processed, failed)
WHERE p.org_id = v.org_id AND p.sync_id = v.sync_id AND p.completed_at IS NULL
  AND (p.processed_count, p.failed_count) IS DISTINCT FROM (v.processed, v.failed);
