/**
 * The monitor's queries: one per tick for the active syncs (with the server clock), and a slower
 * one for recently completed syncs, the activity log and organization names. The tick query is
 * shaped by the columns the table of syncs really has, so the drifted shape works too.
 */

import type { Manifest } from '../core/manifest.js';
import type { Feed, SyncRow, Tick } from '../core/monitor.js';
import { ACTIVITY_COLUMNS, type MonitoredTables, monitoredTables, PROGRESS_COLUMNS } from '../core/monitored-tables.js';
import type { Snapshot } from '../core/snapshot.js';
import { renderSql } from '../core/sqltext.js';
import { loadJson, loadSql } from '../sql.js';
import type { Database } from './connect.js';

export interface SamplingShape {
  /** false when the table of syncs does not exist: the monitor says so */
  readonly available: boolean;
  /** the tables read, "schema.name" (the intended state's, found by their columns) */
  readonly tables: MonitoredTables;
  readonly hasActivityLog: boolean;
  readonly hasOrganization: boolean;
  /** a text status column next to completed_at (the drifted shape seen in the wild) */
  readonly statusColumn: boolean;
  /** org_id is a uuid: its text needs no escaping in the tick's lines */
  readonly orgIdIsUuid: boolean;
  /** entity_type is an enum none of whose labels has a tab, newline or backslash: no escaping either */
  readonly plainEntityLabels: boolean;
  /** fixed SQL fragments (column names or constants) for the monitor templates */
  readonly fragments: Readonly<
    Record<
      | 'failed'
      | 'entity'
      | 'source'
      | 'status'
      | 'still_running'
      | 'final_status'
      | 'started_at'
      | 'updated_at'
      | 'active'
      | 'completed_at'
      | 'progress',
      string
    >
  >;
  /** the columns the monitor cannot do without that the table lacks (then it is not available) */
  readonly missing: readonly string[];
  /** what the monitor cannot show on this shape, and why, one line each ("no elapsed time: … has no started_at") */
  readonly limits: readonly string[];
  /** the table of syncs has started_at: a NULL there is an odd row, not a missing column */
  readonly hasStartedAt: boolean;
  /** the table of syncs has completed_at: the recently completed syncs can be listed */
  readonly hasCompletedAt: boolean;
}

/** Terminal values of a text status column: such rows are not active even without completed_at. */
const STILL_RUNNING =
  "AND coalesce(lower(status), '') NOT IN ('completed', 'completed_with_errors', 'failed', 'cancelled', 'canceled', 'timeout', 'error', 'done')";

/** The built-in 0024's tables for the Monitor, as its manifest holds them. */
export const builtInMonitoredTables = (): MonitoredTables => monitoredTables(loadJson<Manifest>('manifest.json'));

