-- Restores EXECUTE on a function.
GRANT EXECUTE ON FUNCTION :signature TO :"grantee";
