/**
 * The monitor's pure reducer: per-sync history of samples (server time) → recent rate, honest
 * ETA, stalled. The rate is an exponentially weighted average of (processed + failed) per second
 * over the sync's own write times, so a sync that slows down tenfold shows it within a few
 * samples, unlike the lifetime average the seed's trigger stores in speed_items_per_min.
 */

import { copiedInto, freshOrSpare, listCopiedInto } from './monitor-buffers.js';

/**
 * One active sync as the sampling query returns it. Times are epoch milliseconds, server clock;
 * PostgreSQL's infinity and -infinity are ±Infinity, NULL is null. Nothing here is trusted:
 * a value the reducer cannot use makes its sync's `problem` (see rowProblem), never an exception.
 */
export interface SyncRow {
  readonly orgId: string;
  readonly syncId: string;
  readonly entityType: string | null;
  readonly sourceSystem: string | null;
  readonly status: string | null;
  readonly processed: number;
  readonly failed: number;
  readonly total: number;
  readonly startedAt: number | null;
  readonly updatedAt: number | null;
}

export interface Tick {
  /** the server's now() when the sample was taken */
  readonly serverNow: number;
  readonly rows: readonly SyncRow[];
  /** true when `rows` is every active sync; false when it holds only the rows changed lately */
  readonly full: boolean;
  /**
   * How many syncs are active on the server. When the tracked set disagrees (a sync ended, or one
   * ended while another started), the next sample is a full one.
   */
  readonly activeCount: number;
}

/** One tracked sync's history, as historyOf() reads it out of its state's slot. */
export interface SyncHistory {
  readonly key: string;
  readonly row: SyncRow;
  /**
   * how many distinct writes of this sync have been sampled; 0 while its row has values the rate
   * cannot use (it starts again from the first usable write)
   */
  readonly samples: number;
  /** server time and processed + failed of the last sampled write (NaN while samples is 0) */
  readonly lastAt: number;
  readonly lastDone: number;
  /** the sync's usual time between writes, ms: a running mean over the last few; null until two samples */
  readonly writeGapMs: number | null;
  /** items per second, exponentially weighted; null until two samples */
  readonly rate: number | null;
  /** server time the done count last increased; null while samples is 0 */
  readonly lastProgressAt: number | null;
  /** what is wrong with the row's values ("updated_at is infinity"), or null: see rowProblem */
  readonly problem: string | null;
}

/**
 * The tracked syncs are slots in key order (code units): per slot its key, its last row, its
 * problem, and its numbers in one typed array (see NUMBER). A history is those numbers, not an
 * object: at 100,000 syncs an object per sync and per write was 17 MB more to keep and, each
 * tick, tens of thousands of objects that lived exactly one tick (the worst kind for the garbage
 * collector: copied, promoted, then collected by a full mark-compact, the reducer's p95).
 *
 * An incremental tick of known syncs copies the arrays (pointer copies, and one copy of the
 * numbers) and writes the changed slots; the slot maps and the keys are shared between states
 * until the set of syncs changes: no map of 100,000 entries is rebuilt while nothing starts or
 * ends. A row finds its slot by its organization id, then its sync id: the sampler gives the
 * same string objects tick after tick, whose hashes V8 keeps, where a key made for each row
 * (`syncKey`) was a new string to hash and compare, most of a tick's reduce at 100,000 syncs.
 * computeViews() reads the numbers of every sync on every tick in a row, which is fast; visiting
 * 100,000 objects scattered over the heap is not. Bench: test/bench/monitor-ui.ts (core reducer).
 */
export interface MonitorState {
  readonly serverNow: number;
  /** per slot, the sync's key (syncKey), in key order */
  readonly keys: readonly string[];
  /** per slot, the sync's last row */
  readonly rows: readonly SyncRow[];
  /** per slot, what is wrong with the row's values, or null: see rowProblem */
  readonly problems: readonly (string | null)[];
  /** per organization id, the slot of each of its sync ids */
  readonly slots: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** per slot, NUMBERS values: see NUMBER */
  readonly numbers: Float64Array;
  /** the organizations of the tracked syncs, each once (made with `slots`, shared as it is) */
  readonly organizations: readonly string[];
  /** per slot, its organization's index in `organizations`: the per-organization fold reads no object */
  readonly orgOf: Int32Array;
  /** set when the tracked set no longer matches the server's count: the next sample must be full */
  readonly needsFull: boolean;
  readonly ticks: number;
}

