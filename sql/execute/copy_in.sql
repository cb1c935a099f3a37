-- Rows in COPY's text format into a table (a partitioned one routes them to their partitions).
COPY :"relation" (:columns) FROM STDIN;
