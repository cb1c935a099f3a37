/**
 * The Monitor and Health screens in the whole app (ink-testing-library) against real databases
 * on the test server: syncs written by the simulator through the real table and its triggers,
 * a worker that died, a connection lost and found again, the partition step moving rows out of
 * the catch-all, the preview cache cleanup.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/core/config.js';
import type { Database } from '../../src/db/connect.js';
import { Simulator, type SyncProfile } from '../../src/db/simulator.js';
import { App } from '../../src/ui/App.js';
import { adminUrl, freshDatabase, hasPgBouncer, pooledUrl } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY, type Rendered, render } from './render.js';

const NOW = new Date(2026, 10, 21, 23, 15, 0);
const directory = mkdtempSync(join(tmpdir(), 'mantis-live-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const auditLog = join(directory, 'audit.jsonl');

const config = (issohUrl: string): Config => loadConfig({ env: {}, issohUrl, connectTimeout: 5 });

function app(cfg: Config, columns = 80, rows = 24, lockTimeoutMs?: number): Rendered {
  return render(
    <App
      config={cfg}
      directory={directory}
      now={() => NOW}
      env={{ HOME: directory }}
      writeSettings={{ auditLog, ...(lockTimeoutMs ? { lockTimeoutMs } : {}) }}
      watch={{ intervalMs: 400, feedEvery: 2 }}
    />,
    { columns, rows },
  );
}

function simulatorOn(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  const sim = new Simulator({ query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database);
  return {
    sim,
    pool,
    stop: async () => {
      await sim.stop();
      await pool.end();
    },
  };
}

/** "12.3k" → 12300, "1.2M" → 1200000 */
function fromCompact(text: string): number {
  const m = /^([\d.]+)([kMG]?)$/.exec(text);
  if (!m) throw new Error(`not a count: ${text}`);
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[2]!]!;
}

/** The processed count of a sync as its row shows it (DONE/FAILED/TOTAL column). */
function processedOf(frame: string, syncId: string): number | null {
  const line = frame.split('\n').find((l) => new RegExp(`^. \\S.* ${syncId} `).test(l));
  const counts = line ? /(\S+)\/(\S+)\/(\S+) /.exec(line) : null;
  return counts ? fromCompact(counts[1]!) : null;
}

/** The ETA column (the last one below 120 columns) of a sync's row. */
function etaOf(frame: string, syncId: string): string | null {
  const line = frame.split('\n').find((l) => new RegExp(`^. \\S.* ${syncId} `).test(l));
  return line ? (/(\S+)\s*$/.exec(line)?.[1] ?? null) : null;
}

/** The sync ids of the table's rows, top to bottom (the app's frame at 100x30: rows are lines 3-16). */
const tableOrder = (frame: string, ids: readonly string[]) =>
  frame
    .split('\n')
    .slice(3, 17)
    .map((line) => ids.find((id) => new RegExp(` ${id} `).test(line)))
    .filter((id): id is string => id !== undefined);

/** The sync id of the row under the cursor (›). */
const cursorSync = (frame: string): string | undefined => /^› Simulated \S+ +(\S+) /m.exec(frame)?.[1];
/** The sync id the detail line under the table names ("2/4 Simulated acme / fast: …"). */
const detailSync = (frame: string): string | undefined => /^(?:\d+\/\d+ )?Simulated \S+ \/ (\S+):/m.exec(frame)?.[1];

const PROFILES: SyncProfile[] = [
  { syncId: 'fast', org: 'acme', entity: 'product', source: 'odoo', total: 5_000_000, ratePerMin: 60_000 },
  { syncId: 'slow', org: 'globex', entity: 'order', source: 'woocommerce', total: 5_000_000, ratePerMin: 3_000 },
  // Done in a third of a second, a tenth failed: it shows up below, completed with errors.
  {
    syncId: 'quick',
    org: 'initech',
    entity: 'customer',
    source: 'odoo',
    total: 300,
    ratePerMin: 60_000,
    failureRate: 0.1,
  },
];

