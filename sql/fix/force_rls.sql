-- Makes RLS apply to the table owner too (connections as the owner otherwise see every row).
ALTER TABLE :"relation" FORCE ROW LEVEL SECURITY;
