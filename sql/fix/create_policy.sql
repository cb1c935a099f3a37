-- Creates a missing policy as the spec defines it.
CREATE POLICY :"policy" ON :"relation" AS :permissive FOR :command TO :roles :clauses;
