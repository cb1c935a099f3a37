-- The organization of user $1, if it has one.
SELECT org_id::text AS org_id FROM auth.users_extended WHERE id = $1::uuid;
