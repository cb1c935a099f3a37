-- SPP's read: what SPP is judged by (src/core/checks/topology.ts: its schemas, the 0024 objects
-- misplaced there, its postgres_fdw link), not how IS-SOH's objects are built. The same fields as
-- catalog/snapshot's first ones, at a third of its cost on the server (test/bench/verify-all.ts).
-- Takes catalog/snapshot's parameters; reads $1 (relation names) and $3 (enum type names).
WITH
--#include catalog/scope
SELECT json_build_object(
--#include catalog/topology_fields
) AS snapshot
