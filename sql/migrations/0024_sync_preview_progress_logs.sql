-- Migration 0024: sync preview cache, sync progress and the partitioned sync activity log,
-- exactly as seed 002 specifies, made re-runnable (a second run succeeds and changes nothing).
-- Requires sql/prereq/* (public.organization, auth.users_extended, auth.uid(), role authenticated).
-- No BEGIN/COMMIT: the caller wraps this file in one transaction.

-- =====================================================================
-- Enum types (created only when missing)
-- =====================================================================

DO $do$
BEGIN
    IF to_regtype('public.sync_type') IS NULL THEN
        CREATE TYPE public.sync_type AS ENUM (
            'woocommerce',
            'odoo',
            'shopify',
            'custom'
        );
    END IF;

    IF to_regtype('public.sync_action') IS NULL THEN
        CREATE TYPE public.sync_action AS ENUM (
            'preview_delta',
            'sync_start',
            'sync_complete',
            'batch_process',
            'error_recovery',
            'manual_trigger',
            'scheduled_run',
            'partial_resume'
        );
    END IF;

    IF to_regtype('public.sync_entity_type') IS NULL THEN
        CREATE TYPE public.sync_entity_type AS ENUM (
            'customer',
            'product',
            'order',
            'invoice',
            'supplier',
            'inventory',
            'category',
            'attribute'
        );
    END IF;

    IF to_regtype('public.sync_status_type') IS NULL THEN
        CREATE TYPE public.sync_status_type AS ENUM (
            'pending',
            'in_progress',
            'completed',
            'completed_with_errors',
            'failed',
            'cancelled',
            'paused',
            'timeout'
        );
    END IF;
END
$do$;

-- =====================================================================
-- Table: public.sync_preview_cache
-- =====================================================================

CREATE TABLE IF NOT EXISTS public.sync_preview_cache (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id UUID NOT NULL REFERENCES public.organization(id) ON DELETE CASCADE,
    sync_type public.sync_type NOT NULL,
    sync_id VARCHAR(255),
    delta_json JSONB NOT NULL DEFAULT '{}',
    computed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT (NOW() + INTERVAL '1 hour'),
    computed_by UUID REFERENCES auth.users_extended(id) ON DELETE SET NULL,
    cache_key VARCHAR(255) UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT preview_cache_not_expired CHECK (expires_at > NOW())
);

CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_org_type ON public.sync_preview_cache(org_id, sync_type);
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_expires ON public.sync_preview_cache(expires_at);
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_computed ON public.sync_preview_cache(computed_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_key ON public.sync_preview_cache(cache_key) WHERE cache_key IS NOT NULL;

-- =====================================================================
-- Table: public.sync_progress
-- =====================================================================

CREATE TABLE IF NOT EXISTS public.sync_progress (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id UUID NOT NULL REFERENCES public.organization(id) ON DELETE CASCADE,
    sync_id VARCHAR(255) NOT NULL,
    job_id VARCHAR(255),
    entity_type public.sync_entity_type NOT NULL,
    current_item INTEGER NOT NULL DEFAULT 0,
    total_items INTEGER NOT NULL DEFAULT 0,
    processed_count INTEGER NOT NULL DEFAULT 0,
    failed_count INTEGER NOT NULL DEFAULT 0,
    speed_items_per_min NUMERIC(10, 2),
    eta_seconds INTEGER,
    elapsed_seconds INTEGER NOT NULL DEFAULT 0,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    completed_at TIMESTAMP WITH TIME ZONE,
    source_system VARCHAR(50),
    batch_number INTEGER DEFAULT 0,
    metadata JSONB DEFAULT '{}',
    initiated_by UUID REFERENCES auth.users_extended(id) ON DELETE SET NULL,

    CONSTRAINT sync_progress_positive_counts CHECK (
        processed_count >= 0 AND failed_count >= 0 AND
        processed_count + failed_count <= total_items
    ),
    CONSTRAINT sync_progress_positive_items CHECK (
        current_item >= 0 AND total_items >= 0 AND current_item <= total_items
    ),
    UNIQUE (org_id, sync_id)
);

CREATE INDEX IF NOT EXISTS idx_sync_progress_org_job ON public.sync_progress(org_id, job_id);
CREATE INDEX IF NOT EXISTS idx_sync_progress_org_sync ON public.sync_progress(org_id, sync_id);
CREATE INDEX IF NOT EXISTS idx_sync_progress_active ON public.sync_progress(org_id, updated_at DESC)
    WHERE completed_at IS NULL;
CREATE INDEX IF NOT EXISTS idx_sync_progress_updated ON public.sync_progress(org_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_progress_entity ON public.sync_progress(org_id, entity_type, started_at DESC);

-- =====================================================================
-- Table: public.sync_activity_log (PARTITIONED BY RANGE (created_at))
-- =====================================================================

CREATE TABLE IF NOT EXISTS public.sync_activity_log (
    id UUID NOT NULL,
    org_id UUID NOT NULL,
    sync_id VARCHAR(255),
    entity_type public.sync_entity_type,
    action public.sync_action NOT NULL,
    status public.sync_status_type NOT NULL,
    record_count INTEGER DEFAULT 0,
    duration_seconds NUMERIC(10, 2),
    error_message TEXT,
    user_id UUID,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,

    CONSTRAINT sync_activity_log_positive_count CHECK (record_count >= 0),
    CONSTRAINT sync_activity_log_positive_duration CHECK (duration_seconds IS NULL OR duration_seconds >= 0)
) PARTITION BY RANGE (created_at);

DO $do$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint
        WHERE conrelid = 'public.sync_activity_log'::regclass
          AND conname = 'sync_activity_log_pkey'
    ) THEN
        ALTER TABLE public.sync_activity_log
            ADD CONSTRAINT sync_activity_log_pkey PRIMARY KEY (id, created_at);
    END IF;

    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint
        WHERE conrelid = 'public.sync_activity_log'::regclass
          AND conname = 'fk_sync_activity_org'
    ) THEN
        ALTER TABLE public.sync_activity_log ADD CONSTRAINT fk_sync_activity_org
            FOREIGN KEY (org_id) REFERENCES public.organization(id) ON DELETE CASCADE;
    END IF;

    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint
        WHERE conrelid = 'public.sync_activity_log'::regclass
          AND conname = 'fk_sync_activity_user'
    ) THEN
        ALTER TABLE public.sync_activity_log ADD CONSTRAINT fk_sync_activity_user
            FOREIGN KEY (user_id) REFERENCES auth.users_extended(id) ON DELETE SET NULL;
    END IF;
END
$do$;

-- Partition bounds are written with an explicit UTC offset so that they do not depend on the
-- session TimeZone (seed 002 writes '2025-11-01'; on Neon, whose default TimeZone is GMT, that
-- is the same instant).
CREATE TABLE IF NOT EXISTS public.sync_activity_log_2025_11 PARTITION OF public.sync_activity_log
    FOR VALUES FROM ('2025-11-01 00:00:00+00') TO ('2025-12-01 00:00:00+00');

CREATE TABLE IF NOT EXISTS public.sync_activity_log_2025_12 PARTITION OF public.sync_activity_log
    FOR VALUES FROM ('2025-12-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');

CREATE TABLE IF NOT EXISTS public.sync_activity_log_2026_01 PARTITION OF public.sync_activity_log
    FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');

CREATE TABLE IF NOT EXISTS public.sync_activity_log_2026_02 PARTITION OF public.sync_activity_log
    FOR VALUES FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00');

CREATE TABLE IF NOT EXISTS public.sync_activity_log_future PARTITION OF public.sync_activity_log
    FOR VALUES FROM ('2026-03-01 00:00:00+00') TO (MAXVALUE);

-- Indexes on the partitioned parent (inherited by every partition).
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_org_created ON public.sync_activity_log(org_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_user ON public.sync_activity_log(user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_entity ON public.sync_activity_log(org_id, entity_type, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_action ON public.sync_activity_log(action, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_status ON public.sync_activity_log(status, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_sync_id ON public.sync_activity_log(sync_id, created_at DESC);

-- =====================================================================
-- Row level security
-- =====================================================================

ALTER TABLE public.sync_preview_cache ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sync_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sync_activity_log ENABLE ROW LEVEL SECURITY;

-- Policies (12: 4 per table), each created only when missing.
DO $do$
BEGIN
    -- public.sync_preview_cache
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_preview_cache'
                     AND policyname = 'preview_cache_select') THEN
        CREATE POLICY preview_cache_select ON public.sync_preview_cache FOR SELECT
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_preview_cache'
                     AND policyname = 'preview_cache_insert') THEN
        CREATE POLICY preview_cache_insert ON public.sync_preview_cache FOR INSERT
            WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_preview_cache'
                     AND policyname = 'preview_cache_update') THEN
        CREATE POLICY preview_cache_update ON public.sync_preview_cache FOR UPDATE
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id))
            WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_preview_cache'
                     AND policyname = 'preview_cache_delete') THEN
        CREATE POLICY preview_cache_delete ON public.sync_preview_cache FOR DELETE
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));
    END IF;

    -- public.sync_progress
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_progress'
                     AND policyname = 'sync_progress_select') THEN
        CREATE POLICY sync_progress_select ON public.sync_progress FOR SELECT
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_progress'
                     AND policyname = 'sync_progress_insert') THEN
        CREATE POLICY sync_progress_insert ON public.sync_progress FOR INSERT
            WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_progress'
                     AND policyname = 'sync_progress_update') THEN
        CREATE POLICY sync_progress_update ON public.sync_progress FOR UPDATE
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id))
            WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_progress'
                     AND policyname = 'sync_progress_delete') THEN
        CREATE POLICY sync_progress_delete ON public.sync_progress FOR DELETE
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));
    END IF;

    -- public.sync_activity_log
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_activity_log'
                     AND policyname = 'sync_activity_log_select') THEN
        CREATE POLICY sync_activity_log_select ON public.sync_activity_log FOR SELECT
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_activity_log'
                     AND policyname = 'sync_activity_log_insert') THEN
        CREATE POLICY sync_activity_log_insert ON public.sync_activity_log FOR INSERT
            WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_activity_log'
                     AND policyname = 'sync_activity_log_update') THEN
        CREATE POLICY sync_activity_log_update ON public.sync_activity_log FOR UPDATE
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id))
            WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'public' AND tablename = 'sync_activity_log'
                     AND policyname = 'sync_activity_log_delete') THEN
        CREATE POLICY sync_activity_log_delete ON public.sync_activity_log FOR DELETE
            USING (EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));
    END IF;
END
$do$;

-- =====================================================================
-- Functions and triggers
-- =====================================================================

-- auto_cleanup_preview_cache(): not a trigger function; run on a schedule (every 15 minutes).
CREATE OR REPLACE FUNCTION public.auto_cleanup_preview_cache()
RETURNS TABLE(deleted_count INTEGER, error_message TEXT) AS $$
DECLARE
    v_deleted_count INTEGER;
BEGIN
    DELETE FROM public.sync_preview_cache
    WHERE expires_at < NOW();

    GET DIAGNOSTICS v_deleted_count = ROW_COUNT;
    RETURN QUERY SELECT v_deleted_count, NULL::TEXT;

EXCEPTION WHEN OTHERS THEN
    RETURN QUERY SELECT 0, SQLERRM;
END;
$$ LANGUAGE plpgsql;

-- update_sync_progress_elapsed(): elapsed seconds, speed and ETA.
CREATE OR REPLACE FUNCTION public.update_sync_progress_elapsed()
RETURNS TRIGGER AS $$
BEGIN
    NEW.elapsed_seconds := EXTRACT(EPOCH FROM (NOW() - NEW.started_at))::INTEGER;

    IF NEW.elapsed_seconds > 0 AND NEW.processed_count > 0 THEN
        NEW.speed_items_per_min := (NEW.processed_count::NUMERIC / NEW.elapsed_seconds) * 60;
    ELSE
        NEW.speed_items_per_min := 0;
    END IF;

    IF NEW.total_items > 0 AND NEW.speed_items_per_min > 0 THEN
        NEW.eta_seconds := ((NEW.total_items - NEW.processed_count) / NEW.speed_items_per_min) * 60;
    ELSE
        NEW.eta_seconds := NULL;
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sync_progress_update_elapsed ON public.sync_progress;
CREATE TRIGGER sync_progress_update_elapsed
    BEFORE INSERT OR UPDATE ON public.sync_progress
    FOR EACH ROW
    EXECUTE FUNCTION public.update_sync_progress_elapsed();

-- validate_sync_progress_totals(): reject over-counting, clamp current_item, set completed_at.
CREATE OR REPLACE FUNCTION public.validate_sync_progress_totals()
RETURNS TRIGGER AS $$
BEGIN
    IF (NEW.processed_count + NEW.failed_count) > NEW.total_items THEN
        RAISE EXCEPTION 'processed_count (%) + failed_count (%) exceeds total_items (%)',
            NEW.processed_count, NEW.failed_count, NEW.total_items;
    END IF;

    IF NEW.current_item > NEW.total_items THEN
        NEW.current_item := NEW.total_items;
    END IF;

    IF NEW.total_items > 0 AND
       (NEW.processed_count + NEW.failed_count) = NEW.total_items AND
       NEW.completed_at IS NULL THEN
        NEW.completed_at := NOW();
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sync_progress_validate_totals ON public.sync_progress;
CREATE TRIGGER sync_progress_validate_totals
    BEFORE INSERT OR UPDATE ON public.sync_progress
    FOR EACH ROW
    EXECUTE FUNCTION public.validate_sync_progress_totals();

-- update_sync_progress_timestamp(): keep updated_at current.
CREATE OR REPLACE FUNCTION public.update_sync_progress_timestamp()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at := NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sync_progress_update_timestamp ON public.sync_progress;
CREATE TRIGGER sync_progress_update_timestamp
    BEFORE UPDATE ON public.sync_progress
    FOR EACH ROW
    EXECUTE FUNCTION public.update_sync_progress_timestamp();

-- auto_log_sync_activity_on_progress_change(): one sync_complete row per completed sync.
CREATE OR REPLACE FUNCTION public.auto_log_sync_activity_on_progress_change()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW.completed_at IS NOT NULL AND OLD.completed_at IS NULL THEN
        INSERT INTO public.sync_activity_log (
            id, org_id, sync_id, entity_type, action, status,
            record_count, duration_seconds, error_message, user_id, created_at
        ) VALUES (
            gen_random_uuid(),
            NEW.org_id,
            NEW.sync_id,
            NEW.entity_type,
            'sync_complete',
            CASE
                WHEN NEW.failed_count = 0 THEN 'completed'::public.sync_status_type
                ELSE 'completed_with_errors'::public.sync_status_type
            END,
            NEW.processed_count + NEW.failed_count,
            EXTRACT(EPOCH FROM (NEW.completed_at - NEW.started_at)),
            NULL,
            NEW.initiated_by,
            NOW()
        );
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sync_progress_log_completion ON public.sync_progress;
CREATE TRIGGER sync_progress_log_completion
    AFTER UPDATE ON public.sync_progress
    FOR EACH ROW
    EXECUTE FUNCTION public.auto_log_sync_activity_on_progress_change();

-- =====================================================================
-- Grants (seed 002, "Grant Statements")
-- =====================================================================

GRANT SELECT, INSERT, UPDATE, DELETE ON public.sync_preview_cache TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.sync_progress TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.sync_activity_log TO authenticated;

GRANT EXECUTE ON FUNCTION public.auto_cleanup_preview_cache() TO authenticated;
GRANT EXECUTE ON FUNCTION public.update_sync_progress_elapsed() TO authenticated;
GRANT EXECUTE ON FUNCTION public.validate_sync_progress_totals() TO authenticated;
GRANT EXECUTE ON FUNCTION public.update_sync_progress_timestamp() TO authenticated;
GRANT EXECUTE ON FUNCTION public.auto_log_sync_activity_on_progress_change() TO authenticated;

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO authenticated;
