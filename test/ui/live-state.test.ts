/** The Monitor and Health screens' state and keys as pure functions: no rendering, no terminal. */

import { describe, expect, it } from 'vitest';
import type { MaintenanceResult, PartitionMaintenance } from '../../src/core/maintenance.js';
import { clockFields, selectViews } from '../../src/core/monitor.js';
import { progressBar } from '../../src/ui/components/ProgressBar.js';
import { buckets, sparkline } from '../../src/ui/components/Sparkline.js';
import {
  commandsForKey,
  helpSections,
  type KeyLayout,
  type KeyPress,
  keyContext,
  keyHints,
} from '../../src/ui/keymap.js';
import { compact, grouped } from '../../src/ui/numbers.js';
import { rowSegments, tableColumns } from '../../src/ui/screens/Monitor.js';
import { type AppAction, type AppState, appReducer } from '../../src/ui/state/app.js';
import {
  type HealthScreenState,
  healthReducer,
  initialHealth,
  summarizeMaintenance,
  WINDOWS,
} from '../../src/ui/state/health.js';
import {
  addThroughput,
  ascending,
  cursorRow,
  initialMonitor,
  monitorGeometry,
  monitorReducer,
  orderRows,
  tableOffset,
  totalRate,
} from '../../src/ui/state/monitor.js';
import { symbols } from '../../src/ui/theme.js';
import { appStateFor } from './fixtures.js';
import { monitorAfter, NAMES, ORG, REPORT, SYNCS, tickEvents } from './live-fixtures.js';

const LAYOUT: KeyLayout = {
  tooSmall: false,
  listViewport: 10,
  detailMax: 30,
  helpMax: 5,
  page: 9,
  live: { monitorRows: 2, healthMax: 12, healthPage: 5 },
};
const UNICODE = { color: false, unicode: true };
const ASCII = { color: false, unicode: false };

const press = (state: AppState, input: string, key: KeyPress = {}): AppState => {
  let next = state;
  for (const command of commandsForKey(next, input, key, LAYOUT))
    if ('action' in command) next = appReducer(next, command.action);
  return next;
};
const keys = (state: AppState, ...inputs: Array<string | [string, KeyPress]>) =>
  inputs.reduce((s, k) => (Array.isArray(k) ? press(s, k[0], k[1]) : press(s, k)), state);
const effects = (state: AppState, input: string, key: KeyPress = {}) =>
  commandsForKey(state, input, key, LAYOUT).flatMap((c) => ('effect' in c ? [c.effect] : []));
const messages = (state: AppState, input: string, key: KeyPress = {}) =>
  commandsForKey(state, input, key, LAYOUT).flatMap((c) =>
    'action' in c && c.action.type === 'message' ? [c.action.message?.text ?? ''] : [],
  );

/** The app as seed 000's verification leaves it, with the Monitor's ticks and Health's report dispatched. */
function appWith(monitorActions: readonly AppAction[] = [], healthActions: readonly AppAction[] = []): AppState {
  return [...monitorActions, ...healthActions].reduce(appReducer, appStateFor());
}
const ticked = (seconds: number): AppAction[] => [
  { type: 'monitor/started', intervalMs: 1000, minutes: 15 },
  ...tickEvents(seconds).map((event): AppAction => ({ type: 'monitor/event', event })),
];
const loadedHealth = (database = 'mantis_issoh', refusal: string | null = null): AppAction[] => [
  { type: 'health/configure', database, refusal },
  { type: 'health/loading', request: 1 },
  { type: 'health/loaded', request: 1, report: REPORT, windowMinutes: 60 },
];

