-- Rows come back exactly as exported: sync_progress's BEFORE triggers would recompute elapsed,
-- speed and ETA, and its AFTER trigger would log completions again. Back on in restore_end.
ALTER TABLE public.sync_progress DISABLE TRIGGER USER;
