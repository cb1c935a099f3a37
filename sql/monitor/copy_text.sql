-- A text value of the monitor's tick lines (monitor/active) in COPY's text format: backslash,
-- tab and newline escaped, NULL spelled \N. :value is an expression of type text.
coalesce(replace(replace(replace(:value, E'\\', E'\\\\'), E'\t', E'\\t'), E'\n', E'\\n'), E'\\N')
