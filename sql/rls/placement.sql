-- Where each test row $1 lives: the partition that holds it and every table above it.
SELECT t.id::text AS id,
       (SELECT array_agg(n.nspname || '.' || c.relname)
        FROM pg_catalog.pg_partition_ancestors(t.tableoid) a
        JOIN pg_catalog.pg_class c ON c.oid = a.relid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace) AS holders
FROM :"relation" t
WHERE t.id = ANY ($1::uuid[]);
