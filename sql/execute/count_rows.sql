-- Exact row count of a table.
SELECT count(*)::bigint AS rows FROM :"relation";
