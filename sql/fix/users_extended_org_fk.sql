-- Links auth.users_extended to organization as seed 000 step 2 does.
ALTER TABLE auth.users_extended ADD FOREIGN KEY (org_id) REFERENCES public.organization(id) ON DELETE CASCADE;
