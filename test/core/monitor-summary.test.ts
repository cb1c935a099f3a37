import { describe, expect, it } from 'vitest';
import { computeViews, emptyMonitor, reduce, type SyncRow, selectViews, type Tick } from '../../src/core/monitor.js';
import { changesSince, summarizeByOrganization } from '../../src/core/monitor-summary.js';

const settings = { intervalMs: 2_000 };
const row = (orgId: string, syncId: string, done: number, at: number, total = 10_000): SyncRow => ({
  orgId,
  syncId,
  entityType: 'product',
  sourceSystem: 'odoo',
  status: null,
  processed: done,
  failed: 0,
  total,
  startedAt: 0,
  updatedAt: at,
});
const tick = (serverNow: number, rows: SyncRow[]): Tick => ({ serverNow, rows, full: true, activeCount: rows.length });

/** Three ticks of three syncs in two organizations: b/2 stops moving after the first sample. */
function monitor() {
  let state = reduce(
    emptyMonitor,
    tick(1_000, [row('a', '1', 100, 1_000), row('a', '2', 100, 1_000, 1_000), row('b', '1', 100, 1_000)]),
    settings,
  );
  const first = computeViews(state, settings);
  state = reduce(
    state,
    tick(3_000, [row('a', '1', 300, 3_000), row('a', '2', 100, 1_000, 1_000), row('b', '1', 150, 3_000)]),
    settings,
  );
  const second = computeViews(state, settings, first);
  return { first, second, state };
}

describe('watch at scale', () => {
  it('--changes: only the syncs whose view changed, and the ones that left', () => {
    const { first, second, state } = monitor();
    const initial = changesSince(null, first.views);
    expect(initial.changed.map((v) => v.key)).toEqual(first.views.map((v) => v.key));
    const next = changesSince(first.views, second.views);
    // a/2 did not write again and its rate and ETA stay unknown: the same view, not sent again.
    expect(next.changed.map((v) => `${v.orgId}/${v.syncId}`).sort()).toEqual(['a/1', 'b/1']);
    expect(next.removed).toEqual([]);
    const finished = reduce(state, tick(5_000, [row('a', '1', 500, 5_000)]), settings);
    const third = changesSince(second.views, computeViews(finished, settings, second).views);
    expect(third.removed.map((v) => v.key)).toEqual(['a/2', 'b/1']);
  });

  it('--changes: the syncs sent, sorted alone, are in the order the full line gives them', () => {
    const { first, second } = monitor();
    const { changed } = changesSince(first.views, second.views);
    for (const sort of ['eta', 'updated', 'org'] as const) {
      const sent = new Set(changed);
      const inFullLine = selectViews(second.views, sort, {}).filter((view) => sent.has(view));
      expect(selectViews(changed, sort, {})).toEqual(inFullLine);
    }
  });

  it('--changes: a sync that starts does not make the unchanged ones look changed (their views are made anew)', () => {
    const { second, state } = monitor();
    // a/2 stays as it was; c/1 starts, so every slot moves and computeViews reuses no view.
    const started = reduce(
      state,
      tick(5_000, [
        row('a', '1', 500, 5_000),
        row('a', '2', 100, 1_000, 1_000),
        row('b', '1', 150, 3_000),
        row('c', '1', 10, 5_000),
      ]),
      settings,
    );
    const views = computeViews(started, settings, second).views;
    expect(views.find((v) => v.key === 'a/2')).not.toBe(second.views.find((v) => v.key === 'a/2'));
    const next = changesSince(second.views, views);
    expect(next.changed.map((v) => v.key).sort()).not.toContain('a/2');
    expect(next.changed.map((v) => v.key)).toContain('c/1');
    expect(next.changed.map((v) => v.key)).toContain('a/1');
  });

  it('folds the syncs per organization: counts, the summed rate, the slowest ETA, the worst sync', () => {
    const { second } = monitor();
    const summaries = summarizeByOrganization(second);
    expect(summaries.map((s) => [s.orgId, s.active, s.processed, s.total])).toEqual([
      ['b', 1, 150, 10_000],
      ['a', 2, 400, 11_000],
    ]);
    const a = summaries.find((s) => s.orgId === 'a')!;
    expect(a.ratePerMin).toBeCloseTo(6_000, 0);
    expect(a.unknownEta).toBe(1);
    // b moves at 25 items/s against a/1's 100: its ETA is the longer, so it comes first.
    expect(summaries[0]!.slowestEtaSeconds).toBeGreaterThan(a.slowestEtaSeconds!);
    expect(a.worst.syncId).toBe('1');
  });

  it('folds only the syncs a filter keeps, and puts the organization with a stalled sync first, that sync its worst', () => {
    const { second, state } = monitor();
    const onlyA = Uint8Array.from(second.views, (v) => (v.orgId === 'a' ? 1 : 0));
    expect(summarizeByOrganization(second, onlyA).map((s) => [s.orgId, s.active])).toEqual([['a', 2]]);
    // 60 s later b/1 has written again; a/1 (last moved at 3 s) and a/2 (at 1 s) have not: both stalled
    // (past 30 s), so a comes first, and its worst is the one quiet the longest.
    const later = reduce(
      state,
      tick(63_000, [row('a', '1', 300, 3_000), row('a', '2', 100, 1_000, 1_000), row('b', '1', 900, 62_000)]),
      settings,
    );
    const summaries = summarizeByOrganization(computeViews(later, settings, second));
    expect(summaries.map((s) => [s.orgId, s.stalled])).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    expect(summaries[0]!.worst.syncId).toBe('2');
    expect(summaries[0]!.worst.stalled).toBe(true);
  });

  it('counts the syncs whose row has values the monitor cannot use, and leaves their counts out of the sums', () => {
    const state = reduce(
      emptyMonitor,
      tick(1_000, [row('a', '1', 100, 1_000), { ...row('a', '2', 100, 1_000), processed: Number.POSITIVE_INFINITY }]),
      settings,
    );
    const [a] = summarizeByOrganization(computeViews(state, settings));
    expect(a).toMatchObject({ orgId: 'a', active: 2, problems: 1, processed: 100, total: 20_000 });
  });
});
