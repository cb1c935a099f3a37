/**
 * The application's statements, checked by the server (sql/contract/probe): all of them in one
 * round trip. A check runs in the read-only transaction every read opens; an execution runs in a
 * step transaction (timeouts, advisory lock) that always rolls back; inside a dry run, the probe
 * runs on the dry run's own client after its steps.
 */
import type { ContractStatement, ProbeMode, ProbeResult } from '../core/contract.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { bindInline } from './inline.js';
import { type StepClient, type TransactionOptions, withStepTransaction } from './transaction.js';

export interface ProbeOptions {
  readonly mode: ProbeMode;
  /** the application's role (--as); null: the URL's login */
  readonly role: string | null;
  /** settings the application's statements read (app.current_org_id …), set for the probe's transaction */
  readonly context: Readonly<Record<string, string>>;
}

/** Only the statements the server can plan go to it; the rest are judged without it. */
function probeValues(statements: readonly ContractStatement[], options: ProbeOptions): unknown[] {
  const input = {
    mode: options.mode,
    context: options.context,
    statements: statements.map((s) => ({ id: s.id, sql: s.sql, params: s.params })),
  };
  return [JSON.stringify(input), options.role];
}

function resultOf(rows: ReadonlyArray<{ result?: ProbeResult }>): ProbeResult {
  const result = rows[0]?.result;
  if (!result) throw new Error('the contract probe returned no result');
  return result;
}

/** A check (parse, analyse, bind, plan; nothing runs) in a read-only transaction. */
export async function checkStatements(
  db: Pick<Database, 'query'>,
  statements: readonly ContractStatement[],
  options: Omit<ProbeOptions, 'mode'>,
): Promise<ProbeResult> {
  if (statements.length === 0) return { statements: [], sequencesAdvanced: {} };
  const result = await db.query<{ result: ProbeResult }>(
    loadSql('contract/probe'),
    probeValues(statements, { ...options, mode: 'check' }),
  );
  return resultOf(result.rows);
}

/** The probe on a client inside an open transaction (a dry run's, after its steps). */
export async function probeInTransaction(
  client: Pick<StepClient, 'query'>,
  statements: readonly ContractStatement[],
  options: ProbeOptions,
): Promise<ProbeResult> {
  if (statements.length === 0) return { statements: [], sequencesAdvanced: {} };
  // Several statements in one simple-protocol message: the values travel inline (node-postgres's quoting).
  const results = (await client.query(
    bindInline(loadSql('contract/probe'), probeValues(statements, options)),
  )) as unknown as Array<{ rows: Array<{ result?: ProbeResult }> }>;
  return resultOf(results[results.length - 1]?.rows ?? []);
}

/**
 * The probe inside a transaction that must go on after it (a dry run between its steps): in a
 * savepoint, so a probe that fails (a role that does not exist) cannot abort the dry run.
 */
export async function probeInSavepoint(
  client: Pick<StepClient, 'query'>,
  statements: readonly ContractStatement[],
  options: ProbeOptions,
): Promise<ProbeResult> {
  await client.query('SAVEPOINT mantis_contract');
  try {
    const result = await probeInTransaction(client, statements, options);
    await client.query('RELEASE SAVEPOINT mantis_contract');
    return result;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT mantis_contract');
    throw error;
  }
}

/** Every statement run for real, each undone, in a transaction that rolls back. */
export async function executeStatements(
  db: Database,
  statements: readonly ContractStatement[],
  options: Omit<ProbeOptions, 'mode'>,
  transaction: TransactionOptions,
): Promise<ProbeResult> {
  const { value } = await withStepTransaction(db, transaction, async (client) => ({
    commit: false,
    value: await probeInTransaction(client, statements, { ...options, mode: 'execute' }),
  }));
  return value;
}
