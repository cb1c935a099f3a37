-- Staged preview cache rows back, except those expired since the export: seed 002's
-- CHECK (expires_at > now()) refuses them, and an expired preview is recomputed anyway.
WITH inserted AS (
  INSERT INTO :"relation"
  SELECT (jsonb_populate_record(CAST(NULL AS :"relation"), row)).* FROM mantis_rebuild_rows
  WHERE (row ->> 'expires_at')::timestamptz > now()
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS restored,
       (SELECT count(*) FROM mantis_rebuild_rows WHERE (row ->> 'expires_at')::timestamptz <= now()) AS skipped;
