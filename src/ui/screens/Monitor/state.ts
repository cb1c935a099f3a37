/**
 * The Monitor screen's state: what the Watcher last reported (its ticks, a reconnect, or that
 * the table does not exist), and what the person chose (sort, filter, pause, the cursor). Pure:
 * the Watcher runs in useMonitor.ts and sends its events here as actions.
 *
 * The sorted, filtered rows are computed here, once per tick or key, not once per render: with
 * 10,000 active syncs a sort is the most expensive thing a frame does.
 */
import {
  type ComputedViews,
  compareKeys,
  type Feed,
  type SortKey,
  type SyncView,
  selectViews,
  slotOfKey,
  totalRatePerMin,
  updatedOrder,
  viewMatcher,
  type WatchEvent,
} from '../../../core/monitor.js';
import { type OrganizationSummary, summarizeByOrganization } from '../../../core/monitor-summary.js';
import type { AppState } from '../../appState.js';
import { sliceOf, type ThroughputSample } from '../../screen.js';

/** What the Monitor says when there is no IS-SOH URL (Remediate cannot help then). */
export const NO_ISSOH =
  'the monitor reads IS-SOH, where the syncs run: set ENTERPRISE_DATABASE_URL or DATABASE_URL (or --issoh-url)';

export const SORTS: readonly SortKey[] = ['eta', 'updated', 'org'];
export const SORT_TITLES: Record<SortKey, string> = { eta: 'ETA', updated: 'last update', org: 'org' };

/**
 * idle: not started (the screen was never opened) · starting: connecting, no tick yet ·
 * live: ticking · reconnecting: the connection was lost, the last tick is kept ·
 * unavailable: the table of syncs does not exist, or no longer (or no IS-SOH URL): the Watcher has stopped ·
 * failed: a permanent error (wrong password, no such database): said once, the Watcher has stopped
 */
export type MonitorPhase = 'idle' | 'starting' | 'live' | 'reconnecting' | 'unavailable' | 'failed';

/** What the last tick showed before the Watcher stopped (the table dropped, the password changed): its rows are not shown as if current. */
export interface LastSeen {
  /** the server's clock at that tick (epoch ms) */
  readonly at: number;
  readonly syncs: number;
}

export interface Reconnecting {
  readonly attempt: number;
  readonly nextInMs: number;
  readonly message: string;
  /** the server (a Neon compute) is starting up, rather than the connection lost */
  readonly waking: boolean;
}

export interface MonitorScreenState {
  readonly phase: MonitorPhase;
  readonly intervalMs: number | null;
  /** "completed in the last N minutes" */
  readonly minutes: number | null;
  /** the server's clock at the last tick (epoch ms); all ages are relative to it */
  readonly serverNow: number | null;
  readonly ticks: number;
  /** every active sync at the last tick, as the Watcher computed them (computed.views) */
  readonly views: readonly SyncView[];
  /** the last tick's computation: what the per-organization fold reads; null before the first tick */
  readonly computed: ComputedViews | null;
  readonly feed: Feed | null;
  /**
   * views sorted and filtered: what the table shows. Past AGGREGATE_FROM syncs, one row per
   * organization: the sync to look at first (its summary's `worst`), in the summaries' order.
   */
  readonly rows: readonly SyncView[];
  /** past AGGREGATE_FROM syncs, the filtered syncs folded per organization (by org id); null below */
  readonly summaries: ReadonlyMap<string, OrganizationSummary> | null;
  /** what the monitor cannot show on this table's shape, and why (the Watcher's limits) */
  readonly limits: readonly string[];
  readonly tickMs: number | null;
  readonly reconnecting: Reconnecting | null;
  /** why the Watcher stopped (phase unavailable or failed), with its fix */
  readonly unavailable: string | null;
  /** the last tick before it stopped, when there was one */
  readonly lastSeen: LastSeen | null;
  readonly sort: SortKey;
  readonly filter: string;
  /** the filter is being typed */
  readonly editing: boolean;
  readonly paused: boolean;
  /** the sync under the cursor (it follows its sync when the rows re-sort); null only while there are no rows */
  readonly selected: string | null;
  /** first row of the table viewport */
  readonly offset: number;
  readonly throughput: readonly ThroughputSample[];
}

