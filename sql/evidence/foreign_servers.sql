-- Foreign servers, their wrapper, options (no passwords) and user mappings.
SELECT s.srvname, w.fdwname, s.srvoptions, array(SELECT usename FROM pg_user_mappings um WHERE um.srvid = s.oid) AS mapped_users
FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
ORDER BY s.srvname;
