/**
 * The monitor at scale: what changed since the last tick (`watch --json --changes`), and the
 * syncs folded per organization (text and app at 100,000 syncs), the stalled and slowest first.
 * Pure: the views come from computeViews, which keeps a view object while its sync is unchanged,
 * and the fold reads the typed arrays it computed them from.
 */
import { CLOCKED, type ComputedViews, NUMBER, NUMBERS, type SyncView } from './monitor.js';

export interface Changes {
  /** syncs new or changed since the last tick (computeViews made a new view for them) */
  readonly changed: readonly SyncView[];
  /** the syncs that were there and are not any more (finished, or gone) */
  readonly removed: ReadonlyArray<Pick<SyncView, 'orgId' | 'syncId'>>;
  /** what this tick's line carries of each sync: the `previous` of the next call */
  readonly written: WrittenSyncs;
}

/** The numbers a `--changes` line compares, per sync (a null is flagged in WrittenSyncs.flags). */
const NUMERIC = ['processed', 'failed', 'total', 'startedAt', 'updatedAt', 'lastProgressAt'] as const;
/** The texts it compares besides the key's: mostly the same few strings (see RepeatedTexts in db/sample). */
const TEXTS = ['entityType', 'sourceSystem', 'status', 'problem'] as const;

/**
 * The written fields of every sync of the last line, as values rather than its views: a view
 * holds its history and row, and at 100,000 syncs holding the last tick's views (a new one for
 * each sync written since) kept a second generation of them alive, about 30 MB more for the
 * garbage collector to grow the heap by (test/bench/watch-100k.ts). Here a sync is a slot of
 * typed arrays and references to strings that are kept anyway.
 */
export interface WrittenSyncs {
  readonly slots: ReadonlyMap<string, number>;
  /** per slot, NUMERIC.length values */
  readonly numbers: Float64Array;
  /** per slot, one bit per NUMERIC value that is null; 1 << NUMERIC.length: stalled */
  readonly flags: Uint8Array;
  /** per slot, TEXTS.length references, then orgId and syncId */
  readonly texts: ReadonlyArray<string | null>;
}

const TEXT_FIELDS = TEXTS.length + 2;
const STALLED = 1 << NUMERIC.length;

function writtenOf(views: readonly SyncView[]): WrittenSyncs {
  const slots = new Map<string, number>();
  const numbers = new Float64Array(views.length * NUMERIC.length);
  const flags = new Uint8Array(views.length);
  const texts: Array<string | null> = new Array(views.length * TEXT_FIELDS);
  views.forEach((view, slot) => {
    slots.set(view.key, slot);
    let flag = view.stalled ? STALLED : 0;
    NUMERIC.forEach((field, n) => {
      const value = view[field];
      if (value === null) flag |= 1 << n;
      numbers[slot * NUMERIC.length + n] = value ?? Number.NaN;
    });
    flags[slot] = flag;
    const at = slot * TEXT_FIELDS;
    TEXTS.forEach((field, t) => {
      texts[at + t] = view[field];
    });
    texts[at + TEXTS.length] = view.orgId;
    texts[at + TEXTS.length + 1] = view.syncId;
  });
  return { slots, numbers, flags, texts };
}

/** The view carries the values `written` holds in `slot` (Object.is: NaN is the same NaN as before). */
function sameAsWritten(view: SyncView, written: WrittenSyncs, slot: number): boolean {
  let flag = view.stalled ? STALLED : 0;
  for (let n = 0; n < NUMERIC.length; n++) {
    const value = view[NUMERIC[n]!];
    if (value === null) flag |= 1 << n;
    else if (!Object.is(value, written.numbers[slot * NUMERIC.length + n])) return false;
  }
  if (flag !== written.flags[slot]) return false;
  const at = slot * TEXT_FIELDS;
  return TEXTS.every((field, t) => view[field] === written.texts[at + t]);
}

/**
 * What changed between two ticks, for `watch --json --changes`: a sync is sent again when it is
 * new, its row was written (counts, times, status), it stalled or moved again, or its problem
 * changed. Its rate and ETA drift with the clock alone (a quiet sync's rate decays every tick):
 * that does not send it again, or a line would carry every sync; each sync sent carries its rate
 * and ETA of that tick. The key (organization and sync id) names the sync; the other fields are
 * compared with what the last line carried. `previous` null: every view is new (the first tick).
 */
export function changesSince(previous: WrittenSyncs | null, views: readonly SyncView[]): Changes {
  const written = writtenOf(views);
  const changed: SyncView[] = [];
  for (const view of views) {
    const slot = previous?.slots.get(view.key);
    if (slot === undefined || !sameAsWritten(view, previous!, slot)) changed.push(view);
  }
  const removed: Array<Pick<SyncView, 'orgId' | 'syncId'>> = [];
  if (previous)
    for (const [key, slot] of previous.slots)
      if (!written.slots.has(key)) {
        const at = slot * TEXT_FIELDS + TEXTS.length;
        removed.push({ orgId: previous.texts[at]!, syncId: previous.texts[at + 1]! });
      }
  return { changed, removed, written };
}