export type MonitorAction =
  | { readonly type: 'monitor/started'; readonly intervalMs: number; readonly minutes: number }
  | { readonly type: 'monitor/event'; readonly event: WatchEvent }
  | { readonly type: 'monitor/sort' }
  | { readonly type: 'monitor/pause' }
  | { readonly type: 'monitor/move'; readonly by: number | 'start' | 'end'; readonly viewport: number }
  | { readonly type: 'monitor/unselect' }
  | { readonly type: 'monitor/filter-start' }
  | { readonly type: 'monitor/filter-input'; readonly text: string }
  | { readonly type: 'monitor/filter-backspace' }
  | { readonly type: 'monitor/filter-accept' }
  | { readonly type: 'monitor/filter-clear' };

/** Actions that come from the Watcher, not from a key: they do not clear the message line. */
export const isMonitorEvent = (action: { readonly type: string }): boolean =>
  action.type === 'monitor/started' || action.type === 'monitor/event';

/** The Monitor's state in the app's. */
export const monitorOf = (app: AppState): MonitorScreenState => sliceOf<MonitorScreenState>(app, 'monitor');

/** What the keys read of the Monitor's geometry (screen.tsx measures it). */
export interface MonitorLayout {
  /** syncs shown at once */
  readonly rows: number;
}

/** r: sample now (the screen's work). */
export interface RefreshRequest {
  readonly refresh: true;
}

export const initialMonitor: MonitorScreenState = {
  phase: 'idle',
  intervalMs: null,
  minutes: null,
  serverNow: null,
  ticks: 0,
  views: [],
  computed: null,
  feed: null,
  rows: [],
  summaries: null,
  limits: [],
  tickMs: null,
  reconnecting: null,
  unavailable: null,
  lastSeen: null,
  sort: 'eta',
  filter: '',
  editing: false,
  paused: false,
  selected: null,
  offset: 0,
  throughput: [],
};

/** Samples kept; past this the older half is merged pairwise, so the whole session stays in view. */
export const MAX_THROUGHPUT_SAMPLES = 2_000;

const EMPTY_NAMES: ReadonlyMap<string, string> = new Map();

export const orgNameOf = (state: Pick<MonitorScreenState, 'feed'>, orgId: string): string | null =>
  state.feed?.orgNames.get(orgId) ?? null;

/**
 * The table's rows: the syncs that pass the filter, in the sort's order. The same filter and the
 * same order as core's selectViews (what `watch` prints; a test holds them equal), computed for
 * 10,000 syncs every tick: each sync's sort value is read once into a typed array and the order
 * comes from one native numeric sort (`ascending`), ties broken as selectViews breaks them.
 */
