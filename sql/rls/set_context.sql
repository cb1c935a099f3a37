-- The user context, transaction-local, in the settings auth.uid() reads: names $1, values $2
-- (a NULL value puts the setting back to the session's default: no user).
SELECT set_config(c.name, c.value, true) FROM unnest($1::text[], $2::text[]) AS c(name, value);
