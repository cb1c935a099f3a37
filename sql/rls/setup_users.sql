-- One user in each organization ($1 user A, $2 org A, $3 user B, $4 org B, $5 run tag).
INSERT INTO auth.users_extended (id, org_id, email)
VALUES ($1::uuid, $2::uuid, 'a-' || $5 || '@example.invalid'), ($3::uuid, $4::uuid, 'b-' || $5 || '@example.invalid');
