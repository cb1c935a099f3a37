-- A partition 0024 made that the export did not have (or had with other bounds); still empty.
DROP TABLE :"partition";
