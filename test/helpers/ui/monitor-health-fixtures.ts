/**
 * Monitor and Health states for the pure and component tests. Ticks go through the real core
 * reducer (src/core/monitor.ts), as the Watcher sends them; the health report has the shape
 * the health use-case returns (the real-database tests, test/app/Health.app.test.tsx, read a real one).
 */
import type { HealthReport } from '../../../src/core/health.js';
import {
  type ComputedViews,
  computeViews,
  emptyMonitor,
  type Feed,
  type MonitorState,
  reduce,
  type SyncRow,
  type WatchEvent,
} from '../../../src/core/monitor.js';
import type { AppAction, AppState } from '../../../src/ui/appState.js';
import {
  initialMonitor,
  type MonitorAction,
  type MonitorScreenState,
  monitorReducer,
} from '../../../src/ui/screens/Monitor/state.js';
import { appReducer } from '../../../src/ui/shell.js';
import { appStateFor } from './fixtures.js';

export const SETTINGS = { intervalMs: 2000 };
export const ORG = {
  acme: '11111111-1111-4111-8111-111111111111',
  globex: '22222222-2222-4222-8222-222222222222',
  initech: '33333333-3333-4333-8333-333333333333',
};
export const NAMES = new Map([
  [ORG.acme, 'Acme'],
  [ORG.globex, 'Globex'],
  [ORG.initech, 'Initech'],
]);

export interface Sim {
  readonly orgId: string;
  readonly syncId: string;
  readonly entityType: string;
  readonly source: string;
  readonly perSecond: number;
  readonly total: number;
  /** seconds after which it stops moving */
  readonly stallAfter?: number;
  readonly failedEvery?: number;
}

export const SYNCS: readonly Sim[] = [
  { orgId: ORG.acme, syncId: 'acme-products', entityType: 'product', source: 'odoo', perSecond: 50, total: 100_000 },
  {
    orgId: ORG.globex,
    syncId: 'globex-orders',
    entityType: 'order',
    source: 'woocommerce',
    perSecond: 200,
    total: 20_000,
    failedEvery: 100,
  },
  {
    orgId: ORG.initech,
    syncId: 'initech-stock',
    entityType: 'inventory',
    source: 'custom',
    perSecond: 20,
    total: 50_000,
    stallAfter: 4,
  },
];

/** Where each sync stands `t` seconds after start (writes every second, server clock). */
export function rowsAt(t: number, syncs: readonly Sim[] = SYNCS): SyncRow[] {
  return syncs.map((s) => {
    const moving = s.stallAfter === undefined ? t : Math.min(t, s.stallAfter);
    const done = Math.min(s.total, Math.floor(moving * s.perSecond));
    const failed = s.failedEvery ? Math.floor(done / s.failedEvery) : 0;
    return {
      orgId: s.orgId,
      syncId: s.syncId,
      entityType: s.entityType,
      sourceSystem: s.source,
      status: null,
      processed: done - failed,
      failed,
      total: s.total,
      startedAt: 0,
      // A stalled sync keeps its heartbeat: updated_at moves, the counts do not.
      updatedAt: t * 1000,
    };
  });
}

export const FEED: Feed = {
  completed: [
    {
      orgId: ORG.acme,
      syncId: 'acme-customers',
      entityType: 'customer',
      processed: 5000,
      failed: 0,
      total: 5000,
      completedAt: 10_000,
      finalStatus: 'completed',
    },
    {
      orgId: ORG.globex,
      syncId: 'globex-invoices',
      entityType: 'invoice',
      processed: 900,
      failed: 100,
      total: 1000,
      completedAt: 20_000,
      finalStatus: 'completed_with_errors',
    },
  ],
  activity: [
    {
      createdAt: 30_000,
      orgId: ORG.globex,
      syncId: 'globex-orders',
      action: 'batch_process',
      status: 'failed',
      recordCount: 100,
      errorMessage: 'timeout from woocommerce',
    },
    {
      createdAt: 25_000,
      orgId: ORG.acme,
      syncId: 'acme-products',
      action: 'batch_process',
      status: 'completed',
      recordCount: 500,
      errorMessage: null,
    },
  ],
  orgNames: NAMES,
};

