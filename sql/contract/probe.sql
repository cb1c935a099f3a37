-- The application's statements, each checked by the server itself in one round trip (issue 19).
-- $1: {"mode": "check"|"execute", "context": {"name": "value"}, "statements": [{"id", "sql", "params": [text|null]}]}
-- $2: the role the application connects as (NULL: this session's own); set for the probe only.
-- check:   PREPARE (parse, analyse, bind the parameter types) and EXPLAIN EXECUTE (plan) with the
--          example values (NULL where none is known): nothing runs, so this works in the read-only
--          transaction every read opens.
-- execute: the statement runs with its example values under the given context, in a subtransaction
--          that is always undone (a sentinel error on success), so statements do not see each
--          other's rows; the caller's transaction rolls back as well.
-- Prepared statements outlive a rolled-back subtransaction: each is deallocated by name, on every
-- path (never DEALLOCATE ALL: through a pooler the backend may hold other clients' statements).
-- The outcome goes back through a transaction-local setting, read by the SELECT after this block.
SELECT set_config('mantis.contract_input', $1, true),
       set_config('mantis.contract_role_before', current_setting('role'), true);
SELECT set_config('role', $2, true) WHERE $2 IS NOT NULL;
DO $probe$
DECLARE
  input jsonb := current_setting('mantis.contract_input')::jsonb;
  statement jsonb;
  outcomes jsonb := '[]'::jsonb;
  handle text;
  arity int;
  arguments text;
  sequences_before jsonb;
  sequences_after jsonb;
  setting record;
  e_state text; e_message text; e_detail text; e_hint text;
  e_schema text; e_table text; e_column text; e_constraint text; e_type text;
BEGIN
  FOR setting IN SELECT key, value FROM jsonb_each_text(coalesce(input->'context', '{}'::jsonb)) LOOP
    PERFORM set_config(setting.key, setting.value, true);
  END LOOP;
  IF input->>'mode' = 'execute' THEN
    SELECT coalesce(jsonb_object_agg(format('%I.%I', schemaname, sequencename), last_value), '{}'::jsonb)
      INTO sequences_before FROM pg_catalog.pg_sequences;
  END IF;
  FOR statement IN SELECT value FROM jsonb_array_elements(input->'statements') LOOP
    handle := 'mantis_contract_' || md5(statement->>'id');
    BEGIN
      EXECUTE format('PREPARE %I AS %s', handle, statement->>'sql');
      SELECT coalesce(cardinality(parameter_types), 0) INTO arity
        FROM pg_catalog.pg_prepared_statements WHERE name = handle;
      SELECT CASE WHEN arity = 0 THEN '' ELSE '(' || string_agg(quote_nullable(statement->'params'->>(n - 1)), ', ' ORDER BY n) || ')' END
        INTO arguments FROM generate_series(1, greatest(arity, 1)) AS n;
      IF input->>'mode' = 'execute' THEN
        EXECUTE format('EXECUTE %I%s', handle, arguments);
        RAISE EXCEPTION USING ERRCODE = 'MNTOK', MESSAGE = 'ran; undone';
      ELSE
        EXECUTE format('EXPLAIN EXECUTE %I%s', handle, arguments);
        EXECUTE format('DEALLOCATE %I', handle);
        outcomes := outcomes || jsonb_build_object('id', statement->>'id', 'status', 'ok', 'parameters', arity);
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL,
        e_hint = PG_EXCEPTION_HINT, e_schema = SCHEMA_NAME, e_table = TABLE_NAME, e_column = COLUMN_NAME,
        e_constraint = CONSTRAINT_NAME, e_type = PG_DATATYPE_NAME;
      IF EXISTS (SELECT FROM pg_catalog.pg_prepared_statements WHERE name = handle) THEN
        EXECUTE format('DEALLOCATE %I', handle);
      END IF;
      IF e_state = 'MNTOK' THEN
        outcomes := outcomes || jsonb_build_object('id', statement->>'id', 'status', 'ok', 'parameters', arity);
      ELSE
        outcomes := outcomes || jsonb_strip_nulls(jsonb_build_object(
          'id', statement->>'id', 'status', 'fail', 'sqlstate', e_state, 'message', e_message,
          'detail', nullif(e_detail, ''), 'hint', nullif(e_hint, ''), 'schema', nullif(e_schema, ''),
          'table', nullif(e_table, ''), 'column', nullif(e_column, ''),
          'constraint', nullif(e_constraint, ''), 'datatype', nullif(e_type, '')));
      END IF;
    END;
  END LOOP;
  IF input->>'mode' = 'execute' THEN
    SELECT coalesce(jsonb_object_agg(format('%I.%I', schemaname, sequencename), last_value), '{}'::jsonb)
      INTO sequences_after FROM pg_catalog.pg_sequences;
  END IF;
  PERFORM set_config('mantis.contract_result', jsonb_build_object(
    'statements', outcomes,
    'sequencesAdvanced', (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(coalesce(sequences_after, '{}'::jsonb))
                           WHERE value IS DISTINCT FROM sequences_before->key)
  )::text, true);
END
$probe$;
-- A dry run goes on after the probe: its next steps run as the session's own role again.
SELECT set_config('role', current_setting('mantis.contract_role_before'), true);
SELECT current_setting('mantis.contract_result')::jsonb AS result;
