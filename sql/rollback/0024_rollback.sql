-- Rollback of migration 0024: seed 001 section 8, in its order, schema-qualified.
-- Leaves the prerequisites (organization, auth schema, auth.users_extended, auth.uid(), roles).
-- Safe on a database without 0024 (IF EXISTS everywhere). The caller wraps this file in one transaction.

-- Drop RLS policies (reverse order)
DROP POLICY IF EXISTS sync_activity_log_delete ON public.sync_activity_log;
DROP POLICY IF EXISTS sync_activity_log_update ON public.sync_activity_log;
DROP POLICY IF EXISTS sync_activity_log_insert ON public.sync_activity_log;
DROP POLICY IF EXISTS sync_activity_log_select ON public.sync_activity_log;
DROP POLICY IF EXISTS sync_progress_delete ON public.sync_progress;
DROP POLICY IF EXISTS sync_progress_update ON public.sync_progress;
DROP POLICY IF EXISTS sync_progress_insert ON public.sync_progress;
DROP POLICY IF EXISTS sync_progress_select ON public.sync_progress;
DROP POLICY IF EXISTS preview_cache_delete ON public.sync_preview_cache;
DROP POLICY IF EXISTS preview_cache_update ON public.sync_preview_cache;
DROP POLICY IF EXISTS preview_cache_insert ON public.sync_preview_cache;
DROP POLICY IF EXISTS preview_cache_select ON public.sync_preview_cache;

-- Disable RLS (IF EXISTS: the seed's plain ALTER TABLE fails when the table is absent)
ALTER TABLE IF EXISTS public.sync_activity_log DISABLE ROW LEVEL SECURITY;
ALTER TABLE IF EXISTS public.sync_progress DISABLE ROW LEVEL SECURITY;
ALTER TABLE IF EXISTS public.sync_preview_cache DISABLE ROW LEVEL SECURITY;

-- Drop triggers and trigger functions
DROP TRIGGER IF EXISTS sync_progress_log_completion ON public.sync_progress;
DROP TRIGGER IF EXISTS sync_progress_update_timestamp ON public.sync_progress;
DROP TRIGGER IF EXISTS sync_progress_validate_totals ON public.sync_progress;
DROP TRIGGER IF EXISTS sync_progress_update_elapsed ON public.sync_progress;

DROP FUNCTION IF EXISTS public.auto_log_sync_activity_on_progress_change();
DROP FUNCTION IF EXISTS public.update_sync_progress_timestamp();
DROP FUNCTION IF EXISTS public.validate_sync_progress_totals();
DROP FUNCTION IF EXISTS public.update_sync_progress_elapsed();
DROP FUNCTION IF EXISTS public.auto_cleanup_preview_cache();

-- Drop tables (partitions go with their parent)
DROP TABLE IF EXISTS public.sync_activity_log CASCADE;
DROP TABLE IF EXISTS public.sync_progress CASCADE;
DROP TABLE IF EXISTS public.sync_preview_cache CASCADE;

-- Drop enums
DROP TYPE IF EXISTS public.sync_status_type;
DROP TYPE IF EXISTS public.sync_entity_type;
DROP TYPE IF EXISTS public.sync_action;
DROP TYPE IF EXISTS public.sync_type;
