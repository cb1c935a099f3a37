/**
 * The monitor at scale: what changed since the last tick (`watch --json --changes`), and the
 * syncs folded per organization (text and app at 100,000 syncs), the stalled and slowest first.
 * Pure: the views come from computeViews, which keeps a view object while its sync is unchanged,
 * and the fold reads the typed arrays it computed them from.
 */
import { CLOCKED, type ComputedViews, compareKeys, NUMBER, NUMBERS, type SyncView } from './monitor.js';

export interface Changes {
  /** syncs new or changed since the last tick (computeViews made a new view for them), in key order */
  readonly changed: readonly SyncView[];
  /** the syncs that were there and are not any more (finished, or gone), as last written, in key order */
  readonly removed: readonly SyncView[];
}

/**
 * What changed between two ticks, for `watch --json --changes`: a sync is sent again when it is
 * new, its row was written (counts, times, status), it stalled or moved again, or its problem
 * changed. Its rate and ETA drift with the clock alone (a quiet sync's rate decays every tick):
 * that does not send it again, or a line would carry every sync; each sync sent carries its rate
 * and ETA of that tick. A view that is the same object is unchanged (computeViews keeps it);
 * another is compared field by field (a tick where a sync started or ended makes every view anew).
 * `previous` null: every view is new (the first tick).
 *
 * Both lists are in key order (computeViews' order, filtered or not), so one walk through the two
 * pairs them: no map of 100,000 keys is made each tick to find a sync's view of the tick before.
 */
export function changesSince(previous: readonly SyncView[] | null, views: readonly SyncView[]): Changes {
  const before = previous ?? [];
  const changed: SyncView[] = [];
  const removed: SyncView[] = [];
  let b = 0;
  for (const view of views) {
    while (b < before.length && compareKeys(before[b]!.key, view.key) < 0) removed.push(before[b++]!);
    const same = b < before.length && before[b]!.key === view.key ? before[b++]! : undefined;
    if (same !== view && (same === undefined || !sameValues(same, view))) changed.push(view);
  }
  while (b < before.length) removed.push(before[b++]!);
  return { changed, removed };
}

/** The fields that make a sync changed (rate and ETA aside: see changesSince). */
const WRITTEN = [
  'orgId',
  'syncId',
  'entityType',
  'sourceSystem',
  'status',
  'processed',
  'failed',
  'total',
  'stalled',
  'startedAt',
  'updatedAt',
  'lastProgressAt',
  'problem',
] as const satisfies ReadonlyArray<keyof SyncView>;

/** Object.is: NaN (an unusable row's value) is the same NaN as before. */
const sameValues = (a: SyncView, b: SyncView): boolean => WRITTEN.every((field) => Object.is(a[field], b[field]));

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
      compareKeys(a.orgId, b.orgId),
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
