-- An archived partition as a rollback exported it: a table shaped as the log, marked as the
-- archive marks it (sql/maintenance/archive_partition).
CREATE TABLE :"archive" (LIKE :"parent" INCLUDING ALL);
COMMENT ON TABLE :"archive" IS :'comment';
