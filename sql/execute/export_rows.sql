-- Every row of a table as one JSON document per row, in a stable order.
SELECT to_jsonb(t)::text AS row FROM :"relation" t ORDER BY to_jsonb(t)::text;