describe('monitor reducer', () => {
  it('keeps the last tick; the table is sorted by ETA first, a stalled sync last with how long', () => {
    const m = monitorAfter(40);
    expect(m.phase).toBe('live');
    expect(m.ticks).toBe(40);
    expect(m.serverNow).toBe(40_000);
    expect(m.rows.map((r) => r.syncId)).toEqual(['globex-orders', 'acme-products', 'initech-stock']);
    const stalled = m.rows.at(-1)!;
    expect(stalled.stalled).toBe(true);
    expect(clockFields(stalled, m.serverNow!).stalledForSeconds).toBe(36);
    expect(m.throughput).toHaveLength(40);
    expect(m.throughput.at(-1)!.perMin).toBeCloseTo(totalRate(m.views));
  });

  it('s cycles the sort: ETA, last update, org; each a different order', () => {
    const byEta = monitorAfter(40);
    const byUpdate = monitorReducer(byEta, { type: 'monitor/sort' });
    expect(byUpdate.sort).toBe('updated');
    const byOrg = monitorReducer(byUpdate, { type: 'monitor/sort' });
    expect(byOrg.sort).toBe('org');
    expect(byOrg.rows.map((r) => r.syncId)).toEqual(['acme-products', 'globex-orders', 'initech-stock']);
    expect(monitorReducer(byOrg, { type: 'monitor/sort' }).sort).toBe('eta');
  });

  it('the filter matches the organization name or the entity, as typed; clearing it shows all again', () => {
    let m = monitorAfter(5);
    m = monitorReducer(m, { type: 'monitor/filter-start' });
    m = monitorReducer(m, { type: 'monitor/filter-input', text: 'glo' });
    expect(m.rows.map((r) => r.syncId)).toEqual(['globex-orders']);
    m = monitorReducer(m, { type: 'monitor/filter-backspace' });
    m = monitorReducer(m, { type: 'monitor/filter-backspace' });
    m = monitorReducer(m, { type: 'monitor/filter-backspace' });
    m = monitorReducer(m, { type: 'monitor/filter-input', text: 'inventory' });
    expect(m.rows.map((r) => r.syncId)).toEqual(['initech-stock']);
    m = monitorReducer(m, { type: 'monitor/filter-input', text: '\u001b[A\u0007' });
    expect(m.filter).toBe('inventory');
    // The next tick keeps the filter.
    m = monitorReducer(m, { type: 'monitor/event', event: tickEvents(6).at(-1)! });
    expect(m.rows).toHaveLength(1);
    m = monitorReducer(m, { type: 'monitor/filter-clear' });
    expect(m.rows).toHaveLength(3);
    expect(m.editing).toBe(false);
  });

  it('the cursor is on a sync, not a row: the first tick puts it on the top one, and it follows that sync as the ticks re-sort', () => {
    // At the first tick no rate is known (every ETA "?"): the top row is the first in key order.
    const first = monitorAfter(1);
    const chosen = first.rows[0]!.key;
    expect(first.selected).toBe(chosen);
    // Rates known: the rows re-sort by ETA, the chosen sync is no longer on top, and the cursor (and the detail line) stay with it.
    const later = monitorAfter(40);
    expect(later.rows[0]!.key).not.toBe(chosen);
    expect(later.selected).toBe(chosen);
    expect(cursorRow(later)!.key).toBe(chosen);
    // Esc brings it to the top row, which it then follows.
    const top = monitorReducer(later, { type: 'monitor/unselect' });
    expect(cursorRow(top)!.key).toBe(later.rows[0]!.key);
    expect(monitorReducer(top, { type: 'monitor/sort' }).selected).toBe(later.rows[0]!.key);
  });

  it('the cursor stays on its sync across re-sorting ticks; a sync that ends hands the cursor to its place', () => {
    let m = monitorAfter(3);
    m = monitorReducer(m, { type: 'monitor/move', by: 1, viewport: 2 });
    const chosen = cursorRow(m)!.syncId;
    m = monitorReducer(m, { type: 'monitor/sort' });
    expect(cursorRow(m)!.syncId).toBe(chosen);
    // The chosen sync ends: the next tick no longer has it.
    const rest = SYNCS.filter((s) => s.syncId !== chosen);
    const tick = tickEvents(4, rest).at(-1)!;
    m = monitorReducer(m, { type: 'monitor/event', event: tick });
    expect(m.rows).toHaveLength(2);
    expect(m.selected).not.toBeNull();
    expect(m.rows.some((r) => r.key === m.selected)).toBe(true);
  });

  it('moves within bounds and scrolls the viewport; unselect goes back to the top', () => {
    let m = monitorAfter(3);
    m = monitorReducer(m, { type: 'monitor/move', by: 'end', viewport: 2 });
    expect(cursorRow(m)!.key).toBe(m.rows[2]!.key);
    expect(m.offset).toBe(1);
    expect(tableOffset(m, 2)).toBe(1);
    m = monitorReducer(m, { type: 'monitor/move', by: 10, viewport: 2 });
    expect(cursorRow(m)!.key).toBe(m.rows[2]!.key);
    m = monitorReducer(m, { type: 'monitor/unselect' });
    expect(m.selected).toBe(m.rows[0]!.key);
    expect(tableOffset(m, 2)).toBe(0);
    expect(monitorReducer(initialMonitor, { type: 'monitor/move', by: 1, viewport: 2 })).toBe(initialMonitor);
  });

  it('a lost connection keeps the rows and says reconnecting; unavailable stops', () => {
    const live = monitorAfter(5);
    const lost = monitorReducer(live, {
      type: 'monitor/event',
      event: { kind: 'reconnecting', attempt: 2, nextInMs: 2000, message: 'connection refused', waking: true },
    });
    expect(lost.phase).toBe('reconnecting');
    expect(lost.rows).toBe(live.rows);
    expect(lost.reconnecting).toEqual({ attempt: 2, nextInMs: 2000, message: 'connection refused', waking: true });
    const back = monitorReducer(lost, { type: 'monitor/event', event: tickEvents(6).at(-1)! });
    expect(back.phase).toBe('live');
    expect(back.reconnecting).toBeNull();
    const gone = monitorReducer(initialMonitor, {
      type: 'monitor/event',
      event: { kind: 'unavailable', message: 'public.sync_progress does not exist here' },
    });
    expect(gone.phase).toBe('unavailable');
    expect(gone.unavailable).toContain('does not exist');
    const refused = monitorReducer(lost, {
      type: 'monitor/event',
      event: { kind: 'failed', message: 'password authentication failed' },
    });
    expect(refused.phase).toBe('failed');
    expect(refused.unavailable).toBe('password authentication failed');
    expect(refused.reconnecting).toBeNull();
  });

  it('the table dropped while watched: the rows of the last tick are dropped, with when they were seen; r starts again from nothing', () => {
    const live = monitorAfter(5);
    const dropped = monitorReducer(live, {
      type: 'monitor/event',
      event: { kind: 'unavailable', message: 'public.sync_progress is gone' },
    });
    expect(dropped.phase).toBe('unavailable');
    expect(dropped.rows).toEqual([]);
    expect(dropped.views).toEqual([]);
    expect(dropped.feed).toBeNull();
    expect(dropped.selected).toBeNull();
    expect(dropped.lastSeen).toEqual({ at: 5_000, syncs: 3 });
    const again = monitorReducer(dropped, { type: 'monitor/started', intervalMs: 1000, minutes: 15 });
    expect(again.phase).toBe('starting');
    const back = monitorReducer(again, { type: 'monitor/event', event: tickEvents(1).at(-1)! });
    expect(back.phase).toBe('live');
    expect(back.lastSeen).toBeNull();
    expect(back.rows).toHaveLength(3);
  });

  it('space toggles pause', () => {
    const m = monitorReducer(monitorAfter(2), { type: 'monitor/pause' });
    expect(m.paused).toBe(true);
    expect(monitorReducer(m, { type: 'monitor/pause' }).paused).toBe(false);
  });

  it('the throughput history stays bounded and keeps the whole session: the oldest half is merged pairwise', () => {
    let samples: Array<{ at: number; perMin: number }> = [];
    for (let i = 0; i < 25; i++) samples = addThroughput(samples, { at: i * 1000, perMin: i }, 10);
    expect(samples.length).toBeLessThanOrEqual(10);
    expect(samples[0]!.at).toBe(0);
    expect(samples.at(-1)).toEqual({ at: 24_000, perMin: 24 });
    expect(samples.every((s, i) => i === 0 || s.at > samples[i - 1]!.at)).toBe(true);
  });

  it('gives the table what the feed leaves, side by side from 120 columns', () => {
    expect(monitorGeometry(20, 80)).toEqual({ tableRows: 11, completedRows: 2, activityRows: 2, sideBySide: false });
    expect(monitorGeometry(11, 60).tableRows).toBe(4);
    const wide = monitorGeometry(26, 120);
    expect(wide.sideBySide).toBe(true);
    expect(wide.tableRows + 3 + wide.completedRows + 1).toBe(26);
  });
});

