-- The function: signature, language, volatility, SECURITY DEFINER, settings and body.
SELECT p.oid::regprocedure AS signature, l.lanname AS language, p.provolatile, p.prosecdef, p.proconfig,
       pg_get_functiondef(p.oid) AS definition
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname = :'schema' AND p.proname = :'name';
