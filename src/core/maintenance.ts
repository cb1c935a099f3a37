/**
 * Partition maintenance, planned purely from a Snapshot: which monthly partitions of
 * sync_activity_log to create so that every month from the catch-all's lower bound through
 * `ahead` months after the current one has a partition of its own, and where the narrower
 * catch-all then starts. Seed 004: "Quarterly: create new partition for Q+3"; "Monthly: archive
 * old partitions".
 */

import { type Bound, describeBound, parseBound } from './checks/partitions.js';
import type { ExportManifest } from './export.js';
import type { Snapshot } from './snapshot.js';

/**
 * maintain's tables: seed 004's tasks are written for 0024's log (its partitions named by month,
 * archived as the tool's own) and its preview cache (expires_at), so they name them. Everything
 * else reads the intended state's tables.
 */
export const ACTIVITY_LOG = 'public.sync_activity_log';
export const PREVIEW_CACHE = 'public.sync_preview_cache';

/** A task on a database without 0024's table: what is missing, and the way to it. */
export const migrationMissing = (table: string) =>
  `${table} does not exist here: 0024 is not applied (mantis-sync-tui verify says what is missing, plan lists the steps, apply runs them)`;

/** The comment maintain archive leaves on a partition it detached: how a rollback knows the table as the tool's own. */
export const ARCHIVE_COMMENT = `mantis-sync-tui: archived partition of ${ACTIVITY_LOG}`;

export interface MonthPartition {
  /** e.g. "sync_activity_log_2026_11" */
  readonly name: string;
  /** "2026-11" */
  readonly month: string;
  /** bound literals with an explicit UTC offset */
  readonly from: string;
  readonly to: string;
}

export interface PartitionPlan {
  /** the partition that takes everything up to MAXVALUE, when there is one */
  readonly catchAll: { readonly name: string; readonly bound: Bound } | null;
  /** monthly partitions to create, oldest first */
  readonly create: readonly MonthPartition[];
  /** lower bound of the narrower catch-all, or null when it stays as it is */
  readonly newCatchAllFrom: string | null;
  /** why nothing is to be done, when nothing is */
  readonly nothingToDo: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month0: number) => Date.UTC(year, month0, 1);
const literal = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} 00:00:00+00`;
};

export function monthPartition(startMs: number): MonthPartition {
  const d = new Date(startMs);
  const year = d.getUTCFullYear();
  const month0 = d.getUTCMonth();
  return {
    name: `sync_activity_log_${year}_${pad(month0 + 1)}`,
    month: `${year}-${pad(month0 + 1)}`,
    from: literal(startMs),
    to: literal(monthStart(year, month0 + 1)),
  };
}

export function planPartitions(snapshot: Snapshot, monthsAhead: number): PartitionPlan {
  const partitions = snapshot.relations
    .filter((r) => r.partitionOf === ACTIVITY_LOG)
    .map((r) => ({ name: r.name, bound: parseBound(r.partitionBound) }))
    .filter((p): p is { name: string; bound: Bound } => p.bound !== null);
  const parent = snapshot.relations.find((r) => `${r.schema}.${r.name}` === ACTIVITY_LOG && r.partitionOf === null);
  if (parent?.kind !== 'partitioned') {
    return {
      catchAll: null,
      create: [],
      newCatchAllFrom: null,
      nothingToDo: `${ACTIVITY_LOG} is missing or not partitioned: see the remediation plan`,
    };
  }
  const now = new Date(snapshot.server.now);
  const through = monthStart(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead + 1);
  const catchAll = partitions.find((p) => p.bound.to === Infinity && !p.bound.isDefault) ?? null;
  const bounded = partitions.filter((p) => p.bound.to !== Infinity && !p.bound.isDefault);
  const covered = (start: number, end: number) => bounded.some((p) => p.bound.from <= start && p.bound.to >= end);
  // Months from the catch-all's lower bound (or the last bounded partition) up to `through`.
  const firstMonth = catchAll
    ? catchAll.bound.from
    : Math.max(...bounded.map((p) => p.bound.to), monthStart(now.getUTCFullYear(), now.getUTCMonth()));
  const create: MonthPartition[] = [];
  for (let start = firstMonth; start < through; ) {
    const d = new Date(start);
    const end = monthStart(d.getUTCFullYear(), d.getUTCMonth() + 1);
    if (!covered(start, end)) create.push(monthPartition(start));
    start = end;
  }
  if (create.length === 0) {
    return {
      catchAll,
      create,
      newCatchAllFrom: null,
      nothingToDo: `every month through ${monthPartition(through - 1).month} has a partition of its own`,
    };
  }
  const lastEnd = Math.max(through, ...bounded.map((p) => p.bound.to));
  return {
    catchAll,
    create,
    newCatchAllFrom: catchAll && lastEnd > catchAll.bound.from ? literal(lastEnd) : null,
    nothingToDo: null,
  };
}

/** For messages: "sync_activity_log_future FROM 2026-03-01 TO MAXVALUE". */
export const describePartition = (p: { name: string; bound: Bound }) => `${p.name} ${describeBound(p.bound)}`;

export interface MaintenanceResult<T> {
  readonly outcome:
    | 'committed'
    | 'dry-run'
    | 'nothing-to-do'
    | 'refused'
    | 'failed'
    | 'interrupted'
    /** the export directory could not be made or filled (a full disk): rolled back, exit 2 */
    | 'unusable-export';
  readonly value: T | null;
  readonly durationMs: number;
  readonly error: string | null;
  /** failed because 0024's table (or function) is not there: nothing to maintain yet */
  readonly migrationMissing?: boolean;
}

export interface PartitionMaintenance {
  readonly plan: PartitionPlan;
  /** rows that sat in the catch-all and were routed to their months */
  readonly moved: number;
  /** rows per partition after the step, inside its transaction */
  readonly rowsAfter: ReadonlyArray<{ readonly partition: string; readonly rows: number }>;
}

export interface ArchiveResult {
  readonly archived: ReadonlyArray<{ readonly partition: string; readonly archivedAs: string; readonly rows: number }>;
  readonly exported: ExportManifest;
}

export interface CacheCounts {
  readonly live: number;
  readonly expired: number;
}

export interface CacheCleanup {
  readonly before: CacheCounts;
  readonly deleted: number;
  readonly functionError: string | null;
}

export type MaintainTask = 'partitions' | 'archive' | 'cache';

/** A maintenance task's outcome, its value typed by the task. */
export type MaintainOutcome =
  | { readonly task: 'partitions'; readonly result: MaintenanceResult<PartitionMaintenance> }
  | { readonly task: 'archive'; readonly result: MaintenanceResult<ArchiveResult> }
  | { readonly task: 'cache'; readonly result: MaintenanceResult<CacheCleanup> };
