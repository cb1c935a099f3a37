import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { Simulator, type SyncProfile } from '../../src/db/simulator.js';
import { adminUrl, freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { issohConfig as config, sharedDirectoryApp } from '../helpers/ui/app-harness.js';

const { app } = sharedDirectoryApp();

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
    expect(frame).toMatch(/^. Drift Trading +woo-run-7 +customer +woocommerce .* stalled \S+ /m);
    expect(frame).toMatch(/^. Drift Trading +woo-run-8 +order .* stalled 1h\d\dm /m);
    expect(frame).toMatch(/^Drift Trading \/ woo-run-\d: .* · status (running|retrying)$/m);
    expect(frame).not.toMatch(/ woo-run-6 /);
  });

  it('an infinity row: shown as such (ETA unknown, which timestamp is infinity) while every other sync carries on', async () => {
    const url = await freshDatabase('migrated', 'ui');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme'), ('Globex', 'globex');
        INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, failed_count, started_at, updated_at, completed_at)
        SELECT o.id, v.sync_id, v.entity::sync_entity_type, 1000, v.processed, 0, now() - interval '1 minute',
               v.updated_at::timestamptz, v.completed_at::timestamptz
        FROM organization o, (VALUES
          ('acme', 'acme-sync', 'product', 100, now()::text, NULL),
          ('acme', 'forever', 'invoice', 10, 'infinity', NULL),
          ('globex', 'globex-sync', 'order', 100, now()::text, NULL),
          ('globex', 'never', 'customer', 10, '-infinity', NULL),
          ('acme', 'done-forever', 'product', 10, now()::text, 'infinity')
        ) v(slug, sync_id, entity, processed, updated_at, completed_at)
        WHERE o.slug = v.slug;`),
    );
    const ui = app(config(url), 160, 30);
    await ui.type('3');
    const frame = await ui.waitFor(
      (f) => /^4 active syncs {2}· 2 with bad data/m.test(f) && /done-forever/.test(f),
      20_000,
    );
    expect(frame).toMatch(/^. Acme +forever +invoice +.* 10\/0\/1000 +\? +\? bad data +\S+ +\? *$/m);
    expect(frame).toMatch(/^. Globex +never +customer +.* 10\/0\/1000 +\? +\? bad data +\S+ +\? *$/m);
    // The other syncs, of both organizations, as ever.
    expect(frame).toMatch(/^. Acme +acme-sync +product +.* 100\/0\/1000 +\? +\? +\S+ +\d+s *$/m);
    expect(frame).toMatch(/^. Globex +globex-sync +order +.* 100\/0\/1000 +\? +\? +\S+ +\d+s *$/m);
    expect(frame).toMatch(/live, every 0\.4 s/);
    // Completed at infinity: in the feed, said as such.
    expect(frame).toMatch(/infinity {2}completed +Acme \/ done-forever/);
    // Under the cursor (ETA order, all unknown: by organization, then sync id), the detail line says what is wrong first.
    await ui.type('j');
    expect(await ui.waitFor(/^Acme \/ forever: /m)).toMatch(
      /^Acme \/ forever: updated_at is infinity · invoice · elapsed \S+ · updated_at infinity · 10 processed, 0 failed of 1,000 · rate unknown · ETA unknown/m,
    );
    expect(ui.frame()).not.toMatch(/monitor stopped|out of range/);
  });

  /** The Monitor has said sync_progress does not exist; then the table is back, with one sync. */
  async function monitorThenTableBack() {
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
    return ui;
  }

  it('r looks again once sync_progress exists (after the screen said it does not)', async () => {
    const ui = await monitorThenTableBack();
    await ui.type('r');
    const live = await ui.waitFor(/^1 active sync {2}·/m, 20_000);
    expect(live).toMatch(/^› Acme +back +product +█░+ +5%/m);
  });

  it('a verification after the table appeared (a step made it) looks again by itself: no r needed', async () => {
    const ui = await monitorThenTableBack();
    // Re-verify from the Overview (as a committed step does), then back to the Monitor.
    await ui.type('1');
    await ui.type('r');
    await ui.waitFor(/verified at/);
    await ui.type('3');
    await ui.waitFor(/^1 active sync {2}·/m, 20_000);
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
