-- Takes back table privileges the spec does not give.
REVOKE :privileges ON TABLE :"relation" FROM :grantee;
