/** verify and plan --migrations DIR through the real binary: the cache in the user's cache directory, the flags' errors. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { databaseFrom, MIGRATION_FIXTURES as FIXTURES } from '../helpers/migrations.js';

describe('mantis-sync-tui verify --migrations DIR', () => {
  it('builds the intended state once into XDG_CACHE_HOME, then reads it; the database built from the files is ready', async () => {
    const cache = scratchDirectory('mantis-xdg-');
    const env = { DATABASE_URL: await databaseFrom(join(FIXTURES, 'clean')), XDG_CACHE_HOME: cache };
    const first = await runCli(['verify', '--migrations', join(FIXTURES, 'clean')], env);
    expect(first.stderr).toContain('building the intended state of');
    expect(first.stdout).toMatch(/pass · 0 fail .* → ready/);
    expect(first.stdout).not.toContain('sync_progress');
    expect(first.code).toBe(0);
    const second = await runCli(['verify', '--migrations', join(FIXTURES, 'clean'), '--json'], env);
    expect(second.stderr).not.toContain('building');
    expect(JSON.parse(second.stdout)).toMatchObject({ verdict: 'ready', partial: false, intended: { files: 8 } });
  }, 90_000);

  it('names a file that does not apply, with its line and SQLSTATE, and says the verdict is partial', async () => {
    const env = {
      DATABASE_URL: await databaseFrom(join(FIXTURES, 'failing'), ['002_patch.sql']),
      XDG_CACHE_HOME: scratchDirectory('mantis-xdg-'),
    };
    const r = await runCli(['verify', '--migrations', join(FIXTURES, 'failing')], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'MIG001 migration file does not apply: 002_patch.sql:4: 42601 syntax error at or near "RAISE"',
    );
    expect(r.stdout).toContain('partial: the intended state of');
    expect(r.stdout).toContain('built without 002_patch.sql (1 of 3 files did not apply)');
  }, 90_000);

  it('plan --migrations aims at the variant --target names', async () => {
    const variants = join(FIXTURES, 'variants');
    const env = {
      DATABASE_URL: await databaseFrom(variants, ['002_jobs_v2_spec.sql']),
      XDG_CACHE_HOME: scratchDirectory('mantis-xdg-'),
    };
    const toward = await runCli(['plan', '--migrations', variants, '--json'], env);
    const steps = JSON.parse(toward.stdout).steps as Array<{ id: string; title: string }>;
    expect(steps[0]).toMatchObject({
      id: 'intended-state',
      title: 'The database holds another variant than the one this plan aims at',
    });
    const aimed = await runCli(
      ['plan', '--migrations', variants, '--target', '002_jobs_v1_tracking.sql', '--json'],
      env,
    );
    expect((JSON.parse(aimed.stdout).steps as Array<{ id: string }>).map((s) => s.id)).toEqual(['reverify']);
  }, 90_000);

  it('apply --migrations DIR mends a database toward the files; verify with the same DIR then finds zero failures', async () => {
    const clean = join(FIXTURES, 'clean');
    // an older database: the first three files, one table dropped, two objects changed by hand
    const url = await databaseFrom(clean, [
      '004_security.sql',
      '005_later.sql',
      '006_concurrent_index.sql',
      '007_realtime.sql',
      '008_storage.sql',
    ]);
    await withClient(url, (client) =>
      client.query(`DROP TABLE shop.customer CASCADE;
        ALTER FUNCTION shop.touch_updated_at() RESET search_path;
        GRANT TRUNCATE ON shop.order_event TO authenticated`),
    );
    const env = { DATABASE_URL: url, XDG_CACHE_HOME: scratchDirectory('mantis-xdg-') };
    const before = await runCli(['verify', '--migrations', clean], env);
    expect(before.code).toBe(1);
    const applied = await runCli(
      ['apply', '--migrations', clean, '--yes', '--audit-log', join(scratchDirectory('mantis-audit-'), 'audit.jsonl')],
      env,
    );
    expect(applied.stderr).not.toContain('building');
    expect(applied.stdout).toContain('create-shop-customer');
    expect(applied.stdout).not.toContain('migration-0024');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const after = await runCli(['verify', '--migrations', clean, '--json'], env);
    expect(JSON.parse(after.stdout)).toMatchObject({ verdict: 'ready', summary: { fail: 0, blocked: 0 } });
    expect(after.code).toBe(0);
  }, 120_000);

  it('refuses a directory that is not there, and --target without --migrations (exit 2)', async () => {
    const env = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };
    const missing = await runCli(['verify', '--migrations', '/nonexistent/dir'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--migrations /nonexistent/dir: no such directory');
    const alone = await runCli(['verify', '--target', 'x.sql'], env);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--target names a file of --migrations DIR');
  });
});

describe("a migration set whose tables are not 0024's (test/fixtures/migrations/renamed)", () => {
  const renamed = join(FIXTURES, 'renamed');

  it("verify, apply, health and rollback's dry run read its tables from the intended state", async () => {
    // an older database: the first file only
    const url = await databaseFrom(renamed, ['002_imports.sql', '003_links.sql']);
    const env = { DATABASE_URL: url, XDG_CACHE_HOME: scratchDirectory('mantis-xdg-') };
    const audit = join(scratchDirectory('mantis-audit-'), 'audit.jsonl');
    const before = await runCli(['verify', '--migrations', renamed], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('stock.import_run');
    const applied = await runCli(['apply', '--migrations', renamed, '--yes', '--audit-log', audit], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const after = await runCli(['verify', '--migrations', renamed, '--json'], env);
    expect(JSON.parse(after.stdout)).toMatchObject({ summary: { fail: 0, blocked: 0 } });

    // Health: the set's tables and the partitions of its monthly partitioned one; no 0024 metrics
    const health = await runCli(['health', '--migrations', renamed, '--json'], env);
    expect(health.code, health.stderr).toBe(0);
    const report = JSON.parse(health.stdout);
    expect(report).toMatchObject({ unavailable: null, partitioned: ['stock.import_event'] });
    expect(report.partitions.map((p: { name: string }) => p.name)).toEqual([
      'import_event_2026_01',
      'import_event_2026_02',
      'import_event_later',
    ]);
    expect(report.health.metrics).toBeNull();
    expect(
      report.health.tables
        .filter((t: { partitionOf: string | null }) => !t.partitionOf)
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(['import_event', 'import_run', 'item', 'movement']);
    const text = await runCli(['health', '--migrations', renamed], env);
    expect(text.stdout).toContain('Partitions of stock.import_event');
    expect(text.stdout).not.toMatch(/sync_(progress|activity_log|preview_cache)|Key metrics/);

    // rollback's dry run: each table dropped before the tables it references (movement before item,
    // though item was created after it; the partitioned log before the run it references)
    const rollback = await runCli(
      ['rollback', '--migrations', renamed, '--dry-run', '--json', '--audit-log', audit],
      env,
    );
    expect(rollback.code, rollback.stderr).toBe(0);
    const result = JSON.parse(rollback.stdout);
    expect(result.outcome).toBe('dry-run');
    const items = result.items as Array<{ kind: string; object: string; present: boolean }>;
    expect(items.filter((i) => i.kind === 'table').map((i) => i.object)).toEqual([
      'stock.import_event',
      'stock.import_run',
      'stock.movement',
      'stock.item',
    ]);
    expect(items.every((i) => i.present)).toBe(true);
    expect(items.map((i) => i.object)).toEqual(
      expect.arrayContaining([
        'stock.movement.movement_read',
        'stock.import_run.import_run_touch',
        'stock.touch_import_run()',
        'stock.movement_kind',
      ]),
    );
    expect(result.remaining).toEqual([]);

    // the Monitor watches the set's table of syncs (found by its columns) and shows its rows
    await withClient(url, (client) =>
      client.query(`INSERT INTO stock.import_run (org_id, sync_id, processed_count, total_items)
        VALUES ('11111111-1111-4111-8111-111111111111', 'nightly-import', 40, 200);
        INSERT INTO stock.import_event (sync_id, message, occurred_at)
        VALUES ('nightly-import', 'started', '2027-06-15 10:00:00+00')`),
    );
    // the row in the catch-all, counted by month of the log's own partition key (occurred_at)
    const counted = await runCli(['verify', '--migrations', renamed, '--json'], env);
    const catchAll = (JSON.parse(counted.stdout).findings as Array<{ code: string; actual: string }>).find(
      (f) => f.code === 'PRT005',
    );
    expect(catchAll?.actual).toBe('1 row (2027-06: 1)');
    const watched = await runCli(['watch', '--migrations', renamed, '--once', '--interval', '0.5'], env);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/1 active sync\b/);
    expect(watched.stdout).toMatch(/nightly-import\s+-\s+40\s+0\s+200\s+20\b/);
    // a dry run: everything is still there
    const still = await runCli(['verify', '--migrations', renamed, '--json'], env);
    expect(JSON.parse(still.stdout)).toMatchObject({ summary: { fail: 0 } });
  }, 180_000);

  it('watch --migrations DIR on a set that creates no table of syncs says so, and stops (exit 1)', async () => {
    const clean = join(FIXTURES, 'clean');
    const env = { DATABASE_URL: await databaseFrom(clean), XDG_CACHE_HOME: scratchDirectory('mantis-xdg-') };
    const watched = await runCli(['watch', '--migrations', clean, '--once', '--interval', '0.5'], env);
    expect(watched.code).toBe(1);
    expect(watched.stderr).toContain(
      'creates no table of syncs (one with org_id, sync_id, processed_count, total_items): the monitor has nothing to watch',
    );
    expect(watched.stderr).not.toContain('sync_progress');
  }, 90_000);
});
