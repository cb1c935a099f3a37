-- Organizations for simulated syncs ($1 names, $2 slugs); existing slugs are reused.
INSERT INTO public.organization (name, slug)
SELECT n, s FROM unnest($1::text[], $2::text[]) AS v(n, s)
ON CONFLICT (slug) DO UPDATE SET name = excluded.name
RETURNING id, slug;
