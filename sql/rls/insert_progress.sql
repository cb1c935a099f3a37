-- Try to write a sync_progress row for organization $1.
INSERT INTO public.sync_progress (org_id, sync_id, entity_type, total_items) VALUES ($1::uuid, 'mantis-rls-probe-' || $2, 'product', 1);
