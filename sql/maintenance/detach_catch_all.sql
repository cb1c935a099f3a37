-- Takes the catch-all out of the partitioned table and renames it aside, so its rows can be
-- routed again once the monthly partitions exist (ACCESS EXCLUSIVE on the parent: the step holds it).
ALTER TABLE :"parent" DETACH PARTITION :"partition";
ALTER TABLE :"partition" RENAME TO :"moving";
