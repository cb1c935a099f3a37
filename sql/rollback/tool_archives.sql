-- The partitions maintain archive detached from 0024's log and renamed *_archived: the tool's own
-- tables, exported and dropped with the rest by a rollback and made again by restore, never a
-- blocker. Marked with a comment since the archive wrote one; older archives by their name.
-- $1 text: the log's bare name (sync_activity_log)
SELECT c.relname AS name
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition
  AND (obj_description(c.oid, 'pg_class') = 'mantis-sync-tui: archived partition of public.' || $1
       OR (starts_with(c.relname, $1 || '_') AND c.relname LIKE '%\_archived'))
ORDER BY 1;
