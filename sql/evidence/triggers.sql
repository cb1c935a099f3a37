-- Triggers of a table: definition and enabled state (O enabled, D disabled, R replica, A always).
SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) AS definition
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'schema' AND c.relname = :'table' AND NOT t.tgisinternal
ORDER BY t.tgname;
