/** The Monitor's reducer and the table order as pure functions. */
import { describe, expect, it } from 'vitest';
import {
  monitorAfter,
  NAMES,
  ORG,
  rowsAt,
  SETTINGS,
  SYNCS,
  tickEvents,
} from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import {
  clockFields,
  computeViews,
  emptyMonitor,
  type MonitorState,
  reduce,
  selectViews,
} from '../../../core/monitor.js';
import {
  addThroughput,
  ascending,
  cursorRow,
  initialMonitor,
  monitorGeometry,
  monitorReducer,
  orderRows,
  tableOffset,
} from './state.js';

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
    expect(m.throughput.at(-1)!.perMin).toBeCloseTo(m.views.reduce((sum, v) => sum + (v.ratePerMin ?? 0), 0));
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

  it("is selectViews' order with rows whose updated_at is not a time (NULL, ±infinity): last by last update, nothing thrown", () => {
    const odd = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, Number.NaN];
    let core: MonitorState = emptyMonitor;
    for (let t = 1; t <= 5; t++) {
      const rows = rowsAt(t);
      const strange = odd.map((updatedAt, i) => ({ ...rows[i % rows.length]!, syncId: `odd-${i}`, updatedAt }));
      core = reduce(
        core,
        { serverNow: t * 1000, rows: [...rows, ...strange], full: true, activeCount: rows.length + odd.length },
        SETTINGS,
      );
    }
    const views = computeViews(core, SETTINGS).views;
    for (const sort of ['eta', 'updated', 'org'] as const) {
      expect(
        orderRows(views, sort, '', NAMES).map((v) => v.key),
        sort,
      ).toEqual(selectViews(views, sort, {}, NAMES).map((v) => v.key));
    }
    expect(
      orderRows(views, 'updated', '', NAMES)
        .slice(-odd.length)
        .map((v) => v.syncId)
        .sort(),
    ).toEqual(['odd-0', 'odd-1', 'odd-2', 'odd-3']);
    // Only odd rows: every one of them unknown, in tie order.
    const onlyOdd = views.filter((v) => v.syncId.startsWith('odd-'));
    expect(orderRows(onlyOdd, 'updated', '', NAMES).map((v) => v.key)).toEqual(
      selectViews(onlyOdd, 'updated', {}, NAMES).map((v) => v.key),
    );
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
