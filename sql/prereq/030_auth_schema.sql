-- Prerequisite 030: the auth schema (seed 000 step 2), usable by anon and authenticated because
-- the 0024 RLS policies, evaluated as `authenticated`, read auth.users_extended and call auth.uid().
-- Idempotent. The caller wraps this file in one transaction.
CREATE SCHEMA IF NOT EXISTS auth;

-- USAGE for those of anon and authenticated that exist, so that this file (PRQ003's fix) runs on its
-- own: the roles are prerequisite 010's (PRQ008, PRQ010), applied before it in the plan; a role made
-- later gets USAGE from PRQ011's fix (fix/auth_grants).
DO $do$
DECLARE
    grantee name;
BEGIN
    FOR grantee IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN ('anon', 'authenticated') ORDER BY rolname LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA auth TO %I', grantee);
    END LOOP;
END
$do$;
