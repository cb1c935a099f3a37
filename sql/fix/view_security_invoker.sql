-- The view reads its tables with the caller's rights, so their policies filter the caller (PostgreSQL 15+).
ALTER VIEW :"view" SET (security_invoker = true);
