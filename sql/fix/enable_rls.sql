-- Turns row-level security on.
ALTER TABLE :"relation" ENABLE ROW LEVEL SECURITY;
