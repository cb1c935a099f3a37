-- Act as a user the way Supabase's PostgREST does: JWT claims in request.jwt.claims (and the
-- older request.jwt.claim.sub), transaction-local.
SELECT set_config('request.jwt.claims', json_build_object('sub', $1::text, 'role', 'authenticated')::text, true),
       set_config('request.jwt.claim.sub', $1::text, true);
