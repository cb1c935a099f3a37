-- From here on the transaction runs as the role the application's users have.
SET LOCAL ROLE authenticated;