/** `tables`: what the intended state holds (monitoredTables); without a table of syncs nothing is available. */
export function samplingShape(snapshot: Snapshot, tables: MonitoredTables = builtInMonitoredTables()): SamplingShape {
  const progress = tables.progress ?? '';
  const columnsOf = (relation: string | null) =>
    new Set(snapshot.columns.filter((c) => c.relation === relation).map((c) => c.name));
  const columns = columnsOf(progress);
  const has = (name: string) => columns.has(name);
  const columnType = (name: string) =>
    snapshot.columns.find((c) => c.relation === progress && c.name === name)?.type ?? null;
  const relation = (name: string) =>
    snapshot.relations.some((r) => `${r.schema}.${r.name}` === name && r.partitionOf === null);
  const statusColumn =
    has('status') &&
    snapshot.columns.some((c) => c.relation === progress && c.name === 'status' && /text|character/.test(c.type));
  // What a row cannot be shown without; the times and the rest only limit what is shown of it.
  const missing: string[] = PROGRESS_COLUMNS.filter((name) => !has(name));
  if (!has('completed_at') && !statusColumn) missing.push('completed_at (or a text status)');
  const limits: string[] = [];
  const lacks = (column: string, what: string) => {
    if (!has(column)) limits.push(`${what}: ${progress} has no ${column}`);
  };
  lacks('updated_at', "rates from the monitor's own samples, not the writers' times");
  lacks('started_at', 'no elapsed time');
  lacks('completed_at', 'active by its status, and recently completed syncs not listed');
  lacks('failed_count', 'failed items not counted');
  lacks('entity_type', 'no entity');
  lacks('source_system', 'no source');
  const log = tables.activity;
  const logColumns = columnsOf(log);
  const logMissing = ACTIVITY_COLUMNS.filter((name) => !logColumns.has(name));
  const hasActivityLog = log !== null && relation(log) && logMissing.length === 0;
  if (log !== null && relation(log) && !hasActivityLog)
    limits.push(`no activity feed: ${log} has no ${logMissing.join(', ')}`);
  const hasOrganization = relation('public.organization') && columnsOf('public.organization').has('name');
  if (relation('public.organization') && !hasOrganization)
    limits.push('organization ids, not names: public.organization has no name');
  return {
    available: tables.progress !== null && relation(progress) && missing.length === 0,
    tables,
    hasActivityLog,
    hasOrganization,
    statusColumn,
    orgIdIsUuid: columnType('org_id') === 'uuid',
    plainEntityLabels: plainEnum(snapshot, columnType('entity_type')),
    missing,
    limits,
    hasStartedAt: has('started_at'),
    hasCompletedAt: has('completed_at'),
    fragments: {
      failed: has('failed_count') ? 'failed_count' : '0',
      entity: has('entity_type') ? 'entity_type::text' : 'NULL::text',
      source: has('source_system') ? 'source_system::text' : 'NULL::text',
      status: statusColumn ? 'status::text' : 'NULL::text',
      still_running: statusColumn ? STILL_RUNNING : '',
      final_status: statusColumn
        ? 'status::text'
        : has('failed_count')
          ? "CASE WHEN failed_count = 0 THEN 'completed' ELSE 'completed_with_errors' END"
          : "'completed'",
      started_at: has('started_at') ? 'started_at' : 'NULL::timestamptz',
      // Without the writers' time, the time of the sample: a rate over what the monitor saw.
      updated_at: has('updated_at') ? 'updated_at' : 'now()',
      active: has('completed_at') ? 'completed_at IS NULL' : 'true',
      completed_at: has('completed_at') ? 'completed_at' : 'NULL::timestamptz',
      progress,
    },
  };
}

/** `type` (as format_type() prints it) is an enum whose labels are all safe in a tick line as they are. */
function plainEnum(snapshot: Snapshot, type: string | null): boolean {
  if (type === null) return false;
  const name = type.replace(/^public\./, '').replace(/^"|"$/g, '');
  const found = snapshot.enums.find((e) => e.schema === 'public' && e.name === name);
  return found?.labels.every((label) => !/[\t\n\\]/.test(label)) === true;
}

/**
 * The tick query (sql/monitor/active.sql) for this shape: its text fields escaped by
 * monitor/copy_text, or only their NULL spelled out (monitor/copy_plain) where the catalog shows
 * they cannot hold a tab, newline or backslash (a replace() less per row and field).
 */
export function tickSql(shape: SamplingShape): string {
  const copyText = (expression: string) => renderSql(loadSql('monitor/copy_text'), { value: expression });
  const copyPlain = (expression: string) => renderSql(loadSql('monitor/copy_plain'), { value: expression });
  const epochText = (column: string) => renderSql(loadSql('monitor/epoch_text'), { value: column });
  const fields = renderSql(loadSql('monitor/tick_fields'), {
    failed: shape.fragments.failed,
    org_text: shape.orgIdIsUuid ? copyPlain('org_id::text') : copyText('org_id::text'),
    sync_text: copyText('sync_id::text'),
    entity_text: shape.plainEntityLabels ? copyPlain(shape.fragments.entity) : copyText(shape.fragments.entity),
    source_text: copyText(shape.fragments.source),
    status_text: copyText(shape.fragments.status),
  });
  return renderSql(loadSql('monitor/active'), {
    ...shape.fragments,
    fields,
    started_text: epochText(shape.fragments.started_at),
    updated_text: epochText(shape.fragments.updated_at),
  });
}

/**
 * Organization ids, entity types, sources and statuses repeat from row to row, and each sync id
 * from tick to tick: one string per value, found again by its characters read in place (no
 * slice). Equal ids are then the same string, which the table's sort by organization
 * compares 10,000 times a tick (a pointer comparison instead of 36 characters read through a
 * slice of the tick's text), no row keeps its page of the tick's text alive through a slice of it,
 * and a tick of 100,000 syncs makes no new string for a sync already seen. A collision only costs
 * a copy. `slots` (a power of two): a few hundred values fit 1,024; sync ids need as many as syncs.
 */
