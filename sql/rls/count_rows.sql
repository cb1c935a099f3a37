-- How many of the rows $1 the session sees through this table or partition.
SELECT count(*)::int AS n FROM :"relation" WHERE id = ANY ($1::uuid[]);
