-- The columns of a table that COPY carries, in table order (dropped and generated ones left out),
-- with their types as the server prints them: an export records them, and a restore loads only
-- into columns of the same types (then COPY's text comes back as the very same values).
-- $1 text  the table, schema-qualified
SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
ORDER BY a.attnum;
