-- Staged rows into their table by column name (sync_activity_log routes them to their partitions).
WITH inserted AS (
  INSERT INTO :"relation" SELECT (jsonb_populate_record(CAST(NULL AS :"relation"), row)).* FROM mantis_rebuild_rows
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS restored, 0 AS skipped;