export interface MonitorSettings {
  /** sampling interval, ms */
  readonly intervalMs: number;
  /** the table has no started_at: a missing start is the shape's (said once), not each row's problem */
  readonly withoutStartedAt?: boolean;
}

export const emptyMonitor: MonitorState = {
  serverNow: 0,
  keys: [],
  rows: [],
  problems: [],
  slots: new Map(),
  numbers: new Float64Array(0),
  organizations: [],
  orgOf: new Int32Array(0),
  needsFull: true,
  ticks: 0,
};

/**
 * A slot's numbers: the row's processed, failed, total and updated at; the history's last
 * progress at, rate (−1: unknown), write gap (−1: unknown), problem (1: the row has one),
 * samples, and the time and done count of the last sampled write. An unusable row has rate −1
 * and last progress at NaN: no ETA, never stalled.
 */
export const NUMBERS = 11;
export const NUMBER = {
  processed: 0,
  failed: 1,
  total: 2,
  updatedAt: 3,
  lastProgressAt: 4,
  rate: 5,
  writeGap: 6,
  problem: 7,
  samples: 8,
  lastAt: 9,
  lastDone: 10,
} as const;

/** The write gap is averaged over about this many writes. */
const GAP_WINDOW = 7;
export const syncKey = (row: { orgId: string; syncId: string }) => `${row.orgId}/${row.syncId}`;
/** Code-unit order of sync keys: the tie-break of every sort (cheaper than a collation, and the same everywhere). */
export const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Time constant of the average: two sampling intervals, never under 1 s. */
export const timeConstantMs = (settings: MonitorSettings) => Math.max(1_000, 2 * settings.intervalMs);

/** A sync is stalled after max(30 s, 5 intervals) without progress. */
export const stallAfterMs = (settings: MonitorSettings) => Math.max(30_000, 5 * settings.intervalMs);

/** The slot of a row's sync in `state`, if tracked. */
const slotOf = (state: Pick<MonitorState, 'slots'>, row: SyncRow) => state.slots.get(row.orgId)?.get(row.syncId);

