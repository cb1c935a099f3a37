/**
 * The RLS isolation test (seed 001 step 6): in one transaction that always rolls back, two
 * organizations with a user each; as role authenticated with Supabase-style JWT claims, user A
 * must see only organization A's rows in all three tables and must not write organization B's.
 */
import { randomUUID } from 'node:crypto';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { DbError } from './errors.js';
import { withStepTransaction, type StepClient, type TransactionOptions } from './transaction.js';

export interface RlsProbe {
  readonly tried: string;
  readonly expected: string;
  readonly happened: string;
  readonly ok: boolean;
}

export interface RlsTestResult {
  readonly ok: boolean;
  readonly probes: readonly RlsProbe[];
  readonly durationMs: number;
  /** set when the test could not run at all */
  readonly error: string | null;
}

/** Runs one statement in a savepoint, so an expected error does not end the transaction. */
async function attempt(client: StepClient, sql: string, values: unknown[]): Promise<{ rows: number; error: { code: string; message: string } | null }> {
  await client.query('SAVEPOINT mantis_probe');
  try {
    const result = await client.query(sql, values);
    await client.query('RELEASE SAVEPOINT mantis_probe');
    return { rows: result.rowCount ?? 0, error: null };
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT mantis_probe');
    const e = error as { code?: string; message?: string };
    return { rows: 0, error: { code: e.code ?? '', message: e.message ?? String(error) } };
  }
}

export async function runRlsTest(db: Database, options: TransactionOptions): Promise<RlsTestResult> {
  const started = performance.now();
  const tag = randomUUID().slice(0, 8);
  const [orgA, orgB, userA, userB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  try {
    const { value: probes } = await withStepTransaction(db, options, async (client) => {
      await client.query(loadSql('rls/setup_organizations'), [orgA, orgB, tag]);
      await client.query(loadSql('rls/setup_users'), [userA, orgA, userB, orgB, tag]);
      for (const [org, user] of [[orgA, userA], [orgB, userB]] as const) {
        await client.query(loadSql('rls/claims'), [user]);
        await client.query(loadSql('rls/setup_rows'), [org, user, `${tag}-${org.slice(0, 4)}`]);
      }
      const become = await attempt(client, loadSql('rls/become_authenticated'), []);
      if (become.error) {
        throw new DbError('privilege', `cannot act as role authenticated (${become.error.message}): GRANT authenticated TO the user you connect as`);
      }
      await client.query(loadSql('rls/claims'), [userA]);
      const results: RlsProbe[] = [];
      const visible = await client.query<{ table_name: string; own: string; other: string }>(loadSql('rls/visible_rows'), [orgA, orgB]);
      for (const row of visible.rows) {
        const own = Number(row.own);
        const other = Number(row.other);
        results.push({
          tried: `user A reads ${row.table_name}`,
          expected: "A's 1 row, none of B's",
          happened: `${own} of A's, ${other} of B's`,
          ok: own === 1 && other === 0,
        });
      }
      const insertOwn = await attempt(client, loadSql('rls/insert_progress'), [orgA, tag]);
      results.push({
        tried: 'user A inserts a sync_progress row for A',
        expected: 'allowed',
        happened: insertOwn.error ? `refused: ${insertOwn.error.message}` : 'allowed',
        ok: insertOwn.error === null,
      });
      const insertOther = await attempt(client, loadSql('rls/insert_progress'), [orgB, tag]);
      results.push({
        tried: 'user A inserts a sync_progress row for B',
        expected: 'refused by RLS',
        happened: insertOther.error ? `refused (${insertOther.error.code})` : 'allowed',
        ok: insertOther.error?.code === '42501',
      });
      for (const [file, table] of [['rls/update_progress', 'sync_progress'], ['rls/update_cache', 'sync_preview_cache']] as const) {
        const update = await attempt(client, loadSql(file), [orgB]);
        results.push({
          tried: `user A updates B's ${table} rows`,
          expected: '0 rows changed',
          happened: update.error ? `refused (${update.error.code})` : `${update.rows} rows changed`,
          ok: update.error !== null || update.rows === 0,
        });
      }
      return { commit: false, value: results };
    });
    return { ok: probes.every((p) => p.ok), probes, durationMs: Math.round(performance.now() - started), error: null };
  } catch (error) {
    return { ok: false, probes: [], durationMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}
