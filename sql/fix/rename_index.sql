-- Gives an index that matches the spec under another name its spec name.
ALTER INDEX :"index" RENAME TO :"name";
