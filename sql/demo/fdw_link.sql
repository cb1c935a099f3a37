-- Seed 000's bridge: a postgres_fdw server in this database pointing at the other one, with a
-- user mapping (read-only convenience; writes belong in each database's own schema).
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER :"server" FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'host', port :'port', dbname :'dbname');
CREATE USER MAPPING FOR CURRENT_USER SERVER :"server" OPTIONS (user :'user', password :'password');