export function orderRows(
  views: readonly SyncView[],
  sort: SortKey,
  filter: string,
  orgNames: ReadonlyMap<string, string>,
): SyncView[] {
  const list = filterViews(views, filter, orgNames);
  const n = list.length;
  // The syncs of one organization are next to each other (views come in key order): each run of
  // them is looked up once, not each sync.
  const labelOf = (orgId: string) => orgNames.get(orgId) ?? orgId;
  const runOf = new Uint32Array(n);
  const orgs: string[] = [];
  for (let i = 0; i < n; i++) {
    const orgId = list[i]!.orgId;
    if (orgId !== orgs.at(-1)) orgs.push(orgId);
    runOf[i] = orgs.length - 1;
  }
  const labels = [...new Set(orgs.map(labelOf))];
  // Two organizations shown under one name: their syncs interleave by sync id, which run order cannot express.
  if (labels.length < new Set(orgs).size) return selectViews(list, sort, {}, orgNames);
  // selectViews breaks ties by label (code-unit order), then sync id: within a run, the views' order.
  const tieRank = rankOf(labels, compareKeys);
  const tieOfRun = orgs.map((orgId) => tieRank.get(labelOf(orgId))!);
  const tie = new Float64Array(n);
  for (let i = 0; i < n; i++) tie[i] = tieOfRun[runOf[i]!]!;
  const primary = new Float64Array(n);
  if (sort === 'eta') {
    // Unknown ETAs after every known one, stalled syncs last.
    let latest = 0;
    for (const v of list) if (!v.stalled && v.etaSeconds !== null && v.etaSeconds > latest) latest = v.etaSeconds;
    for (let i = 0; i < n; i++) {
      const v = list[i]!;
      primary[i] = v.stalled ? latest + 2 : (v.etaSeconds ?? latest + 1);
    }
  } else if (sort === 'updated') {
    // Newest first; a time that is not one (NULL, ±infinity) after the oldest that is, as selectViews puts it.
    let newest = Number.NEGATIVE_INFINITY;
    let oldest = Number.POSITIVE_INFINITY;
    for (const v of list) {
      const at = updatedOrder(v);
      if (at === Number.NEGATIVE_INFINITY) continue;
      if (at > newest) newest = at;
      if (at < oldest) oldest = at;
    }
    const unknown = newest === Number.NEGATIVE_INFINITY ? 0 : newest - oldest + 1;
    for (let i = 0; i < n; i++) {
      const at = updatedOrder(list[i]!);
      primary[i] = at === Number.NEGATIVE_INFINITY ? unknown : newest - at;
    }
  } else {
    // Organization labels ranked once each, with the collation selectViews compares them by.
    const rank = rankOf(labels, (a, b) => a.localeCompare(b));
    const rankOfRun = orgs.map((orgId) => rank.get(labelOf(orgId))!);
    for (let i = 0; i < n; i++) primary[i] = rankOfRun[runOf[i]!]!;
  }
  const order = ascendingWithTie(primary, tie, labels.length);
  const rows: SyncView[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = list[order[i]!]!;
  return rows;
}

/** selectViews' free-text filter: organization name, sync id, entity, source. */
function filterViews(
  views: readonly SyncView[],
  filter: string,
  orgNames: ReadonlyMap<string, string>,
): readonly SyncView[] {
  const matches = viewMatcher({ text: filter.trim() }, orgNames);
  return matches ? views.filter(matches) : views;
}

/** Each label's rank under `compare`; labels that compare equal share one. */
function rankOf(labels: readonly string[], compare: (a: string, b: string) => number): Map<string, number> {
  const sorted = [...labels].sort(compare);
  const rank = new Map<string, number>();
  sorted.forEach((label, i) => {
    rank.set(label, i > 0 && compare(sorted[i - 1]!, label) === 0 ? rank.get(sorted[i - 1]!)! : i);
  });
  return rank;
}

/** Indices by `primary`, then `tie` (integers below `tieCount`), then index: packed into one value when both are integers. */
function ascendingWithTie(primary: Float64Array, tie: Float64Array, tieCount: number): Uint32Array | number[] {
  const n = primary.length;
  const width = Math.max(1, tieCount);
  let integral = true;
  for (let i = 0; i < n && integral; i++) integral = Number.isInteger(primary[i]!) && primary[i]! >= 0;
  if (integral) {
    const combined = new Float64Array(n);
    for (let i = 0; i < n; i++) combined[i] = primary[i]! * width + tie[i]!;
    return ascending(combined);
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => primary[a]! - primary[b]! || tie[a]! - tie[b]! || a - b);
}

/**
 * The indices of `values` in ascending order, equal values by index. Small non-negative integers
 * (every sort key above, in practice) are packed with their index into one float and sorted
 * natively, without a comparator call per comparison: a third of the time for 10,000 rows.
 */
export function ascending(values: Float64Array): Uint32Array | number[] {
  const n = values.length;
  const scale = 2 ** Math.ceil(Math.log2(n + 1));
  let packable = true;
  for (let i = 0; i < n && packable; i++) {
    const value = values[i]!;
    packable = Number.isInteger(value) && value >= 0 && (value + 1) * scale <= Number.MAX_SAFE_INTEGER;
  }
  if (!packable) return Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = values[i]! * scale + i;
  packed.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i]! % scale;
  return order;
}

