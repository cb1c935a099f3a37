-- Sent in the same message as every read, ahead of it: the implicit transaction of that message is
-- read-only, and its lock and statement timeouts are set in-band, so neither a pooler that refuses
-- startup parameters nor a proxy that drops them can take these guarantees away.
SET TRANSACTION READ ONLY;
SET LOCAL lock_timeout = :'lock_timeout';
SET LOCAL statement_timeout = :'statement_timeout';
