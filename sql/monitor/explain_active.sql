-- The plan of the tick query's scan of active syncs (for the benchmark and its test).
EXPLAIN (FORMAT JSON) SELECT org_id, sync_id, updated_at FROM public.sync_progress WHERE completed_at IS NULL;
