/**
 * Partitioned tables of the intended state. One cut into months (0024's sync_activity_log, or any a
 * migration set creates so): its key and partitions with their bounds; coverage of the current
 * month and the next 3 is a warning (the catch-all still takes the rows), and rows already sitting
 * in the catch-all are counted. Any other: each partition with its bound.
 */
import { CODES } from '../codes.js';
import { describeDifferences, differences } from '../diff.js';
import type { Finding } from '../finding.js';
import type { ExpectedState } from '../manifest.js';
import type { Relation } from '../snapshot.js';
import { groupDigits } from '../words.js';
import { blockedByTable, type CheckContext, makeFinding, splitName } from './context.js';
import { findRelation } from './tables.js';

const MONTHS_AHEAD = 3;

export interface Bound {
  /** epoch ms, -Infinity for MINVALUE */
  readonly from: number;
  /** epoch ms, +Infinity for MAXVALUE */
  readonly to: number;
  readonly isDefault: boolean;
}

/** Parses pg_get_expr(relpartbound) of a single-column timestamptz range partition. */
export function parseBound(text: string | null): Bound | null {
  if (text === null) return null;
  if (text.trim() === 'DEFAULT') return { from: -Infinity, to: Infinity, isDefault: true };
  const match = /FROM \((.+?)\) TO \((.+?)\)$/.exec(text.trim());
  if (!match) return null;
  const from = parseValue(match[1] ?? '');
  const to = parseValue(match[2] ?? '');
  return from === null || to === null ? null : { from, to, isDefault: false };
}

function parseValue(value: string): number | null {
  if (value === 'MINVALUE') return -Infinity;
  if (value === 'MAXVALUE') return Infinity;
  const m = /^'(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?(?:([+-])(\d{2})(?::?(\d{2}))?)?'$/.exec(
    value,
  );
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', sign, oh = '0', om = '0'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMs = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  return utc - offsetMs;
}

const day = (ms: number): string =>
  ms === -Infinity ? 'MINVALUE' : ms === Infinity ? 'MAXVALUE' : new Date(ms).toISOString().slice(0, 10);
export const describeBound = (b: Bound): string => (b.isDefault ? 'DEFAULT' : `FROM ${day(b.from)} TO ${day(b.to)}`);

/**
 * A partitioned table of the intended state cut into calendar months: RANGE on one column, every
 * bounded partition one month (UTC), a catch-all up to MAXVALUE or a DEFAULT partition allowed.
 * Its months ahead must have partitions of their own; what maintain archive detached is history.
 */
export function isMonthlyPartitioned(expected: ExpectedState, parent: string): boolean {
  const spec = findRelation(expected.relations, parent);
  if (spec?.kind !== 'partitioned' || !/^RANGE \((\w+|"[^"]+")\)$/.test(spec.partitionKey ?? '')) return false;
  const bounds = expected.relations.filter((r) => r.partitionOf === parent).map((r) => parseBound(r.partitionBound));
  const months = bounds.filter((b) => b !== null && !b.isDefault && b.to !== Infinity);
  return months.length > 0 && bounds.every((b) => b !== null && (b.isDefault || b.to === Infinity || isMonth(b)));
}

const isMonth = (b: Bound): boolean => {
  const from = new Date(b.from);
  return (
    Number.isFinite(b.from) &&
    b.from === Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1) &&
    b.to === Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)
  );
};

/** Every monthly partitioned table the intended state creates (0024's sync_activity_log, or a set's). */
export function checkPartitions(ctx: CheckContext): Finding[] {
  return ctx.relations
    .filter((relation) => isMonthlyPartitioned(ctx.expected, relation))
    .flatMap((parent) => checkMonthlyPartitions(ctx, parent));
}

/**
 * Its partition key, its partitions with their bounds (a catch-all narrowed by the months created
 * out of it still passes; a partition maintain archive detached is history), the coverage of the
 * current month and the next 3, and the rows already sitting in its catch-all.
 */