/** The slot of the sync `key`, or undefined: a binary search, the keys being in key order. */
export function slotOfKey(state: Pick<MonitorState, 'keys'>, key: string): number | undefined {
  let low = 0;
  let high = state.keys.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(state.keys[middle]!, key);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** The history of one tracked sync, by key (read out of its slot: for tests and the odd look-up, not per row). */
export function historyOf(state: MonitorState, key: string): SyncHistory | undefined {
  const slot = slotOfKey(state, key);
  if (slot === undefined) return undefined;
  const at = slot * NUMBERS;
  const known = (value: number) => (value < 0 ? null : value);
  const lastProgressAt = state.numbers[at + NUMBER.lastProgressAt]!;
  return {
    key,
    row: state.rows[slot]!,
    samples: state.numbers[at + NUMBER.samples]!,
    lastAt: state.numbers[at + NUMBER.lastAt]!,
    lastDone: state.numbers[at + NUMBER.lastDone]!,
    writeGapMs: known(state.numbers[at + NUMBER.writeGap]!),
    rate: known(state.numbers[at + NUMBER.rate]!),
    lastProgressAt: Number.isNaN(lastProgressAt) ? null : lastProgressAt,
    problem: state.problems[slot]!,
  };
}

/** Everything a view shows of the row is the same. */
const sameRow = (a: SyncRow, b: SyncRow) =>
  a.processed === b.processed &&
  a.total === b.total &&
  a.status === b.status &&
  a.entityType === b.entityType &&
  a.sourceSystem === b.sourceSystem &&
  a.startedAt === b.startedAt &&
  a.updatedAt === b.updatedAt;

/**
 * A writer's clock may run a little ahead of the server's: a time less than this ahead of the
 * server's now() is not called "in the future".
 */
const FUTURE_SLACK_MS = 60_000;

/** A count the rate can add up: a whole number, not negative. */
const usableCount = (n: number) => Number.isInteger(n) && n >= 0;

/**
 * The row's values are ones the rate and ETA can be computed from: updated_at a time (not NULL,
 * not ±infinity, not in the future), counts whole and not negative, processed + failed within
 * total. A few comparisons: this runs for every row of every tick.
 */
function rateUsable(row: SyncRow, serverNow: number): row is SyncRow & { readonly updatedAt: number } {
  const updatedAt = row.updatedAt;
  return (
    updatedAt !== null &&
    Number.isFinite(updatedAt) &&
    updatedAt <= serverNow + FUTURE_SLACK_MS &&
    usableCount(row.processed) &&
    usableCount(row.failed) &&
    usableCount(row.total) &&
    row.processed + row.failed <= row.total
  );
}

const startUsable = (row: SyncRow, serverNow: number, withoutStartedAt = false) =>
  (withoutStartedAt && row.startedAt === null) ||
  (row.startedAt !== null && Number.isFinite(row.startedAt) && row.startedAt <= serverNow + FUTURE_SLACK_MS);

/**
 * What is wrong with a row's values, in the words of its columns ("updated_at is infinity",
 * "processed_count is negative (-3)"), several joined by "; "; null when nothing is. Only
 * started_at wrong leaves the ETA known (the rate does not read it); anything else makes it unknown.
 */
export function rowProblem(row: SyncRow, serverNow: number, withoutStartedAt = false): string | null {
  if (rateUsable(row, serverNow) && startUsable(row, serverNow, withoutStartedAt)) return null;
  const problems: string[] = [];
  const time = (column: string, value: number | null) => {
    const odd = oddTimeText(value);
    if (odd !== null) problems.push(`${column} is ${odd}`);
    else if (value !== null && value > serverNow + FUTURE_SLACK_MS)
      problems.push(`${column} is ${formatDuration((value - serverNow) / 1000)} in the future`);
  };
  if (!(withoutStartedAt && row.startedAt === null)) time('started_at', row.startedAt);
  time('updated_at', row.updatedAt);
  const counts: ReadonlyArray<readonly [string, number]> = [
    ['processed_count', row.processed],
    ['failed_count', row.failed],
    ['total_items', row.total],
  ];
  for (const [column, value] of counts) {
    if (!Number.isFinite(value)) problems.push(`${column} is ${Number.isNaN(value) ? 'not a number' : 'infinite'}`);
    else if (value < 0) problems.push(`${column} is negative (${value})`);
    else if (!Number.isInteger(value)) problems.push(`${column} is not a whole number (${value})`);
  }
  const done = row.processed + row.failed;
  if (Number.isFinite(done) && Number.isFinite(row.total) && done > row.total)
    problems.push(`processed + failed (${done}) is more than total_items (${row.total})`);
  return problems.length === 0 ? null : problems.join('; ');
}

/**
 * The arrays of the state being made: a slot holds its sync's values from the state before
 * until observe() writes the new ones; a slot with no row yet is a sync seen for the first time.
 */
interface Draft {
  readonly rows: SyncRow[];
  readonly problems: (string | null)[];
  readonly numbers: Float64Array;
}

/** The row, its problem and the row's own numbers, in `slot`. */
function storeRow(draft: Draft, slot: number, row: SyncRow, problem: string | null): void {
  const at = slot * NUMBERS;
  draft.rows[slot] = row;
  draft.problems[slot] = problem;
  draft.numbers[at + NUMBER.processed] = row.processed;
  draft.numbers[at + NUMBER.failed] = row.failed;
  draft.numbers[at + NUMBER.total] = row.total;
  draft.numbers[at + NUMBER.updatedAt] = row.updatedAt ?? Number.NaN;
  draft.numbers[at + NUMBER.problem] = problem === null ? 0 : 1;
}

/** The history's numbers in `slot`; null (unknown) is −1 for the rate and the gap, NaN for the times. */
function storeHistory(
  draft: Draft,
  slot: number,
  samples: number,
  lastAt: number,
  lastDone: number,
  writeGapMs: number,
  rate: number,
  lastProgressAt: number,
): void {
  const at = slot * NUMBERS;
  draft.numbers[at + NUMBER.samples] = samples;
  draft.numbers[at + NUMBER.lastAt] = lastAt;
  draft.numbers[at + NUMBER.lastDone] = lastDone;
  draft.numbers[at + NUMBER.writeGap] = writeGapMs;
  draft.numbers[at + NUMBER.rate] = rate;
  draft.numbers[at + NUMBER.lastProgressAt] = lastProgressAt;
}

/**
 * One more sample of the sync in `slot`, written in place. A history is a few numbers, not a list
 * of samples: with 100,000 syncs every allocation per sync and tick is garbage the frame pays for.
 */
function observe(draft: Draft, slot: number, row: SyncRow, serverNow: number, settings: MonitorSettings): void {
  const at = slot * NUMBERS;
  const numbers = draft.numbers;
  const previous = draft.rows[slot];
  const samples = previous === undefined ? 0 : numbers[at + NUMBER.samples]!;
  if (!rateUsable(row, serverNow)) {
    // No rate from values like these, and none carried over them: the sync starts again from its next usable write.
    const problem = rowProblem(row, serverNow, settings.withoutStartedAt);
    if (previous !== undefined && samples === 0 && draft.problems[slot] === problem && sameRow(row, previous)) return;
    storeRow(draft, slot, row, problem);
    storeHistory(draft, slot, 0, Number.NaN, Number.NaN, -1, -1, Number.NaN);
    return;
  }
  const done = row.processed + row.failed;
  const problem = startUsable(row, serverNow, settings.withoutStartedAt)
    ? null
    : rowProblem(row, serverNow, settings.withoutStartedAt);
  if (samples === 0) {
    storeRow(draft, slot, row, problem);
    storeHistory(draft, slot, 1, row.updatedAt, done, -1, -1, row.updatedAt);
    return;
  }
  const lastAt = numbers[at + NUMBER.lastAt]!;
  const lastDone = numbers[at + NUMBER.lastDone]!;
  // Same write seen again (the tick looks 3 s back, so most rows come twice or three times):
  // nothing new to learn, and the same row object, so its view is not renewed either.
  if (row.updatedAt <= lastAt && done === lastDone) {
    if (!sameRow(row, previous!) || problem !== draft.problems[slot]) storeRow(draft, slot, row, problem);
    return;
  }
  const dt = Math.max(row.updatedAt - lastAt, 1);
  const instant = Math.max(done - lastDone, 0) / (dt / 1000);
  const weight = 1 - Math.exp(-dt / timeConstantMs(settings));
  const previousRate = numbers[at + NUMBER.rate]!;
  const rate = previousRate < 0 ? instant : previousRate + weight * (instant - previousRate);
  const gaps = Math.min(samples, GAP_WINDOW);
  const previousGap = numbers[at + NUMBER.writeGap]!;
  const writeGapMs = previousGap < 0 ? dt : previousGap + (dt - previousGap) / gaps;
  const lastProgressAt = done > lastDone ? row.updatedAt : numbers[at + NUMBER.lastProgressAt]!;
  storeRow(draft, slot, row, problem);
  storeHistory(draft, slot, samples + 1, row.updatedAt, done, writeGapMs, rate, lastProgressAt);
}

/**
 * The state after `tick`. `spare`: an earlier state that nobody reads any more, whose arrays this
 * one may take (the Watcher's; see monitor-buffers.ts); without it every array is new.
 */
export function reduce(state: MonitorState, tick: Tick, settings: MonitorSettings, spare?: MonitorState): MonitorState {
  // One lookup per row (each costs a cache miss or two: 100,000 of them add up).
  const found = new Int32Array(tick.rows.length);
  let known = true;
  for (let i = 0; i < tick.rows.length && known; i++) {
    const slot = slotOf(state, tick.rows[i]!);
    if (slot === undefined) known = false;
    else found[i] = slot;
  }
  // A full sample keeps the histories of the syncs still active and drops the others: the set is
  // the same only when it names every tracked sync once.
  const sameSet = known && (!tick.full || new Set(found).size === state.keys.length);
  if (!sameSet) return rebuild(state, tick, settings);
  const draft: Draft = {
    rows: listCopiedInto(state.rows, spare?.rows),
    problems: listCopiedInto(state.problems, spare?.problems),
    numbers: copiedInto(state.numbers, spare?.numbers),
  };
  for (let i = 0; i < tick.rows.length; i++) observe(draft, found[i]!, tick.rows[i]!, tick.serverNow, settings);
  return {
    serverNow: tick.serverNow,
    keys: state.keys,
    ...draft,
    slots: state.slots,
    organizations: state.organizations,
    orgOf: state.orgOf,
    needsFull: state.keys.length !== tick.activeCount,
    ticks: state.ticks + 1,
  };
}

/** A sync started or ended: new slots, in key order, each with its values from the state before. */
function rebuild(state: MonitorState, tick: Tick, settings: MonitorSettings): MonitorState {
  // After an incremental sample every tracked sync stays; after a full one, only those it names.
  const tracked = new Set(tick.full ? [] : state.keys);
  for (const row of tick.rows) tracked.add(syncKey(row));
  const keys = [...tracked].sort(compareKeys);
  const keySlots = new Map(keys.map((key, slot) => [key, slot]));
  const draft: Draft = {
    rows: new Array<SyncRow>(keys.length),
    problems: new Array<string | null>(keys.length).fill(null),
    numbers: new Float64Array(keys.length * NUMBERS),
  };
  const previousSlots = new Map(state.keys.map((key, slot) => [key, slot]));
  keys.forEach((key, slot) => {
    const from = previousSlots.get(key);
    if (from === undefined) return;
    draft.rows[slot] = state.rows[from]!;
    draft.problems[slot] = state.problems[from]!;
    draft.numbers.set(state.numbers.subarray(from * NUMBERS, (from + 1) * NUMBERS), slot * NUMBERS);
  });
  for (const row of tick.rows) observe(draft, keySlots.get(syncKey(row))!, row, tick.serverNow, settings);
  const slots = new Map<string, Map<string, number>>();
  const orgIndex = new Map<string, number>();
  const orgOf = new Int32Array(keys.length);
  draft.rows.forEach(({ orgId, syncId }, slot) => {
    if (!slots.has(orgId)) slots.set(orgId, new Map());
    slots.get(orgId)!.set(syncId, slot);
    if (!orgIndex.has(orgId)) orgIndex.set(orgId, orgIndex.size);
    orgOf[slot] = orgIndex.get(orgId)!;
  });
  return {
    serverNow: tick.serverNow,
    keys,
    ...draft,
    slots,
    organizations: [...orgIndex.keys()],
    orgOf,
    needsFull: keys.length !== tick.activeCount,
    ticks: state.ticks + 1,
  };
}

export interface SyncView {
  readonly key: string;
  readonly orgId: string;
  readonly syncId: string;
  readonly entityType: string | null;
  readonly sourceSystem: string | null;
  readonly status: string | null;
  readonly processed: number;
  readonly failed: number;
  readonly total: number;
  /** processed + failed over total, 0..1 (0 when the counts make no sense) */
  readonly fraction: number;
  /** items per minute, recent; null when unknown (fewer than two samples) */
  readonly ratePerMin: number | null;
  /** null when unknown, or when the rate is zero */
  readonly etaSeconds: number | null;
  readonly stalled: boolean;
  /** server times (epoch ms; ±Infinity, null: see SyncRow): ages are `clockFields`, read for the rows shown */
  readonly startedAt: number | null;
  readonly updatedAt: number | null;
  /** when processed + failed last grew; null while the row's values cannot be used */
  readonly lastProgressAt: number | null;
  /** what is wrong with the row's values ("updated_at is infinity"), or null: see rowProblem */
  readonly problem: string | null;
}

/**
 * A view reads the sync's own fields through to its row: seven fields of its own (and the fraction
 * worked out when read), not seventeen. Tens of thousands of views are new each tick at 100,000
 * syncs, and each outlives a few ticks, so their size is what the garbage collector copies and
 * promotes.
 */
class RowView implements SyncView {
  constructor(
    readonly key: string,
    private readonly row: SyncRow,
    readonly problem: string | null,
    readonly lastProgressAt: number | null,
    readonly ratePerMin: number | null,
    readonly etaSeconds: number | null,
    readonly stalled: boolean,
  ) {}
  get fraction() {
    const done = this.row.processed + this.row.failed;
    // done > 0 is false for NaN too: a bar is never drawn from counts that make no sense.
    return this.row.total > 0 && done > 0 ? Math.min(done / this.row.total, 1) : 0;
  }
  get orgId() {
    return this.row.orgId;
  }
  get syncId() {
    return this.row.syncId;
  }
  get entityType() {
    return this.row.entityType;
  }
  get sourceSystem() {
    return this.row.sourceSystem;
  }
  get status() {
    return this.row.status;
  }
  get processed() {
    return this.row.processed;
  }
  get failed() {
    return this.row.failed;
  }
  get total() {
    return this.row.total;
  }
  get startedAt() {
    return this.row.startedAt;
  }
  get updatedAt() {
    return this.row.updatedAt;
  }
}

/** The views of one state, kept so the next computeViews() can reuse what did not change. */
export interface ComputedViews {
  readonly state: MonitorState;
  /** per slot: views[i] is the sync of the state's slot i */
  readonly views: readonly SyncView[];
  /** per slot, CLOCKED values: stalled (0/1), rate per minute and ETA (−1: unknown), what the clock changes */
  readonly clocked: Float64Array;
}
export const CLOCKED = 3;

/**
 * What the screen and `watch --json` show for each sync, at the state's server time; in key
 * order. A view is a new object only when its sync changed: a new row or problem, a new last
 * progress, or a rate, ETA or stall that the silence since has changed. The others are
 * `previous`'s objects again: with 100,000 syncs, 100,000 new objects a tick is garbage that
 * costs the frame more than the sums.
 */
export function computeViews(
  state: MonitorState,
  settings: MonitorSettings,
  previous?: ComputedViews,
  /** earlier views that nobody reads any more, whose clocked array this may take (see monitor-buffers.ts) */
  spare?: ComputedViews,
): ComputedViews {
  const now = state.serverNow;
  const stallAfter = stallAfterMs(settings);
  const tau = timeConstantMs(settings);
  const { keys, rows, problems, numbers } = state;
  // Slot i is the same sync in both states only while the slot map is shared.
  const reusable = previous !== undefined && previous.state.slots === state.slots ? previous : undefined;
  const out: SyncView[] = new Array(keys.length);
  const clocked = freshOrSpare(keys.length * CLOCKED, spare === previous ? undefined : spare?.clocked);
  // A plain loop over typed arrays: this runs for every sync on every tick (100,000 in the benchmark).
  for (let i = 0; i < keys.length; i++) {
    const at = i * NUMBERS;
    const done = numbers[at + NUMBER.processed]! + numbers[at + NUMBER.failed]!;
    const total = numbers[at + NUMBER.total]!;
    const updatedAt = numbers[at + NUMBER.updatedAt]!;
    const lastProgressAt = numbers[at + NUMBER.lastProgressAt]!;
    // NaN (an unusable row's last progress) compares false: never stalled.
    const stalled = now - lastProgressAt > stallAfter && done < total;
    let rate = numbers[at + NUMBER.rate]!;
    const typicalGap = numbers[at + NUMBER.writeGap]!;
    // Silence is information: once a sync has been quiet for longer than a few of its own write
    // gaps, its rate cannot be what it was. Fold the quiet time in as a zero-progress sample.
    if (rate >= 0 && typicalGap >= 0) {
      const quiet = Math.max(now - updatedAt, 0);
      if (quiet > 2 * typicalGap) rate = rate * Math.exp(-(quiet - typicalGap) / tau);
    }
    if (stalled) rate = 0;
    const ratePerMin = rate < 0 ? -1 : rate * 60;
    const eta = rate <= 0 ? -1 : Math.round(Math.max(total - done, 0) / rate);
    const c = i * CLOCKED;
    clocked[c] = stalled ? 1 : 0;
    clocked[c + 1] = ratePerMin;
    clocked[c + 2] = eta;
    const unchanged =
      reusable !== undefined &&
      reusable.state.rows[i] === rows[i] &&
      reusable.state.problems[i] === problems[i] &&
      Object.is(reusable.state.numbers[at + NUMBER.lastProgressAt], lastProgressAt) &&
      reusable.clocked[c] === clocked[c] &&
      reusable.clocked[c + 1] === ratePerMin &&
      reusable.clocked[c + 2] === eta;
    if (unchanged) {
      out[i] = reusable.views[i]!;
      continue;
    }
    out[i] = new RowView(
      keys[i]!,
      rows[i]!,
      problems[i]!,
      Number.isNaN(lastProgressAt) ? null : lastProgressAt,
      ratePerMin < 0 ? null : ratePerMin,
      eta < 0 ? null : eta,
      stalled,
    );
  }
  return { state, views: out, clocked };
}

/** Items per minute summed over the syncs whose recent rate is known: one pass over the clocked numbers. */
export function totalRatePerMin({ clocked }: ComputedViews): number {
  let sum = 0;
  for (let c = 1; c < clocked.length; c += CLOCKED) if (clocked[c]! >= 0) sum += clocked[c]!;
  return sum;
}

/** How many tracked syncs have a row with values the monitor cannot use (see rowProblem). */
export function problemCount({ numbers }: MonitorState): number {
  let count = 0;
  for (let at = NUMBER.problem; at < numbers.length; at += NUMBERS) count += numbers[at]!;
  return count;
}

/**
 * What changes with the clock alone: seconds since the sync started, since its last write, and
 * stalled for; null where the time is not one (NULL, ±infinity: the view's problem says which).
 */
export function clockFields(
  view: SyncView,
  serverNow: number,
): { elapsedSeconds: number | null; lastUpdateAgeSeconds: number | null; stalledForSeconds: number | null } {
  const seconds = (since: number | null) =>
    since === null || !Number.isFinite(since) ? null : Math.round(Math.max(serverNow - since, 0) / 1000);
  return {
    elapsedSeconds: seconds(view.startedAt),
    lastUpdateAgeSeconds: seconds(view.updatedAt),
    stalledForSeconds: view.stalled ? seconds(view.lastProgressAt) : null,
  };
}

/** A time as PostgreSQL writes the ones that are not (infinity, -infinity, NULL); null for an ordinary one. */
export function oddTimeText(at: number | null): string | null {
  if (at === null) return 'NULL';
  if (Number.isNaN(at)) return 'not a number';
  if (!Number.isFinite(at)) return at > 0 ? 'infinity' : '-infinity';
  return null;
}

/** "Last update" order: newest first; a time that is not one (NULL, ±infinity) after every one that is. */
export const updatedOrder = (view: SyncView): number =>
  view.updatedAt !== null && Number.isFinite(view.updatedAt) ? view.updatedAt : Number.NEGATIVE_INFINITY;

export type SortKey = 'eta' | 'updated' | 'org';
export interface ViewFilter {
  readonly org?: string | undefined;
  readonly entity?: string | undefined;
  /** free text: matches org, sync id, entity or source */
  readonly text?: string | undefined;
}

/** Whether a sync passes `filter` (organization id or name, entity, free text); null when every sync does. */
export function viewMatcher(
  filter: ViewFilter,
  orgNames: ReadonlyMap<string, string> = new Map(),
): ((view: SyncView) => boolean) | null {
  const org = filter.org?.toLowerCase();
  const text = filter.text?.toLowerCase();
  if (!org && !filter.entity && !text) return null;
  return (v) => {
    const name = (orgNames.get(v.orgId) ?? '').toLowerCase();
    if (org && v.orgId !== org && name !== org && !name.includes(org)) return false;
    if (filter.entity && v.entityType !== filter.entity) return false;
    if (text && ![name, v.syncId, v.entityType ?? '', v.sourceSystem ?? ''].some((s) => s.toLowerCase().includes(text)))
      return false;
    return true;
  };
}

export function selectViews(
  list: readonly SyncView[],
  sort: SortKey,
  filter: ViewFilter,
  orgNames: ReadonlyMap<string, string> = new Map(),
): SyncView[] {
  const matches = viewMatcher(filter, orgNames);
  const filtered = matches ? list.filter(matches) : [...list];
  const byEta = (v: SyncView) => (v.stalled ? Infinity : (v.etaSeconds ?? Number.MAX_SAFE_INTEGER));
  const orgOf = (v: SyncView) => orgNames.get(v.orgId) ?? v.orgId;
  // Ties (two unknown ETAs; two stalled syncs, as Infinity − Infinity is NaN) by organization as shown, then
  // sync id, then key: the same order on every run, whatever ids the organizations were given.
  const tie = (a: SyncView, b: SyncView) =>
    compareKeys(orgOf(a), orgOf(b)) || compareKeys(a.syncId, b.syncId) || compareKeys(a.key, b.key);
  return filtered.sort((a, b) => {
    if (sort === 'eta') return byEta(a) - byEta(b) || tie(a, b);
    if (sort === 'updated') {
      const newer = updatedOrder(b) - updatedOrder(a);
      // -Infinity − -Infinity is NaN: two unknown times tie.
      return (Number.isNaN(newer) ? 0 : newer) || tie(a, b);
    }
    return orgOf(a).localeCompare(orgOf(b)) || tie(a, b);
  });
}

/** 3725 → "1h02m", 95 → "1m35s", null → "?" */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

export interface CompletedSync {
  readonly orgId: string;
  readonly syncId: string;
  readonly entityType: string | null;
  readonly processed: number;
  readonly failed: number;
  readonly total: number;
  /** epoch ms; +Infinity for a completed_at of 'infinity' */
  readonly completedAt: number;
  readonly finalStatus: string;
}

export interface ActivityEntry {
  /** epoch ms; +Infinity for a created_at of 'infinity' */
  readonly createdAt: number;
  readonly orgId: string;
  readonly syncId: string | null;
  readonly action: string;
  readonly status: string;
  readonly recordCount: number | null;
  readonly errorMessage: string | null;
}

export interface Feed {
  readonly completed: readonly CompletedSync[];
  readonly activity: readonly ActivityEntry[];
  readonly orgNames: ReadonlyMap<string, string>;
}

export interface WatchSettings {
  readonly intervalMs: number;
  /** the feed (completed syncs, activity, names) every this many ticks */
  readonly feedEvery: number;
  /** a full sample every this many ticks, whatever the counts say */
  readonly fullEvery: number;
  /** "completed in the last N minutes" */
  readonly minutes: number;
}

export const DEFAULT_WATCH: WatchSettings = { intervalMs: 2_000, feedEvery: 5, fullEvery: 15, minutes: 15 };

export type WatchEvent =
  | {
      readonly kind: 'tick';
      readonly state: MonitorState;
      /** the views of `state` (computed.views), with what folds them per organization */
      readonly computed: ComputedViews;
      readonly feed: Feed | null;
      readonly tickMs: number;
      /** what the monitor cannot show on this table's shape, and why (empty on 0024's) */
      readonly limits?: readonly string[];
    }
  /** a transient failure: retried with backoff; `waking` when the server (a Neon compute) is starting up */
  | {
      readonly kind: 'reconnecting';
      readonly attempt: number;
      readonly nextInMs: number;
      readonly message: string;
      readonly waking: boolean;
    }
  | { readonly kind: 'unavailable'; readonly message: string }
  /** a permanent failure (wrong password, no such database, a refused parameter, TLS): said once, not retried */
  | { readonly kind: 'failed'; readonly message: string };