/**
 * Past this many active syncs the table shows organizations, not syncs: a list of 100,000 rows
 * is not read by anyone, and sorting it every tick costs more than a frame may.
 */
export const AGGREGATE_FROM = 20_000;

interface Table {
  readonly rows: readonly SyncView[];
  readonly summaries: ReadonlyMap<string, OrganizationSummary> | null;
}

function tableOf(computed: ComputedViews | null, sort: SortKey, filter: string, feed: Feed | null): Table {
  const names = feed?.orgNames ?? EMPTY_NAMES;
  const views = computed?.views ?? [];
  if (computed === null || views.length < AGGREGATE_FROM)
    return { rows: orderRows(views, sort, filter, names), summaries: null };
  // The slots that pass the filter (views[i] is slot i); the fold reads no other view.
  const matches = viewMatcher({ text: filter.trim() }, names);
  const include = matches ? Uint8Array.from(views, (view) => (matches(view) ? 1 : 0)) : undefined;
  const list = summarizeByOrganization(computed, include);
  // Stalled and slowest first (the summaries' order); by organization when that sort is chosen.
  if (sort === 'org') {
    const label = (s: OrganizationSummary) => names.get(s.orgId) ?? s.orgId;
    list.sort((a, b) => label(a).localeCompare(label(b)) || compareKeys(a.orgId, b.orgId));
  }
  return { rows: list.map((s) => s.worst), summaries: new Map(list.map((s) => [s.orgId, s])) };
}

/** The summary of the organization a row stands for, in the aggregated table. */
export const summaryOf = (state: Pick<MonitorScreenState, 'summaries'>, row: SyncView): OrganizationSummary | null =>
  state.summaries?.get(row.orgId) ?? null;

const tableOfState = (state: MonitorScreenState, sort = state.sort, filter = state.filter): Table =>
  tableOf(state.computed, sort, filter, state.feed);

/**
 * Where the sync `key` is in `rows`, or −1. Remembered per rows array: a tick's reducer and its
 * frame ask for the cursor's row several times. Its view, found through the slot map of the tick
 * that made `rows`, is looked for as a pointer first: reading the keys of 10,000 rows in sort
 * order misses the cache at every row.
 */
function indexOfKey(rows: readonly SyncView[], key: string, computed: ComputedViews | null): number {
  const known = foundAt.get(rows);
  if (known?.key === key) return known.index;
  const slot = computed ? slotOfKey(computed.state, key) : undefined;
  const view = slot === undefined ? undefined : computed?.views[slot];
  const byView = view === undefined ? -1 : rows.indexOf(view);
  const index = byView >= 0 ? byView : rows.findIndex((row) => row.key === key);
  foundAt.set(rows, { key, index });
  return index;
}
const foundAt = new WeakMap<readonly SyncView[], { readonly key: string; readonly index: number }>();

/** The cursor's position in the table; `computed` is the tick that made its rows. */
type CursorOf = Pick<MonitorScreenState, 'rows' | 'selected' | 'computed'>;

/** Index of the cursor's row in `rows`. */
export function cursorIndex(state: CursorOf): number {
  if (state.selected === null) return 0;
  return Math.max(indexOfKey(state.rows, state.selected, state.computed), 0);
}

/** The sync under the cursor, when there is one. */
export const cursorRow = (state: CursorOf): SyncView | null => state.rows[cursorIndex(state)] ?? null;

/**
 * New rows. The cursor is on a sync, not on a position: it follows its sync when the rows re-sort
 * (the first rows to arrive put it on the top one). A selected sync that is gone (finished,
 * filtered out) hands the cursor to the row now at its place, so it does not jump back to the top.
 */
