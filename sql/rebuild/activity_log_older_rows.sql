-- Rows older than seed 002's first partition get a partition of their own instead of failing the load.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM mantis_rebuild_rows WHERE (row ->> 'created_at')::timestamptz < '2025-11-01 00:00:00+00') THEN
    CREATE TABLE public.sync_activity_log_before_2025_11 PARTITION OF public.sync_activity_log
      FOR VALUES FROM (MINVALUE) TO ('2025-11-01 00:00:00+00');
  END IF;
END
$$;