/** The Watcher's tick events for t = 1..seconds (one a second). */
export function tickEvents(
  seconds: number,
  syncs: readonly Sim[] = SYNCS,
  feed: Feed = FEED,
): Array<Extract<WatchEvent, { kind: 'tick' }>> {
  let core: MonitorState = emptyMonitor;
  let computed: ComputedViews | undefined;
  const events: Array<Extract<WatchEvent, { kind: 'tick' }>> = [];
  for (let t = 1; t <= seconds; t++) {
    core = reduce(
      core,
      { serverNow: t * 1000, rows: rowsAt(t, syncs), full: true, activeCount: syncs.length },
      SETTINGS,
    );
    computed = computeViews(core, SETTINGS, computed);
    events.push({ kind: 'tick', state: core, computed, feed, tickMs: 4 });
  }
  return events;
}

/** The cursor to the top row (Esc): the first tick put it on the sync that was first then, which it follows. */
export const TOP: MonitorAction = { type: 'monitor/unselect' };

/** The screen's state after the Watcher started and ticked `seconds` times, then `actions`. */
export function monitorAfter(
  seconds: number,
  actions: readonly MonitorAction[] = [],
  syncs: readonly Sim[] = SYNCS,
): MonitorScreenState {
  const started: MonitorAction[] = [{ type: 'monitor/started', intervalMs: 1000, minutes: 15 }];
  const ticks: MonitorAction[] = tickEvents(seconds, syncs).map((event) => ({ type: 'monitor/event', event }));
  return [...started, ...ticks, ...actions].reduce(monitorReducer, initialMonitor);
}

export const REPORT: HealthReport = {
  database: 'postgresql://ops:***@127.0.0.1:5432/mantis_issoh',
  serverTime: '2026-11-21T23:15:04.000Z',
  partitioned: ['public.sync_activity_log'],
  partitions: [
    {
      name: 'sync_activity_log_2026_01',
      bound: 'FROM 2026-01-01 TO 2026-02-01',
      estimatedRows: 1200,
      sizeBytes: 81_920,
    },
    {
      name: 'sync_activity_log_2026_02',
      bound: 'FROM 2026-02-01 TO 2026-03-01',
      estimatedRows: 3400,
      sizeBytes: 163_840,
    },
    {
      name: 'sync_activity_log_future',
      bound: 'FROM 2026-03-01 TO MAXVALUE',
      estimatedRows: 56_000,
      sizeBytes: 5_242_880,
    },
  ],
  coverage: [],
  health: {
    metrics: {
      windowMinutes: 60,
      activeSyncs: 3,
      avgSpeedActive: 1234.5,
      avgSpeedAll: 1000,
      completedInWindow: 7,
      avgDurationSeconds: 125,
      logEntries: 420,
      successRate: 0.975,
      errorRate: 0.025,
    },
    cache: { live: 12, expired: 5 },
    indexes: [
      { table: 'sync_progress', index: 'idx_sync_progress_active', scans: 4321, tuplesRead: 100, neverUsed: false },
      { table: 'sync_preview_cache', index: 'idx_sync_preview_cache_key', scans: 0, tuplesRead: 0, neverUsed: true },
    ],
    tables: [
      {
        name: 'sync_progress',
        partitionOf: null,
        sizeBytes: 65_536,
        liveTuples: 10,
        deadTuples: 40,
        lastVacuum: null,
        lastAnalyze: '2026-11-21T22:00:00.000Z',
      },
      {
        name: 'sync_activity_log_2026_01',
        partitionOf: 'sync_activity_log',
        sizeBytes: 81_920,
        liveTuples: 1200,
        deadTuples: 0,
        lastVacuum: '2026-11-20T03:00:00.000Z',
        lastAnalyze: null,
      },
    ],
  },
  unavailable: null,
};

/** The app as seed 000's verification leaves it, with the Monitor's ticks and Health's report dispatched. */
export function appWith(monitorActions: readonly AppAction[] = [], healthActions: readonly AppAction[] = []): AppState {
  return [...monitorActions, ...healthActions].reduce(appReducer, appStateFor());
}

/** The app's actions as the Watcher starts and ticks `seconds` times. */
export const ticked = (seconds: number): AppAction[] => [
  { type: 'monitor/started', intervalMs: 1000, minutes: 15 },
  ...tickEvents(seconds).map((event): AppAction => ({ type: 'monitor/event', event })),
];

/** The app's actions as Health reads REPORT from this database (or is refused). */
export const loadedHealth = (database = 'mantis_issoh', refusal: string | null = null): AppAction[] => [
  { type: 'health/configure', database, refusal },
  { type: 'health/loading', request: 1 },
  { type: 'health/loaded', request: 1, report: REPORT, windowMinutes: 60 },
];
