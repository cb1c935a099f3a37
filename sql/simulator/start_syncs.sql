-- Starts simulated syncs: one sync_progress row each, through the real table and its triggers.
INSERT INTO public.sync_progress (org_id, sync_id, job_id, entity_type, total_items, source_system, started_at)
SELECT o, s, 'sim-' || s, e::public.sync_entity_type, t, src, now()
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[]) AS v(o, s, e, t, src)
RETURNING (extract(epoch FROM started_at) * 1000)::bigint AS started_at;
