-- Seed 001 step 5: a test organization and one user in it. Idempotent.
INSERT INTO public.organization (name, slug) VALUES ('Mantis test organization', 'mantis-test')
ON CONFLICT (slug) DO NOTHING;
INSERT INTO auth.users_extended (id, org_id, email)
SELECT '7e57da7a-0000-4000-8000-000000000001', o.id, 'mantis-test@example.invalid'
FROM public.organization o WHERE o.slug = 'mantis-test'
ON CONFLICT (id) DO NOTHING;
