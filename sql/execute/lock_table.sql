-- Before exporting rows that a rebuild or rollback will drop: nobody writes until the step ends.
LOCK TABLE :"relation" IN ACCESS EXCLUSIVE MODE;
