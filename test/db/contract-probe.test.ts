/**
 * The contract probe (sql/contract/probe.sql) on real servers: statements the server parses,
 * binds and plans in a read-only transaction without running them, and, under --execute, runs
 * for real and undoes; directly and through a real PgBouncer in transaction mode.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { ContractStatement, ProbeResult } from '../../src/core/contract.js';
import { checkStatements, executeStatements } from '../../src/db/contract.js';
import { readOnlyDatabase, writableDatabase } from '../../src/db/session.js';
import { freshDatabase, hasPgBouncer, pooledUrl } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const USER_A = '00000000-0000-4000-8000-0000000000a1';

function statement(id: string, sql: string, params: (string | null)[] = []): ContractStatement {
  return {
    id,
    file: `src/${id}.ts`,
    line: 1,
    sql,
    params,
    kind: sql.trimStart().split(/\s/)[0]!.toUpperCase() === 'SELECT' ? 'SelectStmt' : 'InsertStmt',
    dynamic: null,
    references: { relations: [], columns: [], functions: [], types: [] },
    fingerprint: id,
  };
}

const STATEMENTS = [
  statement('spec-columns', 'SELECT current_item, eta_seconds FROM sync_progress WHERE org_id = $1', [null]),
  statement('variant-status', "UPDATE sync_progress SET status = 'done' WHERE id = $1", [null]),
  statement('bad-label', 'INSERT INTO sync_progress (org_id, sync_id, entity_type) VALUES ($1, $2, $3)', [
    ORG_A,
    's1',
    'products',
  ]),
  statement('no-such-column', 'INSERT INTO sync_activity_log (org_id, activity_type) VALUES ($1, $2)', [null, 'x']),
  statement('both', 'SELECT count(*) FROM sync_preview_cache WHERE org_id = $1', [null]),
];

const verdicts = (result: ProbeResult) =>
  Object.fromEntries(result.statements.map((o) => [o.id, o.status === 'ok' ? 'ok' : `fail ${o.sqlstate}`]));

function configFor(url: string) {
  return loadConfig({ env: {}, issohUrl: url, connectTimeout: 5 });
}

async function check(
  url: string,
  role: string | null = null,
  context: Record<string, string> = {},
): Promise<ProbeResult> {
  const config = configFor(url);
  const db = readOnlyDatabase(config.issoh!, config);
  try {
    const result = await checkStatements(db, STATEMENTS, { role, context });
    expect(db.queryCount).toBe(1);
    return result;
  } finally {
    await db.close();
  }
}

describe('the contract probe', () => {
  it('on the spec: spec columns work, the variant’s status does not, a wrong enum label fails; nothing is left prepared', async () => {
    const url = await freshDatabase('issohMigrated', 'contract');
    const result = await check(url);
    expect(verdicts(result)).toEqual({
      'spec-columns': 'ok',
      'variant-status': 'fail 42703',
      'bad-label': 'fail 22P02',
      'no-such-column': 'fail 42703',
      both: 'ok',
    });
    const label = result.statements.find((o) => o.id === 'bad-label');
    expect(label?.message).toBe('invalid input value for enum sync_entity_type: "products"');
    // checked, never run: the table is as empty as before, and no prepared statement survives on the backend
    await withClient(url, async (client) => {
      expect((await client.query('SELECT count(*)::int AS n FROM sync_progress')).rows[0].n).toBe(0);
    });
  });

  it('on the variant the application was written for: the reverse for status and the spec columns', async () => {
    const url = await freshDatabase('drifted', 'contract');
    expect(verdicts(await check(url))).toEqual({
      'spec-columns': 'fail 42703',
      'variant-status': 'ok',
      'bad-label': 'fail 22P02',
      'no-such-column': 'fail 42703',
      both: 'ok',
    });
  });

  it('as the application’s role: a role without the grant is told so (42501), a role that does not exist fails the probe', async () => {
    const url = await freshDatabase('drifted', 'contract');
    // The variant grants authenticated only SELECT: the UPDATE is refused at analysis, as the application would be.
    // The variant's policies read app.current_org_id, which the application sets (PostgreSQL 15 plans them with it).
    const result = await check(url, 'authenticated', { 'app.current_org_id': ORG_A });
    expect(verdicts(result)['variant-status']).toBe('fail 42501');
    expect(verdicts(result).both).toBe('ok');
    await expect(check(url, 'no_such_role')).rejects.toThrow(/no_such_role/);
  });

  it('--execute catches what only running shows: NOT NULL and RLS WITH CHECK, and undoes every statement', async () => {
    const url = await freshDatabase('issohMigrated', 'contract');
    await withClient(url, (client) =>
      client.query(
        `INSERT INTO organization (id, name, slug) VALUES ('${ORG_A}', 'A', 'a'), ('${ORG_B}', 'B', 'b');
         INSERT INTO auth.users_extended (id, org_id, email) VALUES ('${USER_A}', '${ORG_A}', 'a@example.com');`,
      ),
    );
    const statements = [
      statement('no-sync-id', "INSERT INTO sync_progress (org_id, entity_type) VALUES ($1, 'product')", [ORG_A]),
      statement('other-org', "INSERT INTO sync_progress (org_id, sync_id, entity_type) VALUES ($1, 's', 'product')", [
        ORG_B,
      ]),
      statement('own-org', "INSERT INTO sync_progress (org_id, sync_id, entity_type) VALUES ($1, 's', 'product')", [
        ORG_A,
      ]),
    ];
    const config = configFor(url);
    const db = writableDatabase(config.issoh!, config, {
      lockTimeoutMs: 5000,
      statementTimeoutMs: 30000,
      allowPooled: false,
    });
    try {
      const result = await executeStatements(
        db,
        statements,
        { role: 'authenticated', context: { 'request.jwt.claim.sub': USER_A } },
        { lockTimeoutMs: 5000, statementTimeoutMs: 30000 },
      );
      expect(verdicts(result)).toEqual({ 'no-sync-id': 'fail 23502', 'other-org': 'fail 42501', 'own-org': 'ok' });
      const notNull = result.statements.find((o) => o.id === 'no-sync-id');
      expect(notNull).toMatchObject({ table: 'sync_progress', column: 'sync_id' });
      expect(result.statements.find((o) => o.id === 'other-org')?.message).toMatch(/row-level security/);
    } finally {
      await db.close();
    }
    await withClient(url, async (client) => {
      expect((await client.query('SELECT count(*)::int AS n FROM sync_progress')).rows[0].n).toBe(0);
    });
  });
});

if (hasPgBouncer()) {
  describe('the contract probe through a real PgBouncer (transaction pooling)', () => {
    it('gives the direct path’s verdicts in one round trip, and leaves no prepared statement on the shared backend', async () => {
      const url = await freshDatabase('drifted', 'contract');
      const pooled = pooledUrl(url);
      const direct = verdicts(await check(url));
      // twice: a prepared statement left behind on the pooled backend would make the second PREPARE fail (42P05)
      expect(verdicts(await check(pooled))).toEqual(direct);
      expect(verdicts(await check(pooled))).toEqual(direct);
    });
  });
}
