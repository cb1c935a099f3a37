/** The monitor on a real server, fed by the simulator through the real table and triggers. */

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Watcher } from '../../src/commands/watch.js';
import { loadConfig } from '../../src/config.js';
import { clockFields, historyOf, type WatchEvent } from '../../src/core/monitor.js';
import { type Database, openDatabase } from '../../src/db/connect.js';
import { introspect } from '../../src/db/introspect.js';
import { samplingShape, tickSql } from '../../src/db/sample.js';
import { Simulator, type SyncProfile } from '../../src/db/simulator.js';
import { freshDatabase } from '../helpers/context.js';
import { applyFiles, MIGRATION_FILE, PREREQ_FILES, withClient } from '../helpers/databases.js';
import { startOwnServer } from '../helpers/own-server.js';

const SETTINGS = { intervalMs: 500, feedEvery: 4, fullEvery: 15, minutes: 15 };

function readOnly(url: string): Database {
  return openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
    readOnly: true,
    connectTimeoutMs: 3000,
    statementTimeoutMs: 5000,
    max: 1,
  });
}

function simulatorOn(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  return {
    sim: new Simulator({ query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database),
    pool,
  };
}

/** Runs the watcher until `until` says stop (or ticks run out); returns every event. */
async function watchUntil(
  watcher: Watcher,
  until: (event: WatchEvent) => boolean,
  maxMs = 20_000,
): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), maxMs);
  await watcher.run((event) => {
    events.push(event);
    return !until(event);
  }, controller.signal);
  clearTimeout(timer);
  return events;
}

const ticks = (events: WatchEvent[]) =>
  events.filter((e): e is Extract<WatchEvent, { kind: 'tick' }> => e.kind === 'tick');
const viewOf = (event: Extract<WatchEvent, { kind: 'tick' }>, syncId: string) =>
  event.computed.views.find((v) => v.syncId === syncId);

