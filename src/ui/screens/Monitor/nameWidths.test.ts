/** The name columns' widths kept between ticks are the widths measured afresh, whatever changed. */
import { describe, expect, it } from 'vitest';
import { type ComputedViews, computeViews, emptyMonitor, reduce, type SyncRow } from '../../../core/monitor.js';
import { nameWidthsOfAll } from './nameWidths.js';

const SETTINGS = { intervalMs: 2_000 };
const NAMES = new Map([
  ['org-a', 'Acme'],
  ['org-b', 'Globex Corporation International'],
]);
const STALLED = (view: { syncId: string }) => `stalled ${view.syncId}`;

const row = (orgId: string, syncId: string, extra: Partial<SyncRow> = {}): SyncRow => ({
  orgId,
  syncId,
  entityType: 'order',
  sourceSystem: 'odoo',
  status: 'running',
  processed: 10,
  failed: 0,
  total: 1_000,
  startedAt: 0,
  updatedAt: 0,
  ...extra,
});

/** What the widths are, read from every view. */
function measuredAfresh({ views }: ComputedViews) {
  const longest = (names: string[]) => Math.max(0, ...names.map((name) => [...name].length));
  return {
    org: longest(views.map((v) => NAMES.get(v.orgId) ?? v.orgId.slice(0, 8))),
    sync: longest(views.map((v) => v.syncId)),
    entity: longest(views.map((v) => v.entityType ?? '-')),
    source: longest(views.map((v) => v.sourceSystem ?? '-')),
    stalled: longest(views.filter((v) => v.stalled).map(STALLED)),
  };
}

describe('name widths of every sync', () => {
  it('are what every view reads, tick after tick: progress, a long name ending, another starting in its place, a stall', () => {
    const base = [row('org-a', 'short'), row('org-a', 'a-much-longer-sync-name'), row('org-c-unnamed', 'x')];
    const ticks: SyncRow[][] = [
      base,
      // progress only: most views are kept
      base.map((r, i) => (i === 0 ? { ...r, processed: 20, updatedAt: 2_000 } : r)),
      // the long one ends and one with a long entity and no source starts: same count, other syncs
      [base[0]!, row('org-b', 'new', { entityType: 'inventory-adjustment', sourceSystem: null }), base[2]!],
      // a source renamed on a running sync (its row rewritten)
      [base[0]!, row('org-b', 'new', { entityType: 'inventory-adjustment', sourceSystem: 'woocommerce-eu' }), base[2]!],
      // one fewer sync
      [base[0]!, base[2]!],
    ];
    let state = emptyMonitor;
    let computed: ComputedViews | undefined;
    ticks.forEach((rows, t) => {
      state = reduce(state, { serverNow: t * 2_000, rows, full: true, activeCount: rows.length }, SETTINGS);
      computed = computeViews(state, SETTINGS, computed);
      expect(nameWidthsOfAll(computed, NAMES, STALLED), `tick ${t}`).toEqual(measuredAfresh(computed));
    });
    // Long quiet: the syncs stall, and the longest stall's text is measured.
    state = reduce(state, { serverNow: 600_000, rows: ticks.at(-1)!, full: true, activeCount: 2 }, SETTINGS);
    computed = computeViews(state, SETTINGS, computed);
    expect(computed.views.some((v) => v.stalled)).toBe(true);
    expect(nameWidthsOfAll(computed, NAMES, STALLED)).toEqual(measuredAfresh(computed));
  });
});
