-- Rebuilds an index whose definition differs from the spec.
DROP INDEX IF EXISTS :"index";
:definition;
