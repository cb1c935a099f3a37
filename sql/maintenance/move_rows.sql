-- Routes the old catch-all's rows through the parent into their months' partitions.
INSERT INTO :"parent" SELECT * FROM :"moving";
