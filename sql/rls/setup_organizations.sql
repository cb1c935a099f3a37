-- Two organizations for the isolation test ($1, $2 ids; $3 a run tag for their slugs). Rolled back.
INSERT INTO public.organization (id, name, slug)
VALUES ($1::uuid, 'RLS test A', 'mantis-rls-a-' || $3), ($2::uuid, 'RLS test B', 'mantis-rls-b-' || $3);
