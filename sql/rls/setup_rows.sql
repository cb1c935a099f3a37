-- One row per table for the organization $1, inserted as its user $2 (so FORCE RLS is satisfied too).
WITH progress AS (
  INSERT INTO public.sync_progress (org_id, sync_id, entity_type, total_items, initiated_by)
  VALUES ($1::uuid, 'mantis-rls-' || $3, 'product', 10, $2::uuid) RETURNING 1
), cache AS (
  INSERT INTO public.sync_preview_cache (org_id, sync_type, sync_id, computed_by)
  VALUES ($1::uuid, 'custom', 'mantis-rls-' || $3, $2::uuid) RETURNING 1
)
INSERT INTO public.sync_activity_log (id, org_id, sync_id, action, status, user_id, created_at)
SELECT gen_random_uuid(), $1::uuid, 'mantis-rls-' || $3, 'manual_trigger', 'completed', $2::uuid, now()
FROM progress, cache;
