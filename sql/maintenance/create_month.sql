-- A monthly partition (bounds in UTC); it gets the parent's indexes and constraints.
CREATE TABLE :"partition" PARTITION OF :"parent" FOR VALUES FROM (:'from') TO (:'to');
