/**
 * Hot path, measured by test/bench/monitor-ui.ts ("render of the 80x24 frame", 10,000 syncs).
 *
 * The table's name columns are as wide as the longest name of every sync shown, not only of the
 * 20 on screen, so the columns stay put while the cursor scrolls. Reading three names of 10,000
 * syncs is cheap in itself but not in memory: each name is three pointers away from its view
 * (view, history, row), and after a few ticks those objects are spread over the heap, so the
 * reads miss the cache: a third of the frame's render, measured. Most views are the same objects
 * tick after tick (computeViews keeps a view while its sync is unchanged), and so are their names:
 * the widths are kept per slot with the view they were read from, and only a new view is read.
 */
import { CLOCKED, type ComputedViews, type SyncView } from '../../../core/monitor.js';
import { width } from '../../text.js';

export interface NameWidths {
  readonly org: number;
  readonly sync: number;
  readonly entity: number;
  readonly source: number;
  /** the longest stall's text (`stalledText`), 0 when none is stalled */
  readonly stalled: number;
}

/** The views last measured, per slot, and the widths of their names. */
interface Measured {
  readonly views: readonly SyncView[];
  readonly sync: Uint16Array;
  readonly entity: Uint16Array;
  readonly source: Uint16Array;
}

/** One Monitor per app: the last tick's measurement, the next one's starting point. */
let last: Measured | null = null;

/** The widths of the names of every active sync of `computed` (organizations as `orgNames` names them). */
export function nameWidthsOfAll(
  computed: ComputedViews,
  orgNames: ReadonlyMap<string, string>,
  stalledText: (view: SyncView) => string,
): NameWidths {
  const { views, clocked } = computed;
  const n = views.length;
  const before = last;
  const sameSize = before !== null && before.views.length === n;
  const measured: Measured = {
    views,
    sync: sameSize ? before.sync : new Uint16Array(n),
    entity: sameSize ? before.entity : new Uint16Array(n),
    source: sameSize ? before.source : new Uint16Array(n),
  };
  let sync = 0;
  let entity = 0;
  let source = 0;
  for (let slot = 0; slot < n; slot++) {
    const view = views[slot]!;
    if (!sameSize || before.views[slot] !== view) {
      measured.sync[slot] = width(view.syncId);
      measured.entity[slot] = width(view.entityType ?? '-');
      measured.source[slot] = width(view.sourceSystem ?? '-');
    }
    if (measured.sync[slot]! > sync) sync = measured.sync[slot]!;
    if (measured.entity[slot]! > entity) entity = measured.entity[slot]!;
    if (measured.source[slot]! > source) source = measured.source[slot]!;
  }
  last = measured;
  // Organizations by their index: a hundred names, not one per sync.
  const { orgOf, organizations } = computed.state;
  const present = new Uint8Array(organizations.length);
  for (let slot = 0; slot < n; slot++) present[orgOf[slot]!] = 1;
  let org = 0;
  for (let i = 0; i < organizations.length; i++) {
    const id = organizations[i]!;
    if (present[i] === 1) org = Math.max(org, width(orgNames.get(id) ?? id.slice(0, 8)));
  }
  let stalled = 0;
  for (let slot = 0; slot < n; slot++)
    if (clocked[slot * CLOCKED] === 1) stalled = Math.max(stalled, stalledText(views[slot]!).length);
  return { org, sync, entity, source, stalled };
}