function checkMonthlyPartitions(ctx: CheckContext, parent: string): Finding[] {
  const findings: Finding[] = [];
  const spec = findRelation(ctx.expected.relations, parent)!;
  const expectedKey = spec.partitionKey ?? '';
  const { schema, name } = splitName(parent);
  const specPartitions = ctx.expected.relations.filter((r) => r.partitionOf === parent);
  const live = findRelation(ctx.actual.relations, parent);
  const evidence = ['evidence/partitions', { schema, table: name }] as const;
  const partitioned = live?.kind === 'partitioned' && live.partitionKey === expectedKey;
  if (live) {
    const unpartitioned = `${name} not partitioned by ${expectedKey}`;
    findings.push(
      makeFinding(ctx, {
        code: 'PRT001',
        object: parent,
        status: partitioned ? 'pass' : 'fail',
        // the code's meaning names 0024's table and key; another table's failure says its own
        title: partitioned
          ? `${parent}: PARTITION BY ${expectedKey}`
          : CODES.PRT001.meaning === unpartitioned
            ? undefined
            : `${unpartitioned}: ${parent}`,
        expected: `PARTITION BY ${expectedKey}`,
        actual: live.kind === 'partitioned' ? `PARTITION BY ${live.partitionKey}` : `${live.kind}, not partitioned`,
        evidence: ['evidence/relation', { name }],
        fix: null,
        impact: partitioned
          ? undefined
          : 'Monthly partitions, pruning and archiving are impossible; rebuilding the table is a severe step that exports its rows first.',
      }),
    );
  }
  const actualPartitions = ctx.actual.relations.filter((r) => r.partitionOf === parent);
  const bounds = new Map(actualPartitions.map((p) => [p.name, parseBound(p.partitionBound)]));
  for (const expectedPartition of specPartitions) {
    const object = `${schema}.${expectedPartition.name}`;
    const expectedBound = parseBound(expectedPartition.partitionBound);
    const expectedText = expectedBound ? describeBound(expectedBound) : String(expectedPartition.partitionBound);
    if (!partitioned) {
      findings.push(
        makeFinding(ctx, {
          code: 'PRT002',
          object,
          status: 'blocked',
          title: `partition ${object} cannot exist: ${live ? `${parent} is not partitioned by ${expectedKey}` : `${parent} missing`}`,
          expected: expectedText,
          actual: live ? `${parent} is a ${live.kind}` : `${parent} does not exist`,
          evidence,
          blockedBy: live ? ['PRT001'] : blockedByTable(ctx),
        }),
      );
      continue;
    }
    const found = actualPartitions.find((p) => p.name === expectedPartition.name);
    const archived = ctx.actual.relations.find(
      (r) => r.schema === schema && r.name === `${expectedPartition.name}_archived` && r.partitionOf === null,
    );
    if (!found && archived) {
      findings.push(
        makeFinding(ctx, {
          code: 'PRT002',
          object,
          status: 'warn',
          title: `${object} archived: detached as ${schema}.${archived.name}`,
          expected: expectedText,
          actual: `detached and renamed ${schema}.${archived.name} (maintain archive); its rows are no longer in the log`,
          evidence: ['evidence/relation', { name: archived.name }],
          fix: null,
          impact:
            'Seed 004 archives old partitions monthly. Drop the archived table once its export is kept elsewhere.',
        }),
      );
      continue;
    }
    if (!found) {
      findings.push(
        makeFinding(ctx, {
          code: 'PRT002',
          object,
          status: 'fail',
          expected: expectedText,
          actual: 'does not exist',
          evidence,
          fix: ['fix/create_partition', { partition: object, parent, bound: expectedPartition.partitionBound ?? '' }],
        }),
      );
      continue;
    }
    const bound = bounds.get(found.name) ?? null;
    const same =
      bound !== null &&
      expectedBound !== null &&
      bound.from === expectedBound.from &&
      bound.to === expectedBound.to &&
      bound.isDefault === expectedBound.isDefault;
    const narrowedCatchAll =
      !same &&
      bound !== null &&
      expectedBound !== null &&
      expectedBound.to === Infinity &&
      bound.to === Infinity &&
      bound.from > expectedBound.from &&
      covered(
        historyEnd(ctx, expectedBound.from, actualPartitions, bounds, found.name),
        bound.from,
        actualPartitions,
        bounds,
        found.name,
      );
    findings.push(
      makeFinding(ctx, {
        code: 'PRT003',
        object,
        status: same || narrowedCatchAll ? 'pass' : 'fail',
        title: same
          ? `${object}: ${expectedText}`
          : narrowedCatchAll
            ? `${object}: ${describeBound(bound)} (narrowed; the months before it have partitions of their own)`
            : undefined,
        expected: expectedText,
        actual: bound ? describeBound(bound) : String(found.partitionBound),
        evidence,
        fix: null,
        impact:
          same || narrowedCatchAll
            ? undefined
            : 'Moving rows between partitions is a maintenance step; fix it with care.',
      }),
    );
  }
  if (partitioned)
    findings.push(
      ...coverage(ctx, parent, actualPartitions, bounds),
      ...catchAllRows(
        ctx,
        actualPartitions.map((p) => `${p.schema}.${p.name}`),
      ),
    );
  return findings;
}

