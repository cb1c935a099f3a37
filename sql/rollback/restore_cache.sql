-- Staged preview cache rows back, except those expired since the export: seed 002's
-- CHECK (expires_at > now()) refuses them, and an expired preview is recomputed anyway.
WITH inserted AS (
  INSERT INTO :"relation" (:columns)
  SELECT :columns FROM mantis_restore_staging WHERE expires_at > now()
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS restored,
       (SELECT count(*) FROM mantis_restore_staging WHERE expires_at <= now()) AS skipped;
