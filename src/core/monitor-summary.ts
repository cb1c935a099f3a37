/**
 * The monitor at scale: what changed since the last tick (`watch --json --changes`), and the
 * syncs folded per organization (text and app at 100,000 syncs), the stalled and slowest first.
 * Pure: the views come from computeViews, which keeps a view object while its sync is unchanged.
 */
import type { SyncView } from './monitor.js';

export interface Changes {
  /** syncs new or changed since the last tick (computeViews made a new view for them) */
  readonly changed: readonly SyncView[];
  /** keys of the syncs that were there and are not any more (finished, or gone) */
  readonly removed: readonly string[];
  /** this tick's views by key: the `previous` of the next call */
  readonly index: ReadonlyMap<string, SyncView>;
}

/**
 * What changed between two ticks, for `watch --json --changes`: a sync is sent again when it is
 * new, its row was written (counts, times, status), it stalled or moved again, or its problem
 * changed. Its rate and ETA drift with the clock alone (a quiet sync's rate decays every tick):
 * that does not send it again, or a line would carry every sync; each sync sent carries its rate
 * and ETA of that tick. A view that is the same object is unchanged (computeViews keeps it);
 * another is compared field by field (a tick where a sync started or ended makes every view anew).
 * `previous` null: every view is new (the first tick).
 */
export function changesSince(previous: ReadonlyMap<string, SyncView> | null, views: readonly SyncView[]): Changes {
  const index = new Map<string, SyncView>();
  const changed: SyncView[] = [];
  for (const view of views) {
    index.set(view.key, view);
    const before = previous?.get(view.key);
    if (before !== view && (before === undefined || !sameValues(before, view))) changed.push(view);
  }
  const removed: string[] = [];
  if (previous) for (const key of previous.keys()) if (!index.has(key)) removed.push(key);
  return { changed, removed, index };
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
 * by the slowest ETA (unknown after known), then by id. One pass over the views.
 */
export function summarizeByOrganization(views: readonly SyncView[]): OrganizationSummary[] {
  interface Tally {
    orgId: string;
    active: number;
    stalled: number;
    problems: number;
    processed: number;
    failed: number;
    total: number;
    rate: number;
    rates: number;
    slowest: number | null;
    unknownEta: number;
    worst: SyncView;
  }
  const tallies = new Map<string, Tally>();
  for (const view of views) {
    let tally = tallies.get(view.orgId);
    if (!tally) {
      tally = {
        orgId: view.orgId,
        active: 0,
        stalled: 0,
        problems: 0,
        processed: 0,
        failed: 0,
        total: 0,
        rate: 0,
        rates: 0,
        slowest: null,
        unknownEta: 0,
        worst: view,
      };
      tallies.set(view.orgId, tally);
    }
    tally.active++;
    if (view.stalled) tally.stalled++;
    if (view.problem !== null) tally.problems++;
    if (Number.isFinite(view.processed)) tally.processed += view.processed;
    if (Number.isFinite(view.failed)) tally.failed += view.failed;
    if (Number.isFinite(view.total)) tally.total += view.total;
    if (view.ratePerMin !== null) {
      tally.rate += view.ratePerMin;
      tally.rates++;
    }
    if (view.etaSeconds === null) tally.unknownEta++;
    else if (tally.slowest === null || view.etaSeconds > tally.slowest) tally.slowest = view.etaSeconds;
    if (worse(view, tally.worst)) tally.worst = view;
  }
  return [...tallies.values()]
    .map(
      (t): OrganizationSummary => ({
        orgId: t.orgId,
        active: t.active,
        stalled: t.stalled,
        problems: t.problems,
        processed: t.processed,
        failed: t.failed,
        total: t.total,
        ratePerMin: t.rates > 0 ? t.rate : null,
        slowestEtaSeconds: t.slowest,
        unknownEta: t.unknownEta,
        worst: t.worst,
      }),
    )
    .sort(
      (a, b) =>
        b.stalled - a.stalled ||
        (b.slowestEtaSeconds ?? -1) - (a.slowestEtaSeconds ?? -1) ||
        (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0),
    );
}

/** Stalled before moving (the longest quiet first), then the longer ETA. */
function worse(a: SyncView, b: SyncView): boolean {
  if (a.stalled !== b.stalled) return a.stalled;
  if (a.stalled) return (a.lastProgressAt ?? Number.POSITIVE_INFINITY) < (b.lastProgressAt ?? Number.POSITIVE_INFINITY);
  return (a.etaSeconds ?? -1) > (b.etaSeconds ?? -1);
}
