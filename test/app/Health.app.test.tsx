/**
 * The Health screen in the whole app (ink-testing-library) against a real IS-SOH: the report, the
 * partition step moving rows out of the catch-all, the preview cache cleanup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { issohConfig as config, NOW, sharedDirectoryApp } from '../helpers/ui/app-harness.js';

const { directory, auditLog, app } = sharedDirectoryApp();

describe('the Health screen on a real IS-SOH', () => {
  it('p creates the months ahead, moving the rows out of the catch-all; a second p has nothing to do', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const stamps = [
      '2026-03-02 00:00+00',
      '2026-04-15 12:00+00',
      '2026-07-15 12:00+00',
      '2026-11-20 08:00+00',
      '2025-11-11 00:00+00',
    ];
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
        INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
        SELECT gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'batch_process', 'completed', ts::timestamptz
        FROM unnest(ARRAY[${stamps.map((t) => `'${t}'`).join(', ')}]) ts; ANALYZE sync_activity_log;`),
    );
    const inCatchAll = stamps.filter((t) => new Date(t) >= new Date('2026-03-01T00:00:00Z')).length;
    const ui = app(config(url), 100, 40);
    await ui.type('6');
    const report = await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/);
    expect(report).toMatch(/sync_activity_log_future +FROM 2026-03-01 TO MAXVALUE/);
    expect(report.replace(/\s+/g, ' ')).toMatch(/PRT005 .*catch-all/);
    await ui.type('p');
    await ui.waitFor('[y/N]');
    await ui.type('y');
    const done = await ui.waitFor('✓ Partitions ahead: done in', 30_000);
    const flat = done.replace(/\s+/g, ' ');
    expect(flat).toContain(`moved ${inCatchAll} rows out of the catch-all sync_activity_log_future`);
    expect(flat).toMatch(/created \d+ partitions: 2026-03, 2026-04, /);
    expect(flat).toMatch(/rows per partition: .*sync_activity_log_2026_03 1, sync_activity_log_2026_04 1/);
    // The report is read again: the new months are listed.
    await ui.waitFor(/sync_activity_log_2026_04 +FROM 2026-04-01 TO 2026-05-01/);
    const placed = await withClient(url, (c) =>
      c.query<{ partition: string; n: number }>(
        'SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM sync_activity_log GROUP BY 1',
      ),
    );
    expect(placed.rows.reduce((sum, r) => sum + r.n, 0)).toBe(stamps.length);
    expect(placed.rows.find((r) => r.partition === 'sync_activity_log_2026_07')?.n).toBe(1);
    await ui.type('p', 'y');
    await ui.waitFor('✓ Partitions ahead: nothing to do', 30_000);
    expect(ui.frame()).toContain('every month through 3 months ahead already has a partition of its own');
    const audit = readFileSync(auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; outcome: string; database: string });
    const steps = audit.filter(
      (a) =>
        a.step === 'maintain partitions' &&
        a.outcome !== 'started' &&
        a.database.includes(new URL(url).pathname.slice(1)),
    );
    expect(steps.map((a) => a.outcome)).toEqual(['committed', 'nothing-to-do']);
    expect(audit.every((a) => !a.database.includes('mantis-test-secret'))).toBe(true);
  }, 60_000);

  it('d then p dry-runs the partitions: what it would do, then the same partitions and rows as before', async () => {
    const url = await freshDatabase('migrated', 'ui');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
        INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
        VALUES (gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'batch_process', 'completed', '2026-04-15 12:00+00');`),
    );
    const partitions = () =>
      withClient(url, (c) =>
        c.query<{
          name: string;
          n: number;
        }>(`SELECT c.relname AS name, (SELECT count(*)::int FROM sync_activity_log l WHERE l.tableoid = c.oid) AS n
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.sync_activity_log'::regclass ORDER BY 1`),
      ).then((r) => r.rows);
    const before = await partitions();
    const ui = app(config(url), 100, 40);
    await ui.type('6');
    await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/);
    await ui.type('d');
    await ui.waitFor('dry run of which step?');
    await ui.type('p');
    const done = await ui.waitFor('✓ Partitions ahead: dry run: done, checked and rolled back (', 30_000);
    const flat = done.replace(/\s+/g, ' ');
    expect(flat).toMatch(/would create \d+ partitions: 2026-03, 2026-04, /);
    expect(flat).toContain('would move 1 row out of the catch-all sync_activity_log_future');
    expect(await partitions()).toEqual(before);
    const audit = readFileSync(auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; mode: string; outcome: string; database: string });
    const mine = audit.filter(
      (a) =>
        a.step === 'maintain partitions' &&
        a.outcome !== 'started' &&
        a.database.includes(new URL(url).pathname.slice(1)),
    );
    expect(mine.map((a) => [a.mode, a.outcome])).toEqual([['dry-run', 'dry-run']]);
  }, 60_000);

  it('q while a step waits for a lock cancels it: rolled back, audited as interrupted, then the app quits', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const partitions = () =>
      withClient(url, (c) =>
        c.query<{ name: string }>(
          `SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'public.sync_activity_log'::regclass ORDER BY 1`,
        ),
      ).then((r) => r.rows);
    const before = await partitions();
    const ui = app(config(url), 100, 40, 60_000);
    await ui.type('6');
    await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/);
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE public.sync_activity_log IN ACCESS EXCLUSIVE MODE');
      await ui.type('p', 'y');
      const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
      await expect
        .poll(() => withClient(url, async (c) => (await c.query(waiting)).rows[0].n), { timeout: 15_000 })
        .toBe(1);
      await ui.type('q');
      await ui.waitFor('cancelling maintain partitions: its transaction rolls back, then the app quits');
      await expect.poll(() => ui.stdin.listenerCount('readable'), { timeout: 15_000 }).toBe(0);
      const audit = readFileSync(auditLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: string; mode: string; outcome: string; database: string });
      const mine = audit.filter((a) => a.outcome !== 'started' && a.database.includes(new URL(url).pathname.slice(1)));
      expect(mine.map((a) => [a.step, a.mode, a.outcome])).toEqual([['maintain partitions', 'apply', 'interrupted']]);
      const left = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND state <> 'idle'`;
      await expect
        .poll(() => withClient(url, async (c) => (await c.query(left)).rows[0].n), { timeout: 10_000 })
        .toBe(0);
    } finally {
      await blocker.query('ROLLBACK').catch(() => {});
      await blocker.end();
    }
    expect(await partitions()).toEqual(before); // nothing was created
  }, 60_000);

  it('c cleans up the expired preview cache entries after y and shows how many; n changes nothing', async () => {
    const url = await freshDatabase('migrated', 'ui');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
        INSERT INTO sync_preview_cache (org_id, sync_type, cache_key) SELECT '11111111-1111-4111-8111-111111111111', 'odoo', 'live-' || i FROM generate_series(1, 4) i;
        BEGIN; SELECT pg_sleep(0.4);
        INSERT INTO sync_preview_cache (org_id, sync_type, cache_key, expires_at)
        SELECT '11111111-1111-4111-8111-111111111111', 'odoo', 'old-' || i, clock_timestamp() - interval '100 milliseconds' FROM generate_series(1, 3) i;
        COMMIT;`),
    );
    const ui = app(config(url), 100, 40);
    await ui.type('6');
    await ui.waitFor('Preview cache  4 live · 3 expired');
    await ui.type('c');
    await ui.waitFor('auto_cleanup_preview_cache()');
    await ui.type('n');
    await ui.waitFor('not confirmed: the cache was not cleaned up; nothing was changed');
    expect(await withClient(url, (c) => c.query('SELECT count(*)::int AS n FROM sync_preview_cache'))).toMatchObject({
      rows: [{ n: 7 }],
    });
    await ui.type('c', 'y');
    const done = await ui.waitFor('✓ Cache cleanup: done in', 30_000);
    expect(done).toContain('deleted 3 expired entries (before: 4 live, 3 expired)');
    await ui.waitFor('Preview cache  4 live · 0 expired');
    expect(await withClient(url, (c) => c.query('SELECT count(*)::int AS n FROM sync_preview_cache'))).toMatchObject({
      rows: [{ n: 4 }],
    });
  }, 60_000);

  it('w changes the metrics window and reads again; A wants the exact database name', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    const ui = app(config(url), 100, 40);
    await ui.type('6');
    await ui.waitFor('Key metrics (last 60 min');
    await ui.type('w');
    await ui.waitFor('Key metrics (last 24 h');
    await ui.type('w');
    await ui.waitFor('Key metrics (last 15 min');
    await ui.type('A');
    await ui.waitFor(`Type ${database}:`);
    await ui.type(...'wrong');
    await ui.type(KEY.enter);
    await ui.waitFor('"wrong" is not');
    expect(ui.frame()).not.toContain(`Type ${database}:`);
    await ui.type('A', KEY.escape);
    await ui.waitFor('cancelled: nothing was archived; nothing was changed');
    // With the name: the partitions whose months ended more than 6 months ago (0024 creates
    // 2025-11 to 2026-02) are exported and detached; which ones depends on today's date.
    await ui.type('A', ...database, KEY.enter);
    const done = await ui.waitFor(/✓ Archive: (done in \d+ ms|nothing to do)/, 30_000);
    const archived = await withClient(url, (c) =>
      c.query<{ name: string }>(
        "SELECT relname AS name FROM pg_class WHERE relname LIKE 'sync_activity_log_%_archived' ORDER BY 1",
      ),
    );
    if (archived.rows.length === 0) {
      expect(done).toContain('no partition ended more than 6 months ago');
    } else {
      for (const { name } of archived.rows)
        expect(done).toContain(`${name.replace(/_archived$/, '')} → ${name} (0 rows)`);
      const stamp = NOW.toISOString().replace(/[:.]/g, '').slice(0, 15);
      expect(done.replace(/\s+/g, ' ')).toContain(
        `exported to ${join(directory, `mantis-archive-${database}-${stamp}`)}`,
      );
    }
  }, 60_000);

  it("a pooled URL refuses the steps with pooledRefusal's words, before any question", async () => {
    const pooled = loadConfig({
      env: {},
      issohUrl: 'postgresql://ops:pw@ep-quiet-1-pooler.invalid/neondb?sslmode=require',
      connectTimeout: 1,
    });
    const ui = app(pooled, 120, 30);
    await ui.type('6');
    await ui.type('p');
    const refused = await ui.waitFor('is a Neon pooled endpoint (-pooler)');
    expect(refused.replace(/\s+/g, ' ')).toContain(
      'refused: IS-SOH (ep-quiet-1-pooler.invalid) is a Neon pooled endpoint (-pooler)',
    );
    expect(refused).not.toContain('[y/N]');
  });
});
