-- The catch-all again, narrower: from the first month without a partition of its own.
CREATE TABLE :"partition" PARTITION OF :"parent" FOR VALUES FROM (:'from') TO (MAXVALUE);
