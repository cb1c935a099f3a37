-- A staging table for one exported table's rows (JSON), gone at commit.
CREATE TEMP TABLE IF NOT EXISTS mantis_rebuild_rows (row jsonb) ON COMMIT DROP;
TRUNCATE mantis_rebuild_rows;