/**
 * Where the months that must be covered start: `from`, or later when maintain archive has detached
 * the oldest months (they are history, exported and kept apart, not a gap); never after the current
 * month, whose rows need a partition.
 */
function historyEnd(
  ctx: CheckContext,
  from: number,
  partitions: readonly Relation[],
  bounds: Map<string, Bound | null>,
  except: string,
): number {
  const now = new Date(ctx.actual.server.now);
  const currentMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const starts = rangesExcept(partitions, bounds, except).map((b) => b.from);
  const firstAttached = starts.length > 0 ? Math.min(...starts) : from;
  return Math.min(Math.max(from, firstAttached), currentMonth);
}

/** The ranges of the partitions other than `except` (a DEFAULT partition has none). */
function rangesExcept(partitions: readonly Relation[], bounds: Map<string, Bound | null>, except: string): Bound[] {
  return partitions
    .filter((p) => p.name !== except)
    .map((p) => bounds.get(p.name))
    .filter((b): b is Bound => b !== null && b !== undefined && !b.isDefault);
}

/** Is [from, to) covered, gap-free, by partitions other than `except`? */
function covered(
  from: number,
  to: number,
  partitions: readonly Relation[],
  bounds: Map<string, Bound | null>,
  except: string,
): boolean {
  const ranges = rangesExcept(partitions, bounds, except).sort((a, b) => a.from - b.from);
  let cursor = from;
  for (const range of ranges) {
    if (range.from > cursor) break;
    if (range.to > cursor) cursor = range.to;
    if (cursor >= to) return true;
  }
  return cursor >= to;
}

function coverage(
  ctx: CheckContext,
  parent: string,
  partitions: readonly Relation[],
  bounds: Map<string, Bound | null>,
): Finding[] {
  const { schema, name } = splitName(parent);
  const now = new Date(ctx.actual.server.now);
  const findings: Finding[] = [];
  for (let i = 0; i <= MONTHS_AHEAD; i++) {
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1);
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i + 1, 1);
    const month = new Date(start).toISOString().slice(0, 7);
    // "Of its own": a bounded partition, not the catch-all up to MAXVALUE nor DEFAULT.
    const own = partitions.find((p) => {
      const b = bounds.get(p.name);
      return b && !b.isDefault && b.to !== Infinity && b.from <= start && b.to >= end;
    });
    const takenBy = partitions.find((p) => {
      const b = bounds.get(p.name);
      return b && b.from <= start && b.to >= end;
    });
    findings.push(
      makeFinding(ctx, {
        code: 'PRT004',
        object: `${parent} ${month}`,
        status: own ? 'pass' : 'warn',
        title: own
          ? `${month} has its own partition: ${own.name}`
          : `${month} has no partition of its own${takenBy ? ` (rows go to ${takenBy.name})` : ' (inserts fail: no partition takes them)'}`,
        expected: `a partition for ${month} (current month and the next ${MONTHS_AHEAD})`,
        actual: own
          ? `${own.name} ${describeBound(bounds.get(own.name) as Bound)}`
          : takenBy
            ? `only ${takenBy.name}`
            : 'none',
        evidence: ['evidence/partitions', { schema, table: name }],
        fix: null,
        impact: own
          ? undefined
          : "Create it before its rows arrive. For 0024's sync_activity_log, `mantis-sync-tui maintain partitions` (Health: p) does it in one transaction: the catch-all detached, the month created, its rows moved, the catch-all re-created.",
      }),
    );
  }
  return findings;
}

