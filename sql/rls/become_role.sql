-- From here on the transaction runs as the role the probes are about (SET LOCAL ROLE $1).
SELECT set_config('role', $1, true);
