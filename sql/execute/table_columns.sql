-- The columns of a table that COPY carries, in table order (dropped and generated ones left out).
-- $1 text  the table, schema-qualified
SELECT a.attname AS name
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
ORDER BY a.attnum;
