-- Archives a monthly partition: detached from the log (queries no longer see it), renamed
-- *_archived and marked as the tool's (a rollback exports and drops it with 0024); its rows were
-- exported first. Drop it once the export is safe elsewhere.
ALTER TABLE :"parent" DETACH PARTITION :"partition";
ALTER TABLE :"partition" RENAME TO :"archived";
COMMENT ON TABLE :"archivedQualified" IS :'comment';
