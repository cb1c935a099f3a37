-- Every row of a table as one JSON document per row, in a stable order, read through a cursor
-- (see execute/fetch_export) so a big table never sits in memory whole.
DECLARE mantis_export NO SCROLL CURSOR FOR
SELECT to_jsonb(t)::text AS row FROM :"relation" t ORDER BY to_jsonb(t)::text;
