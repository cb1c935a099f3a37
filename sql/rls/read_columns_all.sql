-- Reads only :columns, the columns a column-level grant lets the session read, of every row of
-- this partition: none of them tells whose row it is, so a session that may see nothing is asked for all.
SELECT :columns FROM :"relation";