describe('the table order', () => {
  it("is core's selectViews order (what `watch` prints) for every sort, filtered or not, ties and stalls included", () => {
    // Many syncs with equal rates (equal ETAs tie), two stalled, organizations with names and without.
    const syncs = Array.from({ length: 60 }, (_, i) => ({
      orgId: [ORG.acme, ORG.globex, ORG.initech, '44444444-4444-4444-8444-444444444444'][i % 4]!,
      syncId: `sync-${String.fromCharCode(97 + (i % 26))}${i}`,
      entityType: (['product', 'order', 'Inventory'] as const)[i % 3]!,
      source: i % 2 ? 'odoo' : 'WooCommerce',
      perSecond: 10 * (1 + (i % 5)),
      total: 100_000,
      ...(i % 29 === 3 ? { stallAfter: 2 } : {}),
    }));
    const m = monitorAfter(40, [], syncs);
    expect(m.views.filter((v) => v.stalled)).toHaveLength(2);
    for (const sort of ['eta', 'updated', 'org'] as const) {
      for (const text of ['', 'glo', 'INV', 'woo', 'sync-a', 'zzz']) {
        const expected = selectViews(m.views, sort, text === '' ? {} : { text: text.toLowerCase() }, NAMES).map(
          (v) => v.key,
        );
        expect(
          orderRows(m.views, sort, text, NAMES).map((v) => v.key),
          `${sort} "${text}"`,
        ).toEqual(expected);
      }
    }
  });

  it('sorts ascending with ties by index, packed or not (fractions, huge and negative values take the comparator)', () => {
    const cases = [[3, 1, 2, 1, 0, 3], [2.5, 1, 2.25, 1, 0.5], [2 ** 50, 7, 2 ** 50, 0], [-1, 5, -1, 2], []];
    for (const values of cases) {
      const expected = values
        .map((v, i) => [v, i] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map(([, i]) => i);
      expect([...ascending(new Float64Array(values))], String(values)).toEqual(expected);
    }
  });
});

describe('monitor columns', () => {
  it('fit the width exactly or less, keep org, sync, progress and ETA, and add entity, age, elapsed, source as room allows', () => {
    for (const width of [60, 80, 100, 120, 200]) {
      const columns = tableColumns(width);
      const used = 2 + columns.reduce((sum, c) => sum + c.width, 0) + columns.length - 1;
      expect(used, `${width}`).toBeLessThanOrEqual(width);
      expect(columns.map((c) => c.id)).toEqual(expect.arrayContaining(['org', 'sync', 'progress', 'eta']));
    }
    expect(tableColumns(80).map((c) => c.id)).toEqual(['org', 'sync', 'progress', 'counts', 'rate', 'eta']);
    expect(tableColumns(120).map((c) => c.id)).toEqual([
      'org',
      'sync',
      'entity',
      'source',
      'progress',
      'counts',
      'rate',
      'eta',
      'elapsed',
      'age',
    ]);
  });
});

describe('monitor keys', () => {
  const onMonitor = () => keys(appWith(ticked(40)), '3');

  it('s, /, space, r, movement and Esc do what the status bar says', () => {
    let s = onMonitor();
    expect(keyContext(s, LAYOUT)).toBe('monitor');
    expect(keys(s, 's').monitor.sort).toBe('updated');
    expect(keys(s, ' ').monitor.paused).toBe(true);
    expect(effects(s, 'r')).toEqual([{ type: 'monitor-refresh' }]);
    s = keys(s, 'j', 'j');
    expect(cursorRow(s.monitor)!.syncId).toBe('initech-stock');
    expect(s.monitor.offset).toBe(1);
    s = keys(s, ['', { pageUp: true }]);
    expect(cursorRow(s.monitor)!.syncId).toBe('acme-products');
    // Esc: first the cursor goes to the top row, then the screen.
    s = keys(s, ['', { escape: true }]);
    expect(s.monitor.selected).toBe(s.monitor.rows[0]!.key);
    expect(keys(s, ['', { escape: true }]).navigation.screen).toBe('overview');
  });

  it('the filter takes every key as text (q and digits too); Enter keeps it, Esc clears it; Ctrl-C still quits', () => {
    let s = keys(onMonitor(), '/');
    expect(keyContext(s, LAYOUT)).toBe('monitor-filter');
    s = keys(s, 'q', '3');
    expect(s.monitor.filter).toBe('q3');
    expect(s.navigation.screen).toBe('monitor');
    s = keys(s, ['', { backspace: true }], ['', { backspace: true }], 'a', 'c', 'm', 'e', ['', { return: true }]);
    expect(s.monitor.editing).toBe(false);
    expect(s.monitor.rows.map((r) => r.syncId)).toEqual(['acme-products']);
    expect(keys(s, ['', { escape: true }]).monitor.filter).toBe('');
    expect(effects(keys(onMonitor(), '/'), 'c', { ctrl: true })).toEqual([{ type: 'quit' }]);
  });

  it('a tick does not clear the message; a key does', () => {
    const s = appReducer(onMonitor(), { type: 'message', message: { text: 'hello', tone: 'info' } });
    expect(appReducer(s, { type: 'monitor/event', event: tickEvents(41).at(-1)! }).message?.text).toBe('hello');
    expect(keys(s, 's').message).toBeNull();
  });
});

describe('health reducer', () => {
  it('drops answers to an older read; w cycles the window 15 → 60 → 1440 minutes', () => {
    let h = healthReducer(initialHealth, { type: 'health/loading', request: 1 });
    h = healthReducer(h, { type: 'health/loading', request: 2 });
    expect(
      healthReducer(h, { type: 'health/loaded', request: 1, report: REPORT, windowMinutes: 60 }).report,
    ).toBeNull();
    h = healthReducer(h, { type: 'health/loaded', request: 2, report: REPORT, windowMinutes: 60 });
    expect(h.report).toBe(REPORT);
    expect(h.loading).toBe(false);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      h = healthReducer(h, { type: 'health/window' });
      seen.push(h.windowMinutes);
    }
    expect(seen).toEqual([1440, 15, 60]);
    expect(WINDOWS).toEqual([15, 60, 1440]);
  });

  it('asks y/N for partitions and the cache, the database name for archiving; not while refused or running', () => {
    const h: HealthScreenState = { ...initialHealth, database: 'mantis_issoh', report: REPORT };
    expect(healthReducer(h, { type: 'health/ask', task: 'partitions' }).confirm?.confirm.kind).toBe('yes-no');
    const archive = healthReducer(h, { type: 'health/ask', task: 'archive' });
    expect(archive.confirm?.confirm).toMatchObject({ kind: 'name', expected: 'mantis_issoh', typed: '' });
    expect(
      healthReducer({ ...h, refusal: 'refused: pooled' }, { type: 'health/ask', task: 'cache' }).confirm,
    ).toBeNull();
    expect(healthReducer({ ...h, running: 'cache' }, { type: 'health/ask', task: 'cache' }).confirm).toBeNull();
  });

  it('summarizes a partition step: created, moved, rows per partition', () => {
    const result: MaintenanceResult<PartitionMaintenance> = {
      outcome: 'committed',
      durationMs: 42,
      error: null,
      value: {
        plan: {
          catchAll: {
            name: 'sync_activity_log_future',
            bound: { from: Date.UTC(2026, 2, 1), to: Infinity, isDefault: false },
          },
          create: [
            {
              name: 'sync_activity_log_2026_03',
              month: '2026-03',
              from: '2026-03-01 00:00:00+00',
              to: '2026-04-01 00:00:00+00',
            },
            {
              name: 'sync_activity_log_2026_04',
              month: '2026-04',
              from: '2026-04-01 00:00:00+00',
              to: '2026-05-01 00:00:00+00',
            },
          ],
          newCatchAllFrom: '2026-05-01 00:00:00+00',
          nothingToDo: null,
        },
        moved: 6,
        rowsAfter: [
          { partition: 'sync_activity_log_2026_03', rows: 4 },
          { partition: 'sync_activity_log_2026_04', rows: 0 },
          { partition: 'sync_activity_log_future', rows: 2 },
        ],
      },
    };
    const summary = summarizeMaintenance('partitions', result);
    expect(summary.lines).toEqual([
      'created 2 partitions: 2026-03, 2026-04',
      'moved 6 rows out of the catch-all sync_activity_log_future, now FROM 2026-05-01 TO MAXVALUE (counted before and after)',
      'rows per partition: sync_activity_log_2026_03 4, sync_activity_log_future 2',
    ]);
    expect(
      summarizeMaintenance('partitions', { outcome: 'nothing-to-do', value: null, durationMs: 3, error: null })
        .lines[0],
    ).toContain('already has a partition');
    // A dry run says what it would do.
    expect(summarizeMaintenance('partitions', { ...result, outcome: 'dry-run' }).lines).toEqual([
      'would create 2 partitions: 2026-03, 2026-04',
      'would move 6 rows out of the catch-all sync_activity_log_future, then FROM 2026-05-01 TO MAXVALUE (counted before and after)',
      'rows per partition it would leave: sync_activity_log_2026_03 4, sync_activity_log_future 2',
    ]);
  });
});

