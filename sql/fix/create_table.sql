-- Creates a missing table with its columns and constraints as the manifest defines them.
CREATE TABLE IF NOT EXISTS :"relation" (
  :body
):partitioning;
