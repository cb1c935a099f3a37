-- The emptied old catch-all (its rows were counted into their new partitions first).
DROP TABLE :"moving";
