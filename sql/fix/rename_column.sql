-- Renames a column found under another name back to its spec name.
ALTER TABLE :"relation" RENAME COLUMN :"from" TO :"to";
