-- Replaces a policy whose definition differs from the spec.
DROP POLICY IF EXISTS :"policy" ON :"relation";
CREATE POLICY :"policy" ON :"relation" AS :permissive FOR :command TO :roles :clauses;
