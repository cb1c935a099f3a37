-- The triggers restore_begin turned off.
ALTER TABLE public.sync_progress ENABLE TRIGGER USER;
