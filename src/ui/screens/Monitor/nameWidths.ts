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

/** The views last measured, per slot, their names and the widths of those. */
interface Measured {
  readonly views: readonly SyncView[];
  readonly names: Record<NameColumn, string[]>;
  readonly widths: Record<NameColumn, Uint16Array>;
}
type NameColumn = 'sync' | 'entity' | 'source';
const NAME_COLUMNS: readonly NameColumn[] = ['sync', 'entity', 'source'];
const nameOf = (view: SyncView, column: NameColumn): string =>
  column === 'sync' ? view.syncId : ((column === 'entity' ? view.entityType : view.sourceSystem) ?? '-');

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
  // Slot i is measured again when its view is new, and its width computed again when its name is.
  const before = last !== null && last.views.length === n ? last : null;
  const measured: Measured = {
    views,
    names: before?.names ?? { sync: new Array(n), entity: new Array(n), source: new Array(n) },
    widths: before?.widths ?? { sync: new Uint16Array(n), entity: new Uint16Array(n), source: new Uint16Array(n) },
  };
  const longest = { sync: 0, entity: 0, source: 0 };
  for (const column of NAME_COLUMNS) {
    const names = measured.names[column];
    const widths = measured.widths[column];
    let max = 0;
    for (let slot = 0; slot < n; slot++) {
      const view = views[slot]!;
      if (before?.views[slot] !== view) {
        const name = nameOf(view, column);
        if (name !== names[slot]) {
          names[slot] = name;
          widths[slot] = width(name);
        }
      }
      if (widths[slot]! > max) max = widths[slot]!;
    }
    longest[column] = max;
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
  return { ...longest, org, stalled };
}
