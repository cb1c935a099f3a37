-- Every row of a table (its partitions included) in COPY's text format, the columns named.
COPY (SELECT :columns FROM :"relation") TO STDOUT;
