-- Row-level security filters the role again.
ALTER ROLE :"role" NOBYPASSRLS;
