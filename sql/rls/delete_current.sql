-- Deletes the cursor's row. No WHERE on columns: the DELETE policy alone decides, as for a DELETE without WHERE.
DELETE FROM :"relation" WHERE CURRENT OF :"cursor";