export class RepeatedTexts {
  private readonly known: Array<string | undefined>;

  constructor(slots = 1024) {
    this.known = new Array(slots);
  }

  /** The text at text[start, end). */
  at(text: string, start: number, end: number): string {
    // Every character: ids that differ only at the start or in the middle ("sync-12-product") are told apart too.
    let h = end - start;
    for (let i = start; i < end; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    const slot = h & (this.known.length - 1);
    const known = this.known[slot];
    if (known !== undefined && known.length === end - start && text.startsWith(known, start)) return known;
    // A copy of its own: a slice would hold on to the whole text of this tick.
    const copy = JSON.parse(JSON.stringify(text.slice(start, end))) as string;
    this.known[slot] = copy;
    return copy;
  }
}

/** Slots for sync ids: more than the 100,000 syncs of the benchmark (test/bench/watch-100k.ts), 1 MB. */
const SYNC_ID_SLOTS = 1 << 17;

/**
 * The tick query's rows (sql/monitor/active.sql): lines of ten tab-separated fields in COPY's
 * text format (a raw tab or newline is never inside a field). Read with indexOf and digit loops
 * over local variables: 10,000 lines a tick, where split() and Number() per field cost three
 * times as much. `repeated` and `syncIds` are kept by the caller from tick to tick (every text field
 * goes through one of them). A time that is not a number
 * of milliseconds (monitor/epoch_text) comes as ±Infinity (infinity, -infinity) or null (\N):
 * the reducer says what is wrong with it, the other rows are read as usual.
 */
export function parseRows(
  text: string,
  repeated: RepeatedTexts = new RepeatedTexts(),
  syncIds: RepeatedTexts = new RepeatedTexts(SYNC_ID_SLOTS),
): SyncRow[] {
  const rows: SyncRow[] = [];
  const length = text.length;
  // Backslashes are rare: where the next one is, so a field knows at once whether it has one.
  let backslash = text.indexOf('\\');
  if (backslash < 0) backslash = length;
  let at = 0;
  const fields: Array<string | null> = [null, null, null, null, null];
  // NaN marks \N: a digit loop never gives it.
  const numbers = [0, 0, 0, 0, 0];
  while (at < length) {
    for (let f = 0; f < 5; f++) {
      let end = text.indexOf('\t', at);
      if (end < 0) end = length;
      if (backslash < at) {
        backslash = text.indexOf('\\', at);
        if (backslash < 0) backslash = length;
      }
      if (backslash < end) fields[f] = unescapeCopyText(text.slice(at, end));
      else fields[f] = (f === 1 ? syncIds : repeated).at(text, at, end);
      at = end + 1;
    }
    for (let n = 0; n < 5; n++) {
      let value = 0;
      const negative = text.charCodeAt(at) === 45;
      if (negative) at++;
      const first = text.charCodeAt(at);
      if (first === 105 || first === 92) {
        // "infinity" or \N: to the end of the field.
        value = first === 105 ? Number.POSITIVE_INFINITY : Number.NaN;
        while (at < length && text.charCodeAt(at) !== 9 && text.charCodeAt(at) !== 10) at++;
      }
      for (; at < length; at++) {
        const code = text.charCodeAt(at);
        if (code < 48 || code > 57) break;
        value = value * 10 + (code - 48);
      }
      at++; // the tab, or the newline after the last one
      numbers[n] = negative ? -value : value;
    }
    const startedAt = numbers[3]!;
    const updatedAt = numbers[4]!;
    rows.push({
      orgId: fields[0] ?? '',
      syncId: fields[1] ?? '',
      entityType: fields[2] ?? null,
      sourceSystem: fields[3] ?? null,
      status: fields[4] ?? null,
      processed: numbers[0]!,
      failed: numbers[1]!,
      total: numbers[2]!,
      startedAt: Number.isNaN(startedAt) ? null : startedAt,
      updatedAt: Number.isNaN(updatedAt) ? null : updatedAt,
    });
  }
  return rows;
}

/** A time the feed's queries return as text: epoch milliseconds, or PostgreSQL's infinity / -infinity. */
export function epochOf(text: string): number {
  if (text === 'infinity') return Number.POSITIVE_INFINITY;
  if (text === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** A text field with a backslash: \N is NULL, \t \n \\ are a tab, a newline, a backslash. */
function unescapeCopyText(value: string): string | null {
  if (value === '\\N') return null;
  return value.replace(/\\(.)/gs, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

export class Sampler {
  private readonly activeSql: string;
  private readonly completedSql: string;
  private readonly activitySql: string | null;
  /** one string per organization id, entity, source and status, and one per sync id, from tick to tick */
  private readonly repeated = new RepeatedTexts();
  private readonly syncIds = new RepeatedTexts(SYNC_ID_SLOTS);
  /** bytes of the last tick's result (its text), for the benchmark */
  lastTickBytes = 0;

  constructor(
    private readonly db: Pick<Database, 'query'>,
    private readonly shape: SamplingShape,
  ) {
    this.activeSql = tickSql(shape);
    this.completedSql = renderSql(loadSql('monitor/recent_completed'), shape.fragments);
    this.activitySql = shape.tables.activity
      ? renderSql(loadSql('monitor/activity'), { activity: shape.tables.activity })
      : null;
  }

  /** One query: every active sync when `since` is null, else those updated since (server time, ms). */
  async tick(since: number | null): Promise<Tick> {
    const result = await this.db.query<{ server_now: string | null; active_count: string | null; rows: string | null }>(
      this.activeSql,
      [since === null ? null : new Date(since).toISOString()],
    );
    // The first row of sql/monitor/active.sql is the clock and the count; the others are pages of lines.
    const pages = result.rows;
    let head = pages[0]!;
    const rows: SyncRow[] = [];
    let bytes = 40;
    // Each page is let go once read: at 100,000 syncs the pages not read yet are the only ones kept.
    for (let page = pages.shift(); page !== undefined; page = pages.shift()) {
      if (page.server_now !== null) head = page;
      else if (page.rows) {
        bytes += page.rows.length + 1;
        for (const row of parseRows(page.rows, this.repeated, this.syncIds)) rows.push(row);
      }
    }
    this.lastTickBytes = bytes;
    return {
      serverNow: Number(head.server_now),
      activeCount: Number(head.active_count),
      full: since === null,
      rows,
    };
  }

  /** The slower cadence: recently completed syncs, newest activity, organization names. */
  async feed(minutes: number, orgIds: readonly string[]): Promise<Feed> {
    const completed = !this.shape.hasCompletedAt
      ? { rows: [] }
      : await this.db.query<{
          org_id: string;
          sync_id: string;
          entity_type: string | null;
          processed_count: string;
          failed_count: string;
          total_items: string;
          completed_at: string;
          final_status: string;
        }>(this.completedSql, [minutes]);
    const activity =
      this.shape.hasActivityLog && this.activitySql
        ? await this.db.query<{
            created_at: string;
            org_id: string;
            sync_id: string | null;
            action: string;
            status: string;
            record_count: number | null;
            error_message: string | null;
          }>(this.activitySql, [minutes])
        : { rows: [] };
    const ids = [
      ...new Set([...orgIds, ...completed.rows.map((r) => r.org_id), ...activity.rows.map((r) => r.org_id)]),
    ];
    const names =
      this.shape.hasOrganization && ids.length > 0
        ? await this.db.query<{ id: string; name: string }>(loadSql('monitor/organizations'), [ids])
        : { rows: [] };
    return {
      completed: completed.rows.map((r) => ({
        orgId: r.org_id,
        syncId: r.sync_id,
        entityType: r.entity_type,
        processed: Number(r.processed_count),
        failed: Number(r.failed_count),
        total: Number(r.total_items),
        completedAt: epochOf(r.completed_at),
        finalStatus: r.final_status,
      })),
      activity: activity.rows.map((r) => ({
        createdAt: epochOf(r.created_at),
        orgId: r.org_id,
        syncId: r.sync_id,
        action: r.action,
        status: r.status,
        recordCount: r.record_count,
        errorMessage: r.error_message,
      })),
      orgNames: new Map(names.rows.map((r) => [r.id, r.name])),
    };
  }
}