describe('the Monitor on syncs the simulator runs', () => {
  it('shows them move, marks the dead one stalled, sorts, filters, and lists what completed', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const { sim, pool, stop } = simulatorOn(url);
    try {
      await sim.start(PROFILES);
      // A worker that died two minutes ago: no writes since, not even a heartbeat.
      await pool.query(`INSERT INTO sync_progress (org_id, sync_id, job_id, entity_type, total_items, processed_count, source_system, started_at, updated_at)
        SELECT id, 'dead', 'dead', 'invoice', 1000, 10, 'custom', now() - interval '10 minutes', now() - interval '130 seconds' FROM organization WHERE slug = 'acme'`);
      sim.run(150);
      const ui = app(config(url), 100, 30);
      await ui.type('3');
      const first = await ui.waitFor((f) => (processedOf(f, 'fast') ?? 0) > 0 && /3 active syncs/.test(f), 20_000);
      // The detail line shows every field of the sync under the cursor.
      const chosen = cursorSync(first)!;
      expect(chosen).toBeDefined();
      expect(detailSync(first)).toBe(chosen);
      if (chosen === 'fast')
        expect(first).toMatch(/^Simulated acme \/ fast: product from odoo · elapsed \d+s · updated \d+s ago/m);
      const before = processedOf(first, 'fast')!;
      // The next frames come from the next ticks: the count grows.
      const later = await ui.waitFor((f) => (processedOf(f, 'fast') ?? 0) > before, 20_000);
      expect(processedOf(later, 'fast')!).toBeGreaterThan(before);
      // The dead worker: stalled for as long as it has been silent.
      expect(await ui.waitFor(/Simulated acme +dead +.* stalled 2m\d\ds /)).toMatch(/live, every 0\.4 s/);
      // ETA first: fast, slow, and the stalled one last.
      const ids = ['fast', 'slow', 'dead'];
      const known = await ui.waitFor((f) => ['fast', 'slow'].every((id) => /^\d/.test(etaOf(f, id) ?? '?')), 20_000);
      expect(tableOrder(known, ids)).toEqual(['fast', 'slow', 'dead']);
      // The rows re-sorted as the rates became known: the cursor and the detail line stayed on the sync they were on.
      expect(cursorSync(known)).toBe(chosen);
      expect(detailSync(known)).toBe(chosen);
      await ui.type('s');
      const byUpdate = await ui.waitFor('· sort last update');
      expect(tableOrder(byUpdate, ids).at(-1)).toBe('dead');
      await ui.type('s');
      expect(tableOrder(await ui.waitFor('· sort org'), ids)).toEqual(['dead', 'fast', 'slow']);
      // Filter by organization as it is typed; Enter keeps it, Esc clears it.
      await ui.type('/', 'g', 'l', 'o');
      const filtered = await ui.waitFor('1 of 3 active syncs');
      expect(filtered).toContain('/glo▏');
      expect(tableOrder(filtered, ids)).toEqual(['slow']);
      await ui.type(KEY.enter);
      await ui.waitFor(/· filter "glo"/);
      await ui.type(KEY.escape);
      await ui.waitFor(/^3 active syncs/m);
      // Below: the sync that completed, with its final status, and the trigger's log entry.
      const feed = await ui.waitFor(/completed_with_errors +Simulated initech \/ quick/, 20_000);
      expect(feed).toMatch(/── Completed in the last 15 min \(1\)/);
      expect(feed).toMatch(/sync_complete {2}completed_with_errors {2}Simulated initech \/ quick {2}300 records/);
      // Health draws the session's throughput from these ticks.
      await ui.type('6');
      const health = await ui.waitFor(/now \S+ · peak \S+ · \d+ ticks/);
      expect(health).toContain('Throughput this session');
      await ui.type('3', ' ');
      await ui.waitFor('· paused (space resumes)');
      // A sample already under way may still land: read the count once it has.
      await new Promise((resolve) => setTimeout(resolve, 800));
      const paused = processedOf(ui.frame(), 'fast');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(processedOf(ui.frame(), 'fast')).toBe(paused);
      // r samples once, even while paused.
      await ui.type('r');
      await ui.waitFor((f) => (processedOf(f, 'fast') ?? 0) > (paused ?? 0));
      expect(ui.frame()).toContain('· paused (space resumes)');
    } finally {
      await stop();
    }
  }, 90_000);

  it('says reconnecting when the database goes away, keeps the rows, and resumes when it is back', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const { sim, stop } = simulatorOn(url);
    try {
      await sim.start(PROFILES.slice(0, 2));
      sim.run(200);
      const ui = app(config(url), 160, 24);
      await ui.type('3');
      await ui.waitFor((f) => (processedOf(f, 'slow') ?? 0) > 0, 20_000);
      await withClient(adminUrl(), async (c) => {
        await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      });
      const lost = await ui.waitFor(/reconnecting \(attempt \d+, next in \d+ s\)/, 20_000);
      expect(lost).toMatch(/Simulated acme +fast /);
      expect(lost).toMatch(/Simulated globex +slow /);
      await withClient(adminUrl(), (c) => c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
      const back = await ui.waitFor(/live, every 0\.4 s/, 40_000);
      expect(back).toMatch(/^2 active syncs/m);
      expect(back).not.toContain('reconnecting');
    } finally {
      await withClient(adminUrl(), (c) => c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`)).catch(() => {});
      await stop();
    }
  }, 90_000);

  it('reads the drifted shape found in the wild (a text status column): the rows, their status, both stalled', async () => {
    const url = await freshDatabase('drifted', 'ui');
    const ui = app(config(url), 200, 24);
    await ui.type('3');
    const frame = await ui.waitFor(/^2 active syncs/m, 20_000);
    expect(frame).toMatch(/^. Drift Trading +woo-run-7 +customer +woocommer… .* stalled \S+ /m);
    expect(frame).toMatch(/^. Drift Trading +woo-run-8 +order .* stalled 1h\d\dm /m);
    expect(frame).toMatch(/^Drift Trading \/ woo-run-\d: .* · status (running|retrying)$/m);
    expect(frame).not.toMatch(/ woo-run-6 /);
  });

  it('r looks again once sync_progress exists (after the screen said it does not)', async () => {
    const url = await freshDatabase('migrated', 'ui');
    await withClient(url, (c) => c.query('ALTER TABLE sync_progress RENAME TO sync_progress_elsewhere'));
    const ui = app(config(url));
    await ui.type('3');
    await ui.waitFor('press 4 for Remediate');
    await withClient(url, (c) =>
      c.query(`ALTER TABLE sync_progress_elsewhere RENAME TO sync_progress;
        INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
        INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count) VALUES ('11111111-1111-4111-8111-111111111111', 'back', 'product', 100, 5);`),
    );
    await ui.type('r');
    const live = await ui.waitFor(/^1 active sync {2}·/m, 20_000);
    expect(live).toMatch(/^› Acme +back +█░+ +5%/m);
  });

  it('sync_progress dropped while watched (a rollback): says it is gone, drops the rows, points to Remediate; r finds it back', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const { sim, stop } = simulatorOn(url);
    try {
      await sim.start(PROFILES.slice(0, 2));
      sim.run(200);
      const ui = app(config(url));
      await ui.type('3');
      await ui.waitFor((f) => (processedOf(f, 'slow') ?? 0) > 0, 20_000);
      await sim.stop();
      await withClient(url, (c) => c.query('ALTER TABLE sync_progress RENAME TO sync_progress_aside'));
      const gone = await ui.waitFor('press 4 for Remediate', 20_000);
      expect(gone).toContain('✗ public.sync_progress is gone');
      expect(gone.replace(/\s+/g, ' ')).toMatch(
        /The last sample, at \d\d:\d\d:\d\d, had 2 active syncs: no longer shown/,
      );
      expect(gone).not.toMatch(/reconnecting|stalled|Simulated glo\S* +slow/);
      await withClient(url, (c) => c.query('ALTER TABLE sync_progress_aside RENAME TO sync_progress'));
      await ui.type('r');
      const back = await ui.waitFor(/^2 active syncs {2}·/m, 20_000);
      expect(back).toMatch(/Simulated glo\S* +slow /);
      expect(back).not.toContain('is gone');
    } finally {
      await stop();
    }
  }, 60_000);

  it('a wrong password: the error once with its fix and "the monitor stopped", no "reconnecting", no "no active syncs"', async () => {
    const url = new URL(await freshDatabase('migrated', 'ui'));
    url.password = 'not-the-password';
    const ui = app(config(url.toString()));
    await ui.type('3');
    const frame = await ui.waitFor('the monitor stopped', 20_000);
    expect(frame.replace(/\s+/g, ' ')).toMatch(
      /✗ IS-SOH \(.*\): password authentication failed for the user in .*: fix the password there/,
    );
    // The body: between the tab line and the status lines.
    const body = frame.split('\n').slice(1, -2).join('\n');
    expect(body).not.toMatch(/reconnecting|no active syncs|active syncs ·|Remediate/);
  });

  it('on seed 000 says sync_progress does not exist and points to Remediate (key 4)', async () => {
    const url = await freshDatabase('issohSeed000', 'ui');
    const ui = app(config(url));
    await ui.type('3');
    const frame = await ui.waitFor('press 4 for Remediate');
    expect(frame).toContain('✗ public.sync_progress does not exist here');
    expect(frame).toContain('r checks again once it exists.');
    await ui.type('4');
    await ui.waitFor((f) => !f.includes('press 4 for Remediate') && !f.includes('sync_progress does not exist'));
  });
});

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
      (a) => a.step === 'maintain partitions' && a.database.includes(new URL(url).pathname.slice(1)),
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
    const done = await ui.waitFor('✓ Partitions ahead: dry run: done and rolled back in', 30_000);
    const flat = done.replace(/\s+/g, ' ');
    expect(flat).toMatch(/would create \d+ partitions: 2026-03, 2026-04, /);
    expect(flat).toContain('would move 1 row out of the catch-all sync_activity_log_future');
    expect(await partitions()).toEqual(before);
    const audit = readFileSync(auditLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; mode: string; outcome: string; database: string });
    const mine = audit.filter(
      (a) => a.step === 'maintain partitions' && a.database.includes(new URL(url).pathname.slice(1)),
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
      const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
      await expect
        .poll(() => withClient(url, async (c) => (await c.query(waiting)).rows[0].n), { timeout: 15_000 })
        .toBe(1);
      await ui.type('q');
      await ui.waitFor('cancelling the running maintenance step: its transaction rolls back, then the app quits');
      await expect.poll(() => ui.stdin.listenerCount('readable'), { timeout: 15_000 }).toBe(0);
      const audit = readFileSync(auditLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: string; mode: string; outcome: string; database: string });
      const mine = audit.filter((a) => a.database.includes(new URL(url).pathname.slice(1)));
      expect(mine.map((a) => [a.step, a.mode, a.outcome])).toEqual([['maintain partitions', 'apply', 'interrupted']]);
      const left = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'mantis-sync-tui' AND state <> 'idle'`;
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

describe('the app through what Neon users have', () => {
  if (hasPgBouncer()) {
    it('through a real PgBouncer (transaction mode): the Overview reads both, pooled and read-only, the Monitor ticks, Health reads', async () => {
      const url = await freshDatabase('migrated', 'ui');
      await withClient(url, (c) =>
        c.query(`INSERT INTO organization (name, slug) VALUES ('Pooled', 'pooled');
                 INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, started_at)
                 SELECT id, 'through-the-pooler', 'product', 'odoo', 1000, 10, now() FROM organization`),
      );
      const ui = app(
        loadConfig({
          env: {},
          issohUrl: pooledUrl(url),
          sppUrl: pooledUrl(await freshDatabase('sppSeed000', 'ui')),
          connectTimeout: 5,
        }),
        120,
        30,
      );
      const overview = await ui.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
      expect(overview).toMatch(
        /read-only \(lock 5s, statement 30s\) · pooled · TLS +read-only \(lock 5s, statement 30s\) · pooled · TLS/,
      );
      await ui.type('3');
      expect(await ui.waitFor(/through-the-pooler/, 20_000)).toMatch(/^1 active sync/m);
      await ui.type('6');
      expect(await ui.waitFor(/sync_activity_log_future/, 20_000)).not.toContain('could not');
    }, 60_000);
  }

  it('one database given for both: the Overview says so once and expects no FDW link between them', async () => {
    const url = await freshDatabase('issohMigrated', 'ui');
    const ui = app(loadConfig({ env: {}, issohUrl: url, sppUrl: url, connectTimeout: 5 }), 120, 30);
    const overview = await ui.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
    expect(overview).toMatch(/✓ one database +IS-SOH and SPP are the same database: checked once, no FDW link needed/);
    expect(overview).not.toMatch(/FDW IS-SOH → SPP/);
    expect(overview).not.toContain('0024 in SPP');
  });
});
