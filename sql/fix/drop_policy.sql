-- Drops a policy the spec does not have (permissive policies OR together: an extra one widens access).
DROP POLICY IF EXISTS :"policy" ON :"relation";
