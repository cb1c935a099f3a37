-- Done with the export cursor.
CLOSE mantis_export;
