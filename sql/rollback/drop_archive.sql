-- A partition maintain archive detached, its rows just exported with 0024's: it goes with 0024
-- (CASCADE on 0024's enums would otherwise take its columns, and leave the rows without them).
DROP TABLE :"archive";
