-- Rebuilds a table whose shape cannot be repaired in place, keeping its rows: the executor has
-- locked the table and exported them (COPY text) first. The new table gets everything seed 002
-- defines on it (partitions, indexes, RLS, policies, grants, triggers) before its rows come back
-- by column name; any row that does not fit fails the statement and rolls the whole step back.
CREATE TEMP TABLE mantis_rebuild_rows ON COMMIT DROP AS SELECT to_jsonb(t) AS row FROM :"relation" t;
DROP TABLE :"relation";
:create
:partitions
INSERT INTO :"relation" SELECT (jsonb_populate_record(CAST(NULL AS :"relation"), row)).* FROM mantis_rebuild_rows;
:spec
