-- Run right after BEGIN: this transaction's timeouts, and the backend pid (to cancel it on Ctrl-C).
SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true), pg_backend_pid() AS pid;