describe('health keys', () => {
  const onHealth = (refusal: string | null = null) => keys(appWith([], loadedHealth('mantis_issoh', refusal)), '6');

  it('p asks y/N; y runs the step, any other key says it was not confirmed', () => {
    const asked = keys(onHealth(), 'p');
    expect(keyContext(asked, LAYOUT)).toBe('health-yes-no');
    expect(effects(asked, 'y')).toEqual([{ type: 'health-run', task: 'partitions' }]);
    expect(keys(asked, 'y').health.confirm).toBeNull();
    expect(effects(asked, 'n')).toEqual([]);
    expect(messages(asked, 'q')).toEqual(['not confirmed: no partition was created; nothing was changed']);
    expect(keys(asked, ['', { return: true }]).health.confirm).toBeNull();
    expect(effects(keys(onHealth(), 'c'), 'Y')).toEqual([{ type: 'health-run', task: 'cache' }]);
  });

  it('d then p, c or A dry-runs that step without a confirmation; any other key runs nothing', () => {
    const choosing = keys(onHealth(), 'd');
    expect(keyContext(choosing, LAYOUT)).toBe('health-dry-run');
    expect(messages(onHealth(), 'd')[0]).toContain('dry run of which step?');
    expect(effects(choosing, 'p')).toEqual([{ type: 'health-run', task: 'partitions', dryRun: true }]);
    expect(effects(choosing, 'A')).toEqual([{ type: 'health-run', task: 'archive', dryRun: true }]);
    expect(keys(choosing, 'c').health.choosingDryRun).toBe(false);
    expect(effects(choosing, 'x')).toEqual([]);
    expect(messages(choosing, 'q')).toEqual(['no dry run: nothing was changed']);
    expect(keyContext(keys(choosing, ['', { escape: true }]), LAYOUT)).toBe('health');
    // Refused where the steps are: a pooled endpoint writes nothing, not even a rolled-back transaction.
    expect(messages(onHealth('refused: pooled'), 'd')).toEqual(['refused: pooled']);
  });

  it('A needs the exact database name: a wrong one refuses, Esc cancels, the right one runs', () => {
    let s = keys(onHealth(), 'A');
    expect(keyContext(s, LAYOUT)).toBe('health-name');
    s = keys(s, 'm', 'a', 'n', 't', 'i', 's', '_', 's', 'p', 'p');
    const refused = messages(s, '', { return: true })[0];
    expect(refused).toContain('"mantis_spp" is not');
    expect(refused).toContain('nothing was changed');
    expect(effects(s, '', { return: true })).toEqual([]);
    expect(messages(s, '', { escape: true })).toEqual(['cancelled: nothing was archived; nothing was changed']);
    s = keys(
      s,
      ['', { backspace: true }],
      ['', { backspace: true }],
      ['', { backspace: true }],
      'i',
      's',
      's',
      'o',
      'h',
    );
    expect(effects(s, '', { return: true })).toEqual([{ type: 'health-run', task: 'archive' }]);
  });

  it("a pooled URL refuses p, c and A at once, with pooledRefusal's words; w, r and scrolling work", () => {
    const s = onHealth(
      'refused: IS-SOH (ep-x-pooler.neon.tech) is a Neon pooled endpoint (-pooler): apply through the direct host',
    );
    for (const key of ['p', 'c', 'A']) {
      expect(messages(s, key)[0]).toContain('is a Neon pooled endpoint (-pooler)');
      expect(keys(s, key).health.confirm).toBeNull();
    }
    expect(keys(s, 'w').health.windowMinutes).toBe(1440);
    expect(effects(s, 'r')).toEqual([{ type: 'health-reload' }]);
    expect(keys(s, 'j', 'j').health.scroll).toBe(2);
    expect(keys(s, 'G').health.scroll).toBe(12);
    expect(keys(s, ['', { pageDown: true }]).health.scroll).toBe(5);
  });
});

