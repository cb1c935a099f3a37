-- Simulated syncs already in the table and not finished (a restore brought them back): the
-- workload resumes them where they stand instead of starting copies beside them.
SELECT o.slug, p.org_id, p.sync_id, p.entity_type::text AS entity, p.source_system AS source,
       p.total_items AS total, p.processed_count + p.failed_count AS done
FROM public.sync_progress p JOIN public.organization o ON o.id = p.org_id
WHERE p.job_id LIKE 'sim-%' AND p.completed_at IS NULL
ORDER BY p.started_at, p.sync_id;
