-- A table's rows (its partitions' included): what a dry run's export would hold.
SELECT count(*) AS rows FROM :"relation";