describe('status bar and Help', () => {
  it('names only keys that do something on the Monitor and Health screens, in every context', () => {
    const sym = symbols(UNICODE);
    const states = {
      monitor: keys(appWith(ticked(5)), '3'),
      'monitor-filter': keys(appWith(ticked(5)), '3', '/'),
      health: keys(appWith([], loadedHealth()), '6'),
      'health-yes-no': keys(appWith([], loadedHealth()), '6', 'c'),
      'health-name': keys(appWith([], loadedHealth()), '6', 'A'),
    } as const;
    for (const [context, state] of Object.entries(states)) {
      expect(keyContext(state, LAYOUT)).toBe(context);
      const hints = keyHints(keyContext(state, LAYOUT), sym);
      expect(hints.length).toBeGreaterThan(2);
      for (const hint of hints) {
        const single = hint.keys.length === 1 ? hint.keys : hint.keys === 'space' ? ' ' : null;
        if (single === null) continue;
        expect(
          commandsForKey(state, single, {}, LAYOUT).length,
          `${context}: ${hint.keys} ${hint.label}`,
        ).toBeGreaterThan(0);
      }
    }
    expect(keyHints('monitor', sym).map((h) => `${h.keys} ${h.label}`)).toEqual(
      expect.arrayContaining(['s sort', '/ filter', 'space pause', 'r refresh', '? help', 'q quit']),
    );
    expect(keyHints('health', sym).map((h) => h.keys)).toEqual(expect.arrayContaining(['p', 'c', 'A', 'w', 'r']));
  });

  it('Help has a section for each screen, in ASCII too', () => {
    const titles = helpSections(symbols(ASCII)).map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['Monitor', 'Health']));
    const monitor = helpSections(symbols(UNICODE)).find((s) => s.title === 'Monitor')!;
    expect(monitor.keys.map(([k]) => k)).toEqual(expect.arrayContaining(['s', '/', 'space', 'r']));
  });
});

