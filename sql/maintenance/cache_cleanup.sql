-- Seed 002's own cleanup function (seed 004: schedule it every 15 minutes).
SELECT deleted_count, error_message FROM public.auto_cleanup_preview_cache();
