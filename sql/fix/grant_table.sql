-- Restores the spec's table privileges.
GRANT :privileges ON TABLE :"relation" TO :"grantee";
