-- The step's statement_timeout, raised once it knows how many rows it moves ($1, e.g. '180000ms').
SELECT set_config('statement_timeout', $1, true);
