-- Takes back one privilege on some columns (a column-level GRANT): :privilege is a catalog
-- privilege name, :columns the columns, each already quoted. A REVOKE on the table leaves these.
REVOKE :privilege (:columns) ON TABLE :"relation" FROM :grantee;
