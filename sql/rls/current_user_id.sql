-- Who auth.uid() says the session is.
SELECT auth.uid()::text AS uid;
