import { describe, expect, it } from 'vitest';
import {
  clockFields,
  computeViews,
  emptyMonitor,
  formatDuration,
  historyOf,
  type MonitorState,
  reduce,
  type SyncRow,
  selectViews,
  slotOfKey,
  type Tick,
  type WatchEvent,
} from '../../src/core/monitor.js';
import { renderWatchTable, tickLinePieces } from '../../src/output/watch.js';

const settings = { intervalMs: 2_000 };
const row = (done: number, at: number, extra: Partial<SyncRow> = {}): SyncRow => ({
  orgId: 'org-a',
  syncId: 's1',
  entityType: 'product',
  sourceSystem: 'odoo',
  status: null,
  processed: done,
  failed: 0,
  total: 10_000,
  startedAt: 0,
  updatedAt: at,
  ...extra,
});
const tick = (serverNow: number, rows: SyncRow[], full = true): Tick => ({
  serverNow,
  rows,
  full,
  activeCount: rows.length,
});

describe('the monitor reducer', () => {
  it('knows no rate until two samples, then the recent one', () => {
    let state = reduce(emptyMonitor, tick(1_000, [row(100, 1_000)]), settings);
    expect(computeViews(state, settings).views[0]).toMatchObject({ ratePerMin: null, etaSeconds: null });
    state = reduce(state, tick(3_000, [row(300, 3_000)]), settings);
    const view = computeViews(state, settings).views[0]!;
    expect(view.ratePerMin).toBeCloseTo(6_000); // 200 items in 2 s
    expect(view.etaSeconds).toBe(97); // 9,700 left at 100/s
  });

  it('follows a tenfold slowdown within a few samples, where a lifetime average would not', () => {
    let state = emptyMonitor;
    const doneAt = (t: number) => (t <= 60_000 ? t / 10 : 6_000 + (t - 60_000) / 100); // 100/s, then 10/s
    for (let t = 0; t <= 60_000; t += 2_000) state = reduce(state, tick(t, [row(doneAt(t), t)]), settings);
    for (let t = 62_000; t <= 68_000; t += 2_000) state = reduce(state, tick(t, [row(doneAt(t), t)]), settings);
    const rate = computeViews(state, settings).views[0]!.ratePerMin! / 60;
    const lifetime = doneAt(68_000) / 68;
    expect(rate).toBeLessThan(25); // within 4 samples: under 2.5× the new rate
    expect(lifetime).toBeGreaterThan(80);
  });

  it('calls a sync stalled after max(30 s, 5 intervals) without progress, and says for how long', () => {
    let state = reduce(emptyMonitor, tick(0, [row(100, 0)]), settings);
    state = reduce(state, tick(2_000, [row(300, 2_000)]), settings);
    state = reduce(state, tick(30_000, [row(300, 29_000)]), settings); // heartbeat, no progress
    expect(computeViews(state, settings).views[0]?.stalled).toBe(false);
    state = reduce(state, tick(40_000, [row(300, 39_000)]), settings);
    const stalled = computeViews(state, settings).views[0]!;
    expect(stalled).toMatchObject({ stalled: true, etaSeconds: null, ratePerMin: 0 });
    expect(clockFields(stalled, 40_000)).toEqual({
      stalledForSeconds: 38,
      elapsedSeconds: 40,
      lastUpdateAgeSeconds: 1,
    });
    const slow = { intervalMs: 10_000 };
    expect(computeViews(state, slow).views[0]?.stalled).toBe(false); // 5 × 10 s = 50 s
  });

  it('keeps histories across incremental ticks and asks for a full one when counts disagree', () => {
    let state = reduce(emptyMonitor, tick(0, [row(0, 0), row(0, 0, { syncId: 's2' })]), settings);
    state = reduce(state, { serverNow: 2_000, rows: [row(200, 2_000)], full: false, activeCount: 2 }, settings);
    expect(state.keys).toHaveLength(2);
    expect(state.needsFull).toBe(false);
    state = reduce(state, { serverNow: 4_000, rows: [], full: false, activeCount: 1 }, settings);
    expect(state.needsFull).toBe(true);
    state = reduce(state, tick(6_000, [row(600, 6_000)]), settings);
    expect(state.keys).toEqual(['org-a/s1']);
    expect(historyOf(state, 'org-a/s1')?.samples).toBe(3);
  });

  it('sorts by ETA (stalled last), by last update or by org, and filters', () => {
    let state = reduce(
      emptyMonitor,
      tick(0, [row(0, 0), row(0, 0, { syncId: 'fast', orgId: 'org-b', entityType: 'order' })]),
      settings,
    );
    state = reduce(
      state,
      tick(2_000, [row(100, 2_000), row(1_000, 1_500, { syncId: 'fast', orgId: 'org-b', entityType: 'order' })]),
      settings,
    );
    const list = computeViews(state, settings).views;
    expect(selectViews(list, 'eta', {}).map((v) => v.syncId)).toEqual(['fast', 's1']);
    expect(selectViews(list, 'updated', {}).map((v) => v.syncId)).toEqual(['s1', 'fast']);
    const names = new Map([
      ['org-a', 'Acme'],
      ['org-b', 'Globex'],
    ]);
    expect(selectViews(list, 'org', { org: 'globex' }, names).map((v) => v.syncId)).toEqual(['fast']);
    expect(selectViews(list, 'eta', { entity: 'product' }).map((v) => v.syncId)).toEqual(['s1']);
    expect(selectViews(list, 'eta', { text: 'acm' }, names).map((v) => v.syncId)).toEqual(['s1']);
  });

  it("breaks ties (two unknown ETAs, two stalled) by organization name, then sync id, whatever the organizations' ids", () => {
    // The ids sort the other way round from the names: a tie broken by id would put Zeta first.
    const syncs = [
      row(0, 0, { orgId: 'a-id', syncId: 'x' }),
      row(0, 0, { orgId: 'b-id', syncId: 'y' }),
      row(0, 0, { orgId: 'b-id', syncId: 'b' }),
    ];
    const list = computeViews(reduce(emptyMonitor, tick(0, syncs), settings), settings).views;
    expect(list.every((v) => v.etaSeconds === null)).toBe(true);
    const names = new Map([
      ['a-id', 'Zeta'],
      ['b-id', 'Alpha'],
    ]);
    const order = (sort: 'eta' | 'updated' | 'org') =>
      selectViews(list, sort, {}, names).map((v) => `${names.get(v.orgId)}/${v.syncId}`);
    for (const sort of ['eta', 'updated', 'org'] as const)
      expect(order(sort)).toEqual(['Alpha/b', 'Alpha/y', 'Zeta/x']);
    expect(selectViews([...list].reverse(), 'eta', {}, names).map((v) => v.syncId)).toEqual(['b', 'y', 'x']);
  });

  it('keeps syncs in key order, shares the slot map while the set is the same, and never changes the state it was given', () => {
    const b = row(0, 0, { orgId: 'org-b' });
    let state = reduce(emptyMonitor, tick(0, [b, row(0, 0)]), settings);
    expect(state.keys).toEqual(['org-a/s1', 'org-b/s1']);
    const before = state;
    const histories = state.keys.map((key) => historyOf(state, key));
    state = reduce(state, { serverNow: 2_000, rows: [row(200, 2_000)], full: false, activeCount: 2 }, settings);
    expect(state.slots).toBe(before.slots);
    expect(state.rows[1]).toBe(before.rows[1]); // org-b did not write
    expect(before.keys.map((key) => historyOf(before, key))).toEqual(histories);
    expect(historyOf(before, 'org-a/s1')!.lastDone).toBe(0);
    // A sync starts: the set changes, and the new one takes its place in key order.
    state = reduce(state, tick(4_000, [row(400, 4_000), row(0, 4_000, { syncId: 's0' }), b]), settings);
    expect(state.slots).not.toBe(before.slots);
    expect(state.keys).toEqual(['org-a/s0', 'org-a/s1', 'org-b/s1']);
    expect(historyOf(state, 'org-a/s1')!.samples).toBe(3);
    expect(state.keys.map((key) => slotOfKey(state, key))).toEqual([0, 1, 2]);
    for (const missing of ['org-a/s', 'org-a/s2', 'org-0', 'org-z/s1', ''])
      expect(slotOfKey(state, missing)).toBe(undefined);
  });

  it('renews only the views whose sync changed, and those the silence since changed', () => {
    const quiet = row(0, 0, { orgId: 'org-q' });
    let state = reduce(emptyMonitor, tick(0, [row(0, 0), quiet]), settings);
    state = reduce(state, tick(2_000, [row(200, 2_000), { ...quiet, processed: 50, updatedAt: 2_000 }]), settings);
    let computed = computeViews(state, settings);
    // 1 s later: org-a writes, org-q is quiet for less than two of its write gaps: its view is the same object.
    state = reduce(state, { serverNow: 3_000, rows: [row(300, 3_000)], full: false, activeCount: 2 }, settings);
    let step = computeViews(state, settings, computed);
    let next = step.views;
    expect(next[0]).not.toBe(computed.views[0]);
    expect(next[0]!.processed).toBe(300);
    expect(next[1]).toBe(computed.views[1]);
    expect(next).toEqual(computeViews(state, settings).views); // the same values as without reuse
    // The same write again (the tick looks 3 s back): the same row and history, so the same view.
    const again = reduce(state, { serverNow: 3_500, rows: [row(300, 3_000)], full: false, activeCount: 2 }, settings);
    expect(again.rows[0]).toBe(state.rows[0]);
    expect(historyOf(again, 'org-a/s1')).toEqual(historyOf(state, 'org-a/s1'));
    expect(computeViews(again, settings, step).views[0]).toBe(next[0]);
    computed = step;
    // Quiet for 8 s (four of its 2 s gaps): the rate decays, so the view is new.
    state = reduce(state, { serverNow: 10_000, rows: [], full: false, activeCount: 2 }, settings);
    step = computeViews(state, settings, computed);
    next = step.views;
    expect(next[1]).not.toBe(computed.views[1]);
    expect(next[1]!.ratePerMin!).toBeLessThan(computed.views[1]!.ratePerMin!);
    expect(next).toEqual(computeViews(state, settings).views);
  });

  it("writes over a spare state's arrays (the Watcher's, two ticks back) with the values new arrays would hold", () => {
    const quiet = row(0, 0, { orgId: 'org-q' });
    const ticks = [0, 2_000, 4_000, 6_000].map((at) =>
      tick(at, [row(at / 10, at), { ...quiet, processed: at / 20, updatedAt: at }], false),
    );
    const states = [reduce(emptyMonitor, ticks[0]!, settings)];
    const views = [computeViews(states[0]!, settings)];
    for (let i = 1; i < ticks.length; i++) {
      states.push(reduce(states[i - 1]!, ticks[i]!, settings, states[i - 2]));
      views.push(computeViews(states[i]!, settings, views[i - 1], views[i - 2]));
    }
    // Without a spare, each tick from the first: the same histories and views.
    let plain = reduce(emptyMonitor, ticks[0]!, settings);
    for (const next of ticks.slice(1)) plain = reduce(plain, next, settings);
    const last = states.at(-1)!;
    expect(last.keys.map((key) => historyOf(last, key))).toEqual(plain.keys.map((key) => historyOf(plain, key)));
    expect(views.at(-1)!.views).toEqual(computeViews(plain, settings).views);
    // Each tick wrote over the arrays of the state two ticks back: the last has the second's.
    expect(last.numbers).toBe(states[1]!.numbers);
    expect(last.rows).toBe(states[1]!.rows);
    expect(last.problems).toBe(states[1]!.problems);
    expect(views.at(-1)!.clocked).toBe(views[1]!.clocked);
  });

  it('takes values it cannot use (NaN, negative counts, processed > total, a future start, NULL and infinite times): each such row says what is wrong, nothing throws, the others go on', () => {
    const HOUR = 3_600_000;
    // sync id → the odd values at every tick, and what the row must say
    const odd: ReadonlyArray<readonly [string, Partial<SyncRow>, string]> = [
      ['nan', { processed: Number.NaN }, 'processed_count is not a number'],
      ['negative', { processed: -3, failed: -1 }, 'processed_count is negative (-3); failed_count is negative (-1)'],
      ['fractional', { total: 10_000.5 }, 'total_items is not a whole number (10000.5)'],
      ['over', { processed: 12_000 }, 'processed + failed (12000) is more than total_items (10000)'],
      ['no-update', { updatedAt: null }, 'updated_at is NULL'],
      ['no-start', { startedAt: null }, 'started_at is NULL'],
      ['forever', { updatedAt: Number.POSITIVE_INFINITY }, 'updated_at is infinity'],
      ['never', { updatedAt: Number.NEGATIVE_INFINITY }, 'updated_at is -infinity'],
      ['eternal', { startedAt: Number.NEGATIVE_INFINITY }, 'started_at is -infinity'],
      ['nan-update', { updatedAt: Number.NaN }, 'updated_at is not a number'],
      ['ahead', { updatedAt: 0 }, 'updated_at is 1h00m in the future'],
      ['future', { startedAt: 0 }, 'started_at is 2h00m in the future'],
    ];
    const at = (t: number): SyncRow[] => [
      row(t / 10, t),
      ...odd.map(([syncId, values]) => {
        const shifted = { ...values };
        if (syncId === 'ahead') shifted.updatedAt = t + HOUR;
        if (syncId === 'future') shifted.startedAt = t + 2 * HOUR;
        return row(t / 10, t, { orgId: 'org-b', syncId, ...shifted });
      }),
    ];
    let state: MonitorState = emptyMonitor;
    let alone: MonitorState = emptyMonitor;
    for (let t = 0; t <= 10_000; t += 2_000) {
      state = reduce(state, tick(t, at(t)), settings);
      alone = reduce(alone, tick(t, [row(t / 10, t)]), settings);
    }
    const views = computeViews(state, settings).views;
    // The ordinary sync: the same rate and ETA as when it is alone.
    const ordinary = computeViews(alone, settings).views[0]!;
    expect(views.find((v) => v.syncId === 's1')).toEqual(ordinary);
    expect(ordinary).toMatchObject({ problem: null, ratePerMin: 6_000, etaSeconds: 90 });
    for (const [syncId, , problem] of odd) {
      const view = views.find((v) => v.syncId === syncId)!;
      expect(view.problem, syncId).toBe(problem);
      expect(view.stalled, syncId).toBe(false);
      expect(view.fraction, syncId).toBeGreaterThanOrEqual(0);
      expect(view.fraction, syncId).toBeLessThanOrEqual(1);
      // Only a start that is not a time leaves the ETA known: the rate does not read it.
      if (syncId === 'no-start' || syncId === 'eternal' || syncId === 'future')
        expect(view.etaSeconds, syncId).toBe(ordinary.etaSeconds);
      else expect([view.ratePerMin, view.etaSeconds], syncId).toEqual([null, null]);
    }
    const clock = (syncId: string) => clockFields(views.find((v) => v.syncId === syncId)!, 10_000);
    expect(clock('forever')).toEqual({ elapsedSeconds: 10, lastUpdateAgeSeconds: null, stalledForSeconds: null });
    expect(clock('no-start').elapsedSeconds).toBeNull();
    // Every sort, and watch's JSON and table, take them; the odd rows are listed with the others.
    for (const sort of ['eta', 'updated', 'org'] as const)
      expect(
        selectViews(views, sort, {})
          .map((v) => v.syncId)
          .sort(),
      ).toEqual(['s1', ...odd.map(([id]) => id)].sort());
    expect(
      selectViews(views, 'updated', {})
        .slice(-4)
        .map((v) => v.syncId),
    ).toEqual(['forever', 'nan-update', 'never', 'no-update']);
    const event: Extract<WatchEvent, { kind: 'tick' }> = {
      kind: 'tick',
      state,
      computed: computeViews(state, settings),
      feed: null,
      tickMs: 1,
    };
    const rows = selectViews(views, 'eta', {});
    const json = JSON.parse([...tickLinePieces(event, rows)].join('')) as { syncs: Array<Record<string, unknown>> };
    expect(json.syncs.find((s) => s.sync_id === 'forever')).toMatchObject({
      updated_at: 'infinity',
      eta_seconds: null,
      problem: 'updated_at is infinity',
    });
    expect(json.syncs.find((s) => s.sync_id === 'no-update')).toMatchObject({ updated_at: null });
    expect(json.syncs.find((s) => s.sync_id === 's1')).toMatchObject({ problem: null, eta_seconds: 90 });
    const table = renderWatchTable(event, 'eta', {}, 200);
    expect(table).toMatch(/ UPDATED +PROBLEM\n/);
    expect(table).toMatch(/^org-b +never +.* -infinity +updated_at is -infinity$/m);
    // Once its values can be used again, a sync starts over: one sample, then a rate.
    state = reduce(
      state,
      tick(
        12_000,
        at(12_000).map((r) => (r.syncId === 'forever' ? { ...r, updatedAt: 12_000 } : r)),
      ),
      settings,
    );
    expect(historyOf(state, 'org-b/forever')).toMatchObject({ samples: 1, rate: null, problem: null });
    state = reduce(
      state,
      tick(
        14_000,
        at(14_000).map((r) => (r.syncId === 'forever' ? { ...r, updatedAt: 14_000 } : r)),
      ),
      settings,
    );
    expect(computeViews(state, settings).views.find((v) => v.syncId === 'forever')!.ratePerMin).toBeCloseTo(6_000);
  });

  it('formats durations for a narrow column', () => {
    expect([
      formatDuration(null),
      formatDuration(42),
      formatDuration(95),
      formatDuration(3_725),
      formatDuration(200_000),
    ]).toEqual(['?', '42s', '1m35s', '1h02m', '2d07h']);
  });
});
