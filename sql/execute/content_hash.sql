-- A table's content as the server sees it, in one figure: the row count, then the sums of each
-- row's sha256 (over the text of the given columns), taken as two 60-bit numbers. Sums do not
-- depend on the order rows are read in, so the same rows give the same figure before an export
-- and after its restore, and any changed byte changes it.
SELECT count(*) AS rows,
       count(*)::text
         || '/' || coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint), 0)::text
         || '/' || coalesce(sum(('x' || substr(h, 16, 15))::bit(60)::bigint), 0)::text AS content_hash
FROM (SELECT encode(sha256(convert_to(ROW(:columns)::text, 'UTF8')), 'hex') AS h FROM :"relation") r;
