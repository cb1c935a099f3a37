-- What the 0024 policies need when they run as authenticated.
GRANT USAGE ON SCHEMA auth TO authenticated;
GRANT SELECT ON auth.users_extended TO authenticated;
GRANT EXECUTE ON FUNCTION auth.uid() TO authenticated;
