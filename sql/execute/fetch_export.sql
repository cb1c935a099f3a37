-- The next batch of the export cursor.
FETCH 5000 FROM mantis_export;
