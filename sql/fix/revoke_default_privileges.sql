-- Tables the role creates later (new partitions) no longer get these privileges. :scope is empty or
-- IN SCHEMA <catalog schema name>; :privileges and :grantee are catalog names.
ALTER DEFAULT PRIVILEGES FOR ROLE :"role" :scope REVOKE :privileges ON TABLES FROM :grantee;
