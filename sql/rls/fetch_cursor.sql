-- Positions the cursor on its row.
FETCH NEXT FROM :"cursor";
