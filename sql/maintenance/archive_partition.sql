-- Archives a monthly partition: detached from the log (queries no longer see it) and renamed
-- *_archived; its rows were exported first. Drop it once the export is safe elsewhere.
ALTER TABLE :"parent" DETACH PARTITION :"partition";
ALTER TABLE :"partition" RENAME TO :"archived";
