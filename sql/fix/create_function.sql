-- (Re)creates a function exactly as the spec defines it.
:definition;
