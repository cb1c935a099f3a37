-- Lets a role resolve names in a schema (RLS policies of 0024 read auth.users_extended and call auth.uid()).
GRANT USAGE ON SCHEMA :"schema" TO :"grantee";
