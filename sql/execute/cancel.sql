-- Ctrl-C during a step: cancel its running statement; the step's catch then rolls back.
SELECT pg_cancel_backend($1::int);