function withRows(state: MonitorScreenState, { rows, summaries }: Table): MonitorScreenState {
  if (state.selected === null) return { ...state, rows, summaries, selected: rows[0]?.key ?? null };
  if (indexOfKey(rows, state.selected, state.computed) >= 0) return { ...state, rows, summaries };
  const previous = indexOfKey(state.rows, state.selected, null);
  // Aggregated, a row is its organization: the cursor stays on it when another of its syncs becomes the worst.
  const sameOrganization =
    summaries !== null && previous >= 0 ? rows.find((row) => row.orgId === state.rows[previous]!.orgId) : undefined;
  const replacement = sameOrganization ?? rows[Math.min(Math.max(previous, 0), rows.length - 1)];
  return { ...state, rows, summaries, selected: replacement?.key ?? null };
}

/** Adds one sample; past the bound, the older half is merged pairwise (the time axis stays true: samples carry their time). */
export function addThroughput(
  samples: readonly ThroughputSample[],
  sample: ThroughputSample,
  max = MAX_THROUGHPUT_SAMPLES,
): ThroughputSample[] {
  const next = [...samples, sample];
  if (next.length <= max) return next;
  const half = Math.floor(next.length / 2);
  const merged: ThroughputSample[] = [];
  for (let i = 0; i + 1 < half; i += 2)
    merged.push({ at: next[i]!.at, perMin: (next[i]!.perMin + next[i + 1]!.perMin) / 2 });
  if (half % 2 === 1) merged.push(next[half - 1]!);
  return [...merged, ...next.slice(half)];
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

function onEvent(state: MonitorScreenState, event: WatchEvent): MonitorScreenState {
  switch (event.kind) {
    case 'tick': {
      const { computed, feed } = event;
      const views = computed.views;
      const serverNow = event.state.serverNow;
      const throughput = addThroughput(state.throughput, { at: serverNow, perMin: totalRatePerMin(computed) });
      const table =
        views === state.views && feed === state.feed
          ? { rows: state.rows, summaries: state.summaries }
          : tableOf(computed, state.sort, state.filter, feed);
      return withRows(
        {
          ...state,
          phase: 'live',
          serverNow,
          ticks: event.state.ticks,
          views,
          computed,
          feed,
          tickMs: event.tickMs,
          reconnecting: null,
          unavailable: null,
          lastSeen: null,
          limits: event.limits ?? [],
          throughput,
        },
        table,
      );
    }
    case 'reconnecting':
      // The last tick stays on the screen: the history is the Watcher's, and it survives.
      return {
        ...state,
        phase: 'reconnecting',
        reconnecting: {
          attempt: event.attempt,
          nextInMs: event.nextInMs,
          message: event.message,
          waking: event.waking,
        },
      };
    case 'unavailable':
    case 'failed': {
      // The rows of the last tick are no longer true (the table is gone, or cannot be read): dropped, with when they were seen.
      const lastSeen =
        state.ticks > 0 && state.serverNow !== null
          ? { at: state.serverNow, syncs: state.views.length }
          : state.lastSeen;
      return {
        ...state,
        phase: event.kind === 'failed' ? 'failed' : 'unavailable',
        unavailable: event.message,
        reconnecting: null,
        lastSeen,
        ticks: 0,
        views: [],
        computed: null,
        rows: [],
        summaries: null,
        feed: null,
        selected: null,
        offset: 0,
      };
    }
    default:
      return state;
  }
}

export function monitorReducer(state: MonitorScreenState, action: MonitorAction): MonitorScreenState {
  switch (action.type) {
    case 'monitor/started':
      return {
        ...state,
        phase: state.ticks > 0 ? state.phase : 'starting',
        intervalMs: action.intervalMs,
        minutes: action.minutes,
        unavailable: null,
        reconnecting: null,
      };
    case 'monitor/event':
      return onEvent(state, action.event);
    case 'monitor/sort': {
      const sort = SORTS[(SORTS.indexOf(state.sort) + 1) % SORTS.length] ?? 'eta';
      return { ...state, sort, ...tableOfState(state, sort) };
    }
    case 'monitor/pause':
      return { ...state, paused: !state.paused };
    case 'monitor/move': {
      if (state.rows.length === 0) return state;
      const current = cursorIndex(state);
      const target =
        action.by === 'start'
          ? 0
          : action.by === 'end'
            ? state.rows.length - 1
            : clamp(current + action.by, 0, state.rows.length - 1);
      const height = Math.max(1, action.viewport);
      let offset = state.offset;
      if (target < offset) offset = target;
      if (target >= offset + height) offset = target - height + 1;
      offset = clamp(offset, 0, Math.max(0, state.rows.length - height));
      return { ...state, selected: state.rows[target]?.key ?? null, offset };
    }
    case 'monitor/unselect': {
      // Back to the top row (and the cursor follows that sync from there).
      const top = state.rows[0]?.key ?? null;
      return state.selected === top && state.offset === 0 ? state : { ...state, selected: top, offset: 0 };
    }
    case 'monitor/filter-start':
      return { ...state, editing: true };
    case 'monitor/filter-input': {
      // Only printable text: control characters and escape sequences never reach the filter.
      const text = action.text
        .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b./g, '')
        .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
      if (text === '') return state;
      const filter = state.filter + text;
      return { ...withRows(state, tableOfState(state, state.sort, filter)), filter, offset: 0 };
    }
    case 'monitor/filter-backspace': {
      const filter = [...state.filter].slice(0, -1).join('');
      return { ...withRows(state, tableOfState(state, state.sort, filter)), filter, offset: 0 };
    }
    case 'monitor/filter-accept':
      return { ...state, editing: false };
    case 'monitor/filter-clear':
      return {
        ...withRows(state, tableOfState(state, state.sort, '')),
        filter: '',
        editing: false,
        offset: 0,
      };
    default:
      return state;
  }
}

