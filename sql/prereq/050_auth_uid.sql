-- Prerequisite 050: auth.uid(), compatible with Supabase's (reads the JWT `sub` claim from the
-- request.jwt.claim.sub / request.jwt.claims settings). Created ONLY when no auth.uid() exists;
-- an existing one (e.g. Supabase's own) is never replaced. The caller wraps this file in one transaction.
DO $do$
BEGIN
    IF to_regprocedure('auth.uid()') IS NULL THEN
        EXECUTE $ddl$
            CREATE FUNCTION auth.uid()
            RETURNS uuid
            LANGUAGE sql
            STABLE
            AS $fn$
                select coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
                )::uuid
            $fn$
        $ddl$;
    END IF;
END
$do$;

GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated;
