-- Pins the function's search_path so a caller's schema cannot shadow the tables it uses.
ALTER FUNCTION :signature SET search_path = public, pg_temp;
