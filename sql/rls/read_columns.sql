-- Reads only :columns, the columns a column-level grant lets the session read, of the rows whose
-- :"key" is in $1, through this partition: with no SELECT on the whole of it, that is all it sees.
SELECT :columns FROM :"relation" WHERE :"key" = ANY ($1);
