-- A staging table shaped as the table (no constraints, no triggers), gone at commit: the preview
-- cache's rows land here first, so those expired since the export can be left out.
CREATE TEMP TABLE mantis_restore_staging (LIKE :"relation") ON COMMIT DROP;
