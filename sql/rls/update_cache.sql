-- Try to change organization $1's preview cache rows.
UPDATE public.sync_preview_cache SET cache_key = NULL WHERE org_id = $1::uuid;