describe('the monitor against the simulator', () => {
  it('converges to the true ETA of steady syncs within 10 %, and follows a tenfold slowdown', async () => {
    const url = await freshDatabase('migrated', 'mon');
    const { sim, pool } = simulatorOn(url);
    const profiles: SyncProfile[] = [
      { syncId: 'steady', org: 'acme', entity: 'product', source: 'odoo', total: 200_000, ratePerMin: 12_000 },
      { syncId: 'steady-2', org: 'globex', entity: 'order', source: 'woocommerce', total: 50_000, ratePerMin: 3_000 },
      {
        syncId: 'slows',
        org: 'acme',
        entity: 'invoice',
        source: 'custom',
        total: 200_000,
        ratePerMin: 12_000,
        slowdown: { afterSeconds: 3, factor: 10 },
      },
    ];
    await sim.start(profiles);
    sim.run(100);
    const db = readOnly(url);
    try {
      const watcher = new Watcher(db, SETTINGS);
      const events = ticks(await watchUntil(watcher, (e) => e.kind === 'tick' && e.state.ticks >= 14));
      const last = events.at(-1)!;
      for (const id of ['steady', 'steady-2']) {
        const view = viewOf(last, id)!;
        const truth = sim.truth(id.startsWith('steady-') ? 'globex' : 'acme', id)!;
        expect(view.etaSeconds, id).not.toBeNull();
        expect(
          Math.abs(view.etaSeconds! - truth.etaSeconds!) / truth.etaSeconds!,
          `${id}: ${view.etaSeconds} vs ${truth.etaSeconds}`,
        ).toBeLessThan(0.1);
      }
      // Four samples (2 s) after the slowdown is well behind us, the rate says so.
      const slowed = viewOf(last, 'slows')!;
      expect(slowed.ratePerMin!).toBeLessThan((12_000 / 10) * 2);
      expect(slowed.etaSeconds!).toBeGreaterThan(((200_000 - slowed.processed) / (12_000 / 60)) * 5);
      expect(events[0]!.computed.views.every((v) => v.ratePerMin === null)).toBe(true); // unknown until two samples
      expect(last.feed?.orgNames.get(slowed.orgId)).toBe('Simulated acme');
    } finally {
      await sim.stop();
      await pool.end();
      await db.close();
    }
  });

  it('escapes entity_type too when one of its enum labels has a tab', async () => {
    const url = await freshDatabase('migrated', 'mon');
    await withClient(url, (c) => c.query(`ALTER TYPE sync_entity_type ADD VALUE E'odd\\tlabel'`));
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items) SELECT id, 'tabbed', E'odd\\tlabel', 10 FROM organization;`),
    );
    const db = readOnly(url);
    try {
      expect(samplingShape(await introspect(db)).plainEntityLabels).toBe(false);
      const events = ticks(await watchUntil(new Watcher(db, SETTINGS), (e) => e.kind === 'tick' && e.state.ticks >= 1));
      expect(viewOf(events.at(-1)!, 'tabbed')).toMatchObject({ entityType: 'odd\tlabel', total: 10 });
    } finally {
      await db.close();
    }
  });

  it('calls a sync without progress for more than 30 s stalled, with for how long', async () => {
    const url = await freshDatabase('migrated', 'mon');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at, updated_at)
               SELECT id, 'stuck', 'product', 1000, 400, now() - interval '5 minutes', now() - interval '45 seconds' FROM organization;
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, source_system)
               SELECT id, E'odd\tid, "quoted"\n', 'order', 10, NULL FROM organization;
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, source_system)
               SELECT id, '\\N', 'order', 10, 'back\\slash\\t' FROM organization;
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, source_system)
               SELECT id, 'empty-source', 'order', 10, '' FROM organization;`),
    );
    const db = readOnly(url);
    try {
      const events = ticks(await watchUntil(new Watcher(db, SETTINGS), (e) => e.kind === 'tick' && e.state.ticks >= 2));
      expect(viewOf(events.at(-1)!, 'stuck')).toMatchObject({ stalled: true, etaSeconds: null });
      expect(
        clockFields(viewOf(events.at(-1)!, 'stuck')!, events.at(-1)!.state.serverNow).stalledForSeconds,
      ).toBeGreaterThanOrEqual(45);
      // Tabs, quotes and newlines in a sync id, and a NULL source, survive the compact tick format.
      expect(viewOf(events.at(-1)!, 'odd\tid, "quoted"\n')).toMatchObject({
        entityType: 'order',
        sourceSystem: null,
        total: 10,
      });
      // A sync literally named \N is not NULL; backslashes come back as they were; '' is not NULL.
      expect(viewOf(events.at(-1)!, '\\N')).toMatchObject({ sourceSystem: 'back\\slash\\t' });
      expect(viewOf(events.at(-1)!, 'empty-source')).toMatchObject({ sourceSystem: '' });
      // The enum's labels have no tab, newline or backslash: entity_type is sent as it is.
      expect(samplingShape(await introspect(db)).plainEntityLabels).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('an infinity row: each odd row says what is wrong (its ETA unknown), and every other sync is sampled as usual', async () => {
    const url = await freshDatabase('migrated', 'mon');
    const { sim, pool } = simulatorOn(url);
    await sim.start([
      { syncId: 'steady', org: 'acme', entity: 'product', source: 'odoo', total: 1_000_000, ratePerMin: 6_000 },
    ]);
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Odd', 'odd');
        -- The triggers refuse a start at infinity (elapsed_seconds): written as a restore would, without them.
        SET session_replication_role = replica;
        INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at, updated_at, completed_at)
        SELECT id, v.sync_id, 'order', 1000, 10, v.started_at::timestamptz, v.updated_at::timestamptz, v.completed_at::timestamptz
        FROM organization, (VALUES
          ('forever', (now() - interval '1 minute')::text, 'infinity', NULL),
          ('never', (now() - interval '1 minute')::text, '-infinity', NULL),
          ('from-eternity', '-infinity', now()::text, NULL),
          ('from-the-future', (now() + interval '1 day')::text, now()::text, NULL),
          ('done-forever', (now() - interval '1 minute')::text, now()::text, 'infinity')
        ) v(sync_id, started_at, updated_at, completed_at)
        WHERE slug = 'odd';
        INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, created_at)
        SELECT gen_random_uuid(), id, 'done-forever', 'sync_complete', 'completed', 'infinity' FROM organization WHERE slug = 'odd';`),
    );
    sim.run(100);
    const db = readOnly(url);
    try {
      const events = await watchUntil(new Watcher(db, SETTINGS), (e) => e.kind === 'tick' && e.state.ticks >= 5);
      expect(events.map((e) => e.kind)).toEqual(['tick', 'tick', 'tick', 'tick', 'tick']);
      const last = ticks(events).at(-1)!;
      expect(last.computed.views.map((v) => v.syncId).sort()).toEqual([
        'forever',
        'from-eternity',
        'from-the-future',
        'never',
        'steady',
      ]);
      expect(viewOf(last, 'steady')).toMatchObject({ problem: null, stalled: false });
      expect(viewOf(last, 'steady')!.etaSeconds).not.toBeNull();
      const unknown = { etaSeconds: null, ratePerMin: null, stalled: false };
      expect(viewOf(last, 'forever')).toMatchObject({
        ...unknown,
        updatedAt: Number.POSITIVE_INFINITY,
        problem: 'updated_at is infinity',
      });
      expect(viewOf(last, 'never')).toMatchObject({
        ...unknown,
        updatedAt: Number.NEGATIVE_INFINITY,
        problem: 'updated_at is -infinity',
      });
      expect(viewOf(last, 'from-eternity')).toMatchObject({
        startedAt: Number.NEGATIVE_INFINITY,
        problem: 'started_at is -infinity',
      });
      expect(clockFields(viewOf(last, 'from-eternity')!, last.state.serverNow).elapsedSeconds).toBeNull();
      expect(viewOf(last, 'from-the-future')!.problem).toMatch(/^started_at is (23h59m|1d00h) in the future$/);
      // Finished (and logged) at infinity: in the feed, said as such.
      expect(last.feed?.completed).toContainEqual(
        expect.objectContaining({ syncId: 'done-forever', completedAt: Number.POSITIVE_INFINITY }),
      );
      expect(last.feed?.activity).toContainEqual(
        expect.objectContaining({ syncId: 'done-forever', createdAt: Number.POSITIVE_INFINITY }),
      );
    } finally {
      await sim.stop();
      await pool.end();
      await db.close();
    }
  });

  it('lists completed syncs with their final status and the newest activity', async () => {
    const url = await freshDatabase('migrated', 'mon');
    const { sim, pool } = simulatorOn(url);
    await sim.start([
      {
        syncId: 'quick',
        org: 'acme',
        entity: 'product',
        source: 'odoo',
        total: 30,
        ratePerMin: 6_000,
        failureRate: 0.1,
      },
      { syncId: 'long', org: 'acme', entity: 'order', source: 'odoo', total: 1_000_000, ratePerMin: 600 },
    ]);
    sim.run(100);
    const db = readOnly(url);
    try {
      const events = ticks(
        await watchUntil(new Watcher(db, SETTINGS), (e) => e.kind === 'tick' && (e.feed?.completed.length ?? 0) > 0),
      );
      const last = events.at(-1)!;
      expect(last.feed?.completed[0]).toMatchObject({
        syncId: 'quick',
        finalStatus: 'completed_with_errors',
        processed: 27,
        failed: 3,
      });
      expect(last.feed?.activity[0]).toMatchObject({
        syncId: 'quick',
        action: 'sync_complete',
        status: 'completed_with_errors',
      });
      expect(last.computed.views.map((v) => v.syncId)).toEqual(['long']);
    } finally {
      await sim.stop();
      await pool.end();
      await db.close();
    }
  });

  it('works on the drifted shape (text status, no current_item) and says when sync_progress is missing', async () => {
    const drifted = readOnly(await freshDatabase('drifted', 'mon'));
    const missing = readOnly(await freshDatabase('issohSeed000', 'mon'));
    try {
      const events = ticks(await watchUntil(new Watcher(drifted, SETTINGS), (e) => e.kind === 'tick'));
      // The fixture has 3 rows: one 'completed', one 'running', one 'retrying' untouched for 90 minutes.
      expect(events[0]!.computed.views.map((v) => [v.syncId, v.status, v.stalled]).sort()).toEqual([
        ['woo-run-7', 'running', true],
        ['woo-run-8', 'retrying', true],
      ]);
      const gone = await watchUntil(new Watcher(missing, SETTINGS), () => true);
      expect(gone).toEqual([
        { kind: 'unavailable', message: expect.stringContaining('public.sync_progress does not exist here') },
      ]);
    } finally {
      await drifted.close();
      await missing.close();
    }
  });

  it("reads the shape it finds: the application's variant (text status, no times, an activity log of its own) shows its rows and names what it cannot show", async () => {
    const url = await freshDatabase('drifted', 'mon');
    // The variant as the application wrote it: no ETA columns, no writer times, a log with other columns.
    await withClient(url, (c) =>
      c.query(`ALTER TABLE public.sync_progress DROP COLUMN updated_at CASCADE, DROP COLUMN started_at CASCADE, DROP COLUMN completed_at CASCADE;
               ALTER TABLE public.sync_activity_log RENAME COLUMN action TO activity_type;`),
    );
    const db = readOnly(url);
    try {
      const events = ticks(await watchUntil(new Watcher(db, SETTINGS), (e) => e.kind === 'tick' && e.state.ticks >= 2));
      const last = events.at(-1)!;
      // Active by its status: 'completed' is not; 'running' and 'retrying' are, each with its counts.
      expect(last.computed.views.map((v) => [v.syncId, v.status, v.problem]).sort()).toEqual([
        ['woo-run-7', 'running', null],
        ['woo-run-8', 'retrying', null],
      ]);
      expect(last.computed.views.every((v) => v.total > 0)).toBe(true);
      expect(last.limits).toEqual([
        "rates from the monitor's own samples, not the writers' times: public.sync_progress has no updated_at",
        'no elapsed time: public.sync_progress has no started_at',
        'active by its status, and recently completed syncs not listed: public.sync_progress has no completed_at',
        'no activity feed: public.sync_activity_log has no action',
      ]);
    } finally {
      await db.close();
    }
    // A table there without a column the monitor cannot do without: named, and never "gone".
    await withClient(url, (c) => c.query('ALTER TABLE public.sync_progress DROP COLUMN total_items CASCADE'));
    const without = readOnly(url);
    try {
      const events = await watchUntil(new Watcher(without, SETTINGS), () => true);
      expect(events).toEqual([
        { kind: 'unavailable', message: expect.stringContaining('public.sync_progress has no total_items') },
      ]);
    } finally {
      await without.close();
    }
  });

  it('a column dropped while watched is looked at again: the rows go on, and "gone" is said only when the table is', async () => {
    const url = await freshDatabase('migrated', 'mon');
    const { sim, pool } = simulatorOn(url);
    const db = readOnly(url);
    try {
      await sim.start([
        { syncId: 'reshaped', org: 'acme', entity: 'product', source: 'odoo', total: 1000, ratePerMin: 600 },
      ]);
      let dropped = false;
      const events = await watchUntil(new Watcher(db, SETTINGS), (event) => {
        if (event.kind !== 'tick') return true;
        if (!dropped) {
          dropped = true;
          void pool.query('ALTER TABLE public.sync_progress DROP COLUMN source_system CASCADE');
          return false;
        }
        return (event.limits ?? []).length > 0;
      });
      const last = events.at(-1)!;
      expect(last.kind).toBe('tick');
      if (last.kind === 'tick') {
        expect(last.limits).toEqual(['no source: public.sync_progress has no source_system']);
        expect(last.computed.views.map((v) => v.syncId)).toEqual(['reshaped']);
      }
      await pool.query('DROP TABLE public.sync_progress CASCADE');
      const gone = await watchUntil(new Watcher(db, SETTINGS), () => true);
      expect(gone).toEqual([
        { kind: 'unavailable', message: expect.stringContaining('public.sync_progress does not exist here') },
      ]);
    } finally {
      await sim.stop();
      await pool.end();
      await db.close();
    }
  });

  it('samples 10,000 active syncs in one query per tick, through the partial index, in pages of lines', async () => {
    const url = await freshDatabase('migrated', 'mon');
    const { sim, pool } = simulatorOn(url);
    await sim.start(
      Array.from(
        { length: 10_000 },
        (_, i): SyncProfile => ({
          syncId: `bulk-${i}`,
          org: `org-${i % 50}`,
          entity: 'product',
          source: 'odoo',
          total: 1_000_000,
          ratePerMin: 600 + (i % 7) * 100,
        }),
      ),
    );
    // Most rows of a real table are finished syncs: that is what makes the partial index pay.
    await withClient(url, (c) =>
      c.query(`INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count)
               SELECT (SELECT id FROM organization LIMIT 1), 'done-' || i, 'order', 10, 10 FROM generate_series(1, 60000) i;
               ANALYZE sync_progress;`),
    );
    const db = readOnly(url);
    try {
      const watcher = new Watcher(db, SETTINGS);
      const before = db.queryCount;
      await watchUntil(watcher, () => true);
      const afterFirst = db.queryCount;
      await sim.step();
      const event = await watcher.step();
      expect(event.kind).toBe('tick');
      if (event.kind !== 'tick') return;
      expect(event.computed.views).toHaveLength(10_000);
      expect(db.queryCount - afterFirst).toBe(1); // a tick between feeds is exactly one query
      expect(afterFirst - before).toBeGreaterThanOrEqual(2); // catalog read + first tick (+ the feed)
      const sql = tickSql(samplingShape(await introspect(db)));
      const plan = await withClient(url, (c) => c.query(`EXPLAIN (FORMAT JSON) ${sql}`, [new Date().toISOString()]));
      expect(JSON.stringify(plan.rows)).toContain('"Index Name":"idx_sync_progress_active"');
      // The lines come in pages of at most 2,000, not as one message of every sync.
      const { rows } = await withClient(url, (c) => c.query<{ rows: string | null }>(sql, [null]));
      const pages = rows.filter((r) => r.rows !== null).map((r) => r.rows!.split('\n').length);
      expect(pages.reduce((sum, lines) => sum + lines, 0)).toBe(10_000);
      expect(Math.max(...pages)).toBeLessThanOrEqual(2_000);
    } finally {
      await pool.end();
      await db.close();
    }
  });
});

describe('the monitor when the server goes away', () => {
  it('shows reconnecting with backoff after a restart and resumes with its history', async () => {
    const server = await startOwnServer();
    const url = server.adminUrl;
    await applyFiles(url, [...PREREQ_FILES, MIGRATION_FILE]);
    const { sim, pool } = simulatorOn(url);
    await sim.start([
      { syncId: 'survivor', org: 'acme', entity: 'product', source: 'odoo', total: 1_000_000, ratePerMin: 6_000 },
    ]);
    sim.run(100);
    const db = readOnly(url);
    try {
      const watcher = new Watcher(db, SETTINGS);
      let restarted = false;
      const events = await watchUntil(
        watcher,
        (event) => {
          if (event.kind === 'tick' && event.state.ticks === 3 && !restarted) {
            restarted = true;
            void (async () => {
              await server.stop();
              await new Promise((r) => setTimeout(r, 1500));
              await server.start();
            })();
          }
          return event.kind === 'tick' && event.state.ticks >= 7;
        },
        30_000,
      );
      const reconnecting = events.filter((e) => e.kind === 'reconnecting');
      expect(reconnecting.length).toBeGreaterThan(0);
      expect(reconnecting[0]).toMatchObject({ kind: 'reconnecting', attempt: 1, nextInMs: 1000 });
      const last = ticks(events).at(-1)!;
      expect(last.state.ticks).toBe(7);
      const history = historyOf(last.state, last.state.keys[0]!)!;
      expect(history.samples).toBeGreaterThanOrEqual(6); // samples from before the restart are kept
      expect(viewOf(last, 'survivor')!.ratePerMin).not.toBeNull();
    } finally {
      await sim.stop();
      await pool.end();
      await db.close();
      await server.destroy();
    }
  });
});
