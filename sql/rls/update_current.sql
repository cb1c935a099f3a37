-- Sets the cursor's row to organization $1. A constant, and no WHERE on columns: the UPDATE policy alone decides.
UPDATE :"relation" SET org_id = $1::uuid WHERE CURRENT OF :"cursor";
