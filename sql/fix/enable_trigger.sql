-- Re-enables a disabled trigger.
ALTER TABLE :"relation" ENABLE TRIGGER :"trigger";
