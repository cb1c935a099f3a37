-- Which of 0024's tables exist ($1 text[] "schema.name"): restore needs none.
SELECT coalesce(array_agg(n.nspname || '.' || c.relname ORDER BY c.relname), '{}') AS present
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname || '.' || c.relname = ANY ($1::text[]);
