-- Sets REPLICA IDENTITY as the migrations do (DEFAULT, FULL or NOTHING).
ALTER TABLE :"relation" REPLICA IDENTITY :identity;
