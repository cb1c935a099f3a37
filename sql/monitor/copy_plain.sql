-- A text value of the monitor's tick lines that cannot hold a tab, a newline or a backslash (a
-- uuid, an enum whose labels have none): only NULL needs spelling out, as \N (monitor/copy_text
-- escapes the others).
coalesce(:value, E'\\N')
