-- An activity log row: id $1, organization $2, sync_id $3, created_at $4 (its partition; now() when NULL).
INSERT INTO :"relation" (id, org_id, sync_id, action, status, created_at)
VALUES ($1::uuid, $2::uuid, $3, 'manual_trigger', 'completed', coalesce($4::timestamptz, now()));
