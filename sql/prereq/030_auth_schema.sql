-- Prerequisite 030: the auth schema (seed 000 step 2), usable by anon and authenticated because
-- the 0024 RLS policies, evaluated as `authenticated`, read auth.users_extended and call auth.uid().
-- Idempotent. The caller wraps this file in one transaction.
CREATE SCHEMA IF NOT EXISTS auth;

GRANT USAGE ON SCHEMA auth TO anon, authenticated;
