-- Export, restore and their fingerprints read and write values as text: fix how the session
-- prints them, so the same value is the same text on both sides whatever the server's defaults.
SELECT set_config('TimeZone', 'UTC', true),
       set_config('DateStyle', 'ISO, YMD', true),
       set_config('IntervalStyle', 'postgres', true),
       set_config('extra_float_digits', '3', true),
       set_config('bytea_output', 'hex', true);