/** The catch-all the catalog query counted, when it is one of these partitions. */
function catchAllRows(ctx: CheckContext, partitions: readonly string[]): Finding[] {
  const catchAll = ctx.actual.catchAll;
  if (!catchAll || !partitions.includes(catchAll.partition)) return [];
  const rows = `${catchAll.capped ? `more than ${groupDigits(catchAll.counted)}` : groupDigits(catchAll.counted)} ${catchAll.counted === 1 && !catchAll.capped ? 'row' : 'rows'}`;
  const months = catchAll.byMonth.map((m) => `${m.month}: ${m.rows}`).join(', ');
  const asUser =
    ctx.actual.server.superuser || ctx.actual.server.bypassRls
      ? ''
      : ` (counted as ${ctx.actual.server.currentUser}; RLS may hide rows)`;
  return [
    makeFinding(ctx, {
      code: 'PRT005',
      object: catchAll.partition,
      status: catchAll.counted === 0 ? 'pass' : 'warn',
      title:
        catchAll.counted === 0
          ? `${catchAll.partition}: no rows in the catch-all`
          : `${rows} in the catch-all ${catchAll.partition}${asUser}`,
      expected: 'rows in monthly partitions, none in the catch-all',
      actual: catchAll.counted === 0 ? `0 rows${asUser}` : `${rows}${months ? ` (${months})` : ''}${asUser}`,
      evidence: ['evidence/catch_all_rows', { partition: catchAll.partition }],
      fix: null,
    }),
  ];
}

/**
 * Any other partitioned table the intended state holds (by list, hash, or ranges that are not
 * months): each of its partitions present with the same bound (PostgreSQL itself refuses
 * overlapping bounds; a missing partition is the gap).
 */
export function checkPartitionBounds(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const parent of ctx.relations.filter((r) => !isMonthlyPartitioned(ctx.expected, r))) {
    if (!findRelation(ctx.actual.relations, parent)) continue;
    const { schema, name } = splitName(parent);
    const evidence = ['evidence/partitions', { schema, table: name }] as const;
    for (const spec of ctx.expected.relations.filter((r) => r.partitionOf === parent)) {
      const object = `${spec.schema}.${spec.name}`;
      const found = ctx.actual.relations.find((r) => r.schema === spec.schema && r.name === spec.name);
      const differing = found
        ? differences('relation', spec, found).filter((d) => d.attribute.startsWith('partition '))
        : [];
      const same = found && differing.length === 0;
      findings.push(
        makeFinding(ctx, {
          code: !found || found.partitionOf !== parent ? 'PRT002' : 'PRT003',
          object,
          status: same ? 'pass' : 'fail',
          title: same
            ? `${object}: ${spec.partitionBound}`
            : found && found.partitionOf === parent
              ? `partition bounds differ: ${object}: ${describeDifferences(differing)}`
              : undefined,
          expected: `partition of ${parent} ${spec.partitionBound}`,
          actual: found
            ? found.partitionOf
              ? `partition of ${found.partitionOf} ${found.partitionBound}`
              : `${found.kind}, not a partition`
            : 'does not exist',
          evidence,
          fix:
            found || spec.partitionBound === null
              ? null
              : ['fix/create_partition', { partition: object, parent, bound: spec.partitionBound }],
        }),
      );
    }
  }
  return findings;
}