// ── geometry ────────────────────────────────────────────────────────────────────────────────

/** Side by side (completed syncs | activity) from this width on. */
export const FEED_SIDE_BY_SIDE = 120;

export interface MonitorGeometry {
  /** rows of syncs shown at once */
  readonly tableRows: number;
  readonly completedRows: number;
  readonly activityRows: number;
  /** completed and activity next to each other */
  readonly sideBySide: boolean;
}

/**
 * How the body is shared: a status line, the column header, the table, a detail line for the
 * sync under the cursor, then the feed (recently completed, newest activity). The table gets
 * what the feed leaves; the feed gets at least a header and one row each.
 */
export function monitorGeometry(bodyHeight: number, columns: number): MonitorGeometry {
  const fixed = 3;
  const available = Math.max(0, bodyHeight - fixed);
  const sideBySide = columns >= FEED_SIDE_BY_SIDE;
  if (sideBySide) {
    const feed = clamp(Math.floor(available * 0.35), 2, 10);
    return { tableRows: Math.max(1, available - feed), completedRows: feed - 1, activityRows: feed - 1, sideBySide };
  }
  const feed = clamp(Math.floor(available * 0.4), 4, 12);
  const completedRows = Math.floor((feed - 2) / 2);
  return {
    tableRows: Math.max(1, available - feed),
    completedRows,
    activityRows: feed - 2 - completedRows,
    sideBySide,
  };
}

/** The first row to show so the cursor is inside the viewport. */
export function tableOffset(state: CursorOf & Pick<MonitorScreenState, 'offset'>, viewport: number): number {
  const height = Math.max(1, viewport);
  const index = cursorIndex(state);
  let offset = state.offset;
  if (index < offset) offset = index;
  if (index >= offset + height) offset = index - height + 1;
  return clamp(offset, 0, Math.max(0, state.rows.length - height));
}
