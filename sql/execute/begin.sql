-- Run right after BEGIN: this transaction's timeouts, and the backend pid (to cancel it on Ctrl-C).
-- $1 lock_timeout, $2 statement_timeout, $3 idle_in_transaction_session_timeout (a stuck client
-- cannot hold the step's locks longer than that: the server ends the session and rolls back).
SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true),
       set_config('idle_in_transaction_session_timeout', $3, true), pg_backend_pid() AS pid;
