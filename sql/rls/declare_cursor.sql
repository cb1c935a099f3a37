-- A cursor on test row $1, opened as this connection and positioned on the row: UPDATE and DELETE
-- … WHERE CURRENT OF it need no SELECT rights, so only the command's own policy decides.
DECLARE :"cursor" NO SCROLL CURSOR FOR SELECT 1 FROM :"relation" WHERE id = $1::uuid FOR UPDATE;
