/** sql/prereq, sql/migrations and sql/rollback on a real server: idempotent, exact, reversible. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { toExpectedState } from '../../src/core/manifest.js';
import { openDatabase } from '../../src/db/connect.js';
import { introspect } from '../../src/db/introspect.js';
import { freshDatabase } from '../helpers/context.js';
import { applyFiles, MIGRATION_FILE, PREREQ_FILES, ROLLBACK_FILE, withClient } from '../helpers/databases.js';
import { verifyUrls } from '../helpers/verify.js';

async function expectedState(url: string) {
  const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
    readOnly: true,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 5000,
  });
  try {
    return toExpectedState(await introspect(db));
  } finally {
    await db.close();
  }
}

describe('sql/prereq and sql/migrations', () => {
  it('change nothing when applied a second time', async () => {
    const url = await freshDatabase('migrated', 'sql');
    const before = await expectedState(url);
    await applyFiles(url, [...PREREQ_FILES, MIGRATION_FILE]);
    expect(await expectedState(url)).toEqual(before);
  });

  it('fail cleanly, leaving nothing behind, when 0024 runs without its prerequisites', async () => {
    const url = await freshDatabase('issohSeed000', 'sql');
    await expect(applyFiles(url, [MIGRATION_FILE])).rejects.toThrow(/organization/);
    const report = await verifyUrls(url);
    expect(report.findings.find((f) => f.code === 'ENM001')?.actual).toBe('does not exist');
  });

  it('PRQ003’s fix runs on its own, before the roles it grants to exist, and grants to them when they do', async () => {
    const url = await freshDatabase('issohSeed000', 'sql');
    const fix = (await verifyUrls(url)).findings.find((f) => f.code === 'PRQ003')!;
    expect([fix.status, fix.blockedBy]).toEqual(['fail', []]);
    await withClient(url, async (c) => {
      // Roles are the cluster's: renamed away inside a transaction that rolls back, nobody else sees it.
      await c.query('BEGIN');
      try {
        await c.query(
          'ALTER ROLE anon RENAME TO mantis_test_anon_away; ALTER ROLE authenticated RENAME TO mantis_test_authenticated_away',
        );
        await c.query(fix.fix!);
        const schema = await c.query(`SELECT nspacl::text AS acl FROM pg_namespace WHERE nspname = 'auth'`);
        expect(schema.rows).toHaveLength(1);
      } finally {
        await c.query('ROLLBACK');
      }
      await c.query(fix.fix!);
      const usage = await c.query<{ r: string; usage: boolean }>(
        `SELECT r, has_schema_privilege(r, 'auth', 'USAGE') AS usage FROM unnest(ARRAY['anon', 'authenticated']) r ORDER BY r`,
      );
      expect(usage.rows).toEqual([
        { r: 'anon', usage: true },
        { r: 'authenticated', usage: true },
      ]);
    });
  });

  it('report an existing auth.uid() with its definition and never replace it', async () => {
    const url = await freshDatabase('issohSeed000', 'sql');
    const theirs = `CREATE SCHEMA auth; CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$`;
    await withClient(url, (c) => c.query(theirs));
    await applyFiles(url, [...PREREQ_FILES, MIGRATION_FILE]);
    const body = await withClient(url, (c) =>
      c.query<{ prosrc: string }>(`SELECT prosrc FROM pg_proc WHERE oid = 'auth.uid()'::regprocedure`),
    );
    expect(body.rows[0]?.prosrc).toContain("nullif(current_setting('request.jwt.claim.sub', true), '')::uuid");
    const finding = (await verifyUrls(url)).findings.find((f) => f.code === 'PRQ007')!;
    expect(finding.status).toBe('pass');
    expect(finding.title).toContain('another definition that reads the Supabase JWT settings');
    expect(finding.actual).toContain("current_setting('request.jwt.claim.sub', true)");
  });
});

describe('sql/rollback', () => {
  it("removes every 0024 object and keeps the prerequisites (seed 001's order)", async () => {
    const url = await freshDatabase('migrated', 'sql');
    await applyFiles(url, [ROLLBACK_FILE]);
    const report = await verifyUrls(url);
    const prerequisites = report.findings.filter((f) => f.group === 'prerequisites');
    expect(prerequisites.every((f) => f.status === 'pass')).toBe(true);
    const tables = report.findings.filter((f) => f.code === 'TBL001');
    expect(tables.map((f) => [f.object, f.status])).toEqual([
      ['public.sync_activity_log', 'fail'],
      ['public.sync_preview_cache', 'fail'],
      ['public.sync_progress', 'fail'],
    ]);
    expect(report.findings.filter((f) => f.code === 'ENM001').length).toBe(4);
    await applyFiles(url, [ROLLBACK_FILE]); // and again, on a database without 0024
  });
});
