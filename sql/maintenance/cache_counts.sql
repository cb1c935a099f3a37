-- Live and expired entries of the preview cache.
SELECT count(*) FILTER (WHERE expires_at > now()) AS live,
       count(*) FILTER (WHERE expires_at <= now()) AS expired
FROM public.sync_preview_cache;
