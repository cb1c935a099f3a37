-- Publishes a table as the migrations do (logical replication, Supabase Realtime); the publication is created when missing.
DO $fix$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = :'publication') THEN
        CREATE PUBLICATION :"publication";
    END IF;
END
$fix$;
ALTER PUBLICATION :"publication" ADD TABLE :"relation";
