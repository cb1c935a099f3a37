-- Try to change organization $1's sync_progress rows.
UPDATE public.sync_progress SET job_id = 'mantis-rls-probe' WHERE org_id = $1::uuid;
