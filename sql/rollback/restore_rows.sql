-- A batch of exported rows into the staging table ($1: a JSON array of rows).
INSERT INTO mantis_rebuild_rows (row) SELECT value FROM jsonb_array_elements($1::jsonb);