export interface OrganizationSummary {
  readonly orgId: string;
  readonly active: number;
  readonly stalled: number;
  /** syncs whose row has values the monitor cannot use (see rowProblem) */
  readonly problems: number;
  readonly processed: number;
  readonly failed: number;
  readonly total: number;
  /** the sum of the known rates, items per minute; null when none is known */
  readonly ratePerMin: number | null;
  /** the longest known ETA of its syncs: when the organization's work is done */
  readonly slowestEtaSeconds: number | null;
  /** syncs whose ETA is not known (no rate yet, stalled, odd values) */
  readonly unknownEta: number;
  /** the sync to look at first: a stalled one (the longest stalled), else the slowest */
  readonly worst: SyncView;
}

/**
 * The syncs folded per organization: organizations with stalled syncs first (most first), then
 * by the slowest ETA (unknown after known), then by id. Only the slots `include` marks (1) when
 * given (a filter). One pass over the state's typed arrays (computeViews' numbers), no view
 * object read but each organization's worst: at 100,000 syncs a pass over the views themselves
 * costs a frame several times over (test/bench/monitor-ui.ts).
 */
export function summarizeByOrganization(computed: ComputedViews, include?: Uint8Array): OrganizationSummary[] {
  const { numbers, orgOf, organizations } = computed.state;
  const { clocked, views } = computed;
  const count = organizations.length;
  const active = new Uint32Array(count);
  const stalled = new Uint32Array(count);
  const problems = new Uint32Array(count);
  const unknownEta = new Uint32Array(count);
  const rates = new Uint32Array(count);
  const processed = new Float64Array(count);
  const failed = new Float64Array(count);
  const total = new Float64Array(count);
  const rate = new Float64Array(count);
  const slowest = new Float64Array(count).fill(-1);
  const worst = new Int32Array(count).fill(-1);
  for (let slot = 0; slot < views.length; slot++) {
    if (include !== undefined && include[slot] === 0) continue;
    const org = orgOf[slot]!;
    const at = slot * NUMBERS;
    const c = slot * CLOCKED;
    active[org]!++;
    if (clocked[c] === 1) stalled[org]!++;
    problems[org]! += numbers[at + NUMBER.problem]!;
    const p = numbers[at + NUMBER.processed]!;
    const f = numbers[at + NUMBER.failed]!;
    const t = numbers[at + NUMBER.total]!;
    if (Number.isFinite(p)) processed[org]! += p;
    if (Number.isFinite(f)) failed[org]! += f;
    if (Number.isFinite(t)) total[org]! += t;
    const ratePerMin = clocked[c + 1]!;
    if (ratePerMin >= 0) {
      rate[org]! += ratePerMin;
      rates[org]!++;
    }
    const eta = clocked[c + 2]!;
    if (eta < 0) unknownEta[org]!++;
    else if (eta > slowest[org]!) slowest[org] = eta;
    if (worst[org]! < 0 || worse(computed, slot, worst[org]!)) worst[org] = slot;
  }
  const summaries: OrganizationSummary[] = [];
  for (let org = 0; org < count; org++) {
    if (active[org] === 0) continue;
    summaries.push({
      orgId: organizations[org]!,
      active: active[org]!,
      stalled: stalled[org]!,
      problems: problems[org]!,
      processed: processed[org]!,
      failed: failed[org]!,
      total: total[org]!,
      ratePerMin: rates[org]! > 0 ? rate[org]! : null,
      slowestEtaSeconds: slowest[org]! < 0 ? null : slowest[org]!,
      unknownEta: unknownEta[org]!,
      worst: views[worst[org]!]!,
    });
  }
  return summaries.sort(
    (a, b) =>
      b.stalled - a.stalled ||
      (b.slowestEtaSeconds ?? -1) - (a.slowestEtaSeconds ?? -1) ||
      (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0),
  );
}

/** Slot a's sync is worse than slot b's: stalled before moving (the longest quiet first), then the longer ETA (unknown: −1). */
function worse({ state, clocked }: ComputedViews, a: number, b: number): boolean {
  const aStalled = clocked[a * CLOCKED] === 1;
  if (aStalled !== (clocked[b * CLOCKED] === 1)) return aStalled;
  if (aStalled) return quietSince(state.numbers, a) < quietSince(state.numbers, b);
  return clocked[a * CLOCKED + 2]! > clocked[b * CLOCKED + 2]!;
}

/** When the slot's sync last moved; never (an unusable row) after every time. */
const quietSince = (numbers: Float64Array, slot: number): number => {
  const at = numbers[slot * NUMBERS + NUMBER.lastProgressAt]!;
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
};
