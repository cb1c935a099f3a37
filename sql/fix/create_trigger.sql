-- (Re)creates a trigger as the spec defines it.
DROP TRIGGER IF EXISTS :"trigger" ON :"relation";
:definition;
