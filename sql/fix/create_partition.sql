-- Creates a missing partition with its spec bounds (fails if the catch-all already holds rows in that range).
CREATE TABLE IF NOT EXISTS :"partition" PARTITION OF :"parent" :bound;
