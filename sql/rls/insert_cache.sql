-- A preview cache row: id $1, organization $2, sync_id $3.
INSERT INTO :"relation" (id, org_id, sync_type, sync_id) VALUES ($1::uuid, $2::uuid, 'custom', $3);
