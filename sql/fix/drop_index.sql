-- Drops a redundant index.
DROP INDEX IF EXISTS :"index";
