-- A sync_progress row: id $1, organization $2, sync_id $3.
INSERT INTO :"relation" (id, org_id, sync_id, entity_type, total_items) VALUES ($1::uuid, $2::uuid, $3, 'product', 10);
