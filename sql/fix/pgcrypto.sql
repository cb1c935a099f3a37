-- gen_random_uuid() for servers older than PostgreSQL 13.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
