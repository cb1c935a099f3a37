-- A time of a monitor tick line that may not be one: epoch milliseconds; infinity or -infinity as
-- PostgreSQL writes them (their epoch does not fit a bigint); NULL spelled \N. :value is a
-- timestamp(tz) column.
CASE WHEN isfinite(:value) THEN (date_part('epoch', :value) * 1000)::bigint::text ELSE coalesce((:value)::text, E'\\N') END