describe('numbers, bars and sparklines', () => {
  it('compact counts fit 5 characters', () => {
    expect([0, 9999, 12_345, 123_456, 999_960, 1_234_567, 98_765_432, 2_500_000_000].map(compact)).toEqual([
      '0',
      '9999',
      '12.3k',
      '123k',
      '1M',
      '1.23M',
      '98.8M',
      '2.5G',
    ]);
    expect(grouped(1234567)).toBe('1,234,567');
  });

  it('a progress bar never shows an unfinished sync as full, nor a started one as empty', () => {
    const bar = (fraction: number, width: number, theme: typeof UNICODE) =>
      progressBar(fraction, width, theme)
        .map((s) => s.text)
        .join('');
    expect(bar(0, 10, UNICODE)).toBe('░'.repeat(10));
    expect(bar(0.001, 10, UNICODE)).toBe(`█${'░'.repeat(9)}`);
    expect(bar(0.999, 10, UNICODE)).toBe(`${'█'.repeat(9)}░`);
    expect(bar(1, 10, ASCII)).toBe('#'.repeat(10));
    expect(bar(0.5, 4, ASCII)).toBe('##..');
  });

  it('in colour, a bar is cells of background colour, which the cursor row keeps', () => {
    const colour = { color: true, unicode: true };
    expect(progressBar(0.999, 10, colour)).toEqual([
      { text: ' '.repeat(9), background: 'green' },
      { text: ' ', background: 'gray' },
    ]);
    const m = monitorAfter(40);
    const selected = rowSegments(m.rows[0]!, tableColumns(80), 'Globex', m.serverNow!, true, colour);
    expect(selected.filter((s) => s.background).map((s) => s.inverse)).toEqual([undefined, undefined]);
    expect(selected.filter((s) => !s.background).every((s) => s.inverse)).toBe(true);
  });

  it('a sparkline spans the whole session in equal time buckets; a gap is a blank', () => {
    const samples = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ at: i * 1000, perMin: i * 10 }));
    expect(sparkline(samples, 8, UNICODE)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline(samples, 8, ASCII)).toBe('_.-~=+*#');
    expect(buckets(samples, 4)).toEqual([5, 25, 45, 65]);
    // Ticks at 0-3 s, then none until 9 s (reconnecting): the buckets in between are blank.
    const gap = [0, 1, 2, 3, 9, 10].map((s) => ({ at: s * 1000, perMin: 5 }));
    expect(sparkline(gap, 5, UNICODE)).toBe('██  █');
    expect(sparkline([{ at: 0, perMin: 0 }], 10, UNICODE)).toBe('▁');
  });
});
