-- Labels of an enum type, in order.
SELECT e.enumsortorder, e.enumlabel
FROM pg_enum e
JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = :'schema' AND t.typname = :'name'
ORDER BY e.enumsortorder;
