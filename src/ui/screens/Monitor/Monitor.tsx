/**
 * Monitor: the active syncs of IS-SOH (organization, sync, entity, source, a progress bar,
 * processed/failed/total, the recent rate, an honest ETA or how long a sync has been stalled,
 * elapsed, age of the last update), sortable and filterable; below them the syncs completed
 * lately and the newest activity log entries. Everything is drawn from the Watcher's last tick
 * (server time): nothing here ticks on its own, so an unchanged tick draws nothing.
 *
 * Columns that do not fit the width go to the detail line under the table, which shows every
 * field of the sync under the cursor.
 */

import { Box } from 'ink';
import { memo } from 'react';
import {
  type ActivityEntry,
  type CompletedSync,
  type ComputedViews,
  clockFields,
  formatDuration,
  oddTimeText,
  problemCount,
  type SyncView,
} from '../../../core/monitor.js';
import type { OrganizationSummary } from '../../../core/monitor-summary.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { progressBar } from '../../components/ProgressBar.js';
import { compact, grouped } from '../../numbers.js';
import { fit, fitName, width as textWidth, truncate, wrap } from '../../text.js';
import { statusGlyph, symbols, type Theme, type Tone, useTheme } from '../../theme.js';
import { nameWidthsOfAll } from './nameWidths.js';
import {
  cursorIndex,
  type MonitorScreenState,
  monitorGeometry,
  NO_ISSOH,
  orgNameOf,
  type Reconnecting,
  SORT_TITLES,
  summaryOf,
  tableOffset,
} from './state.js';

type Properties = {
  readonly monitor: MonitorScreenState;
  readonly width: number;
  readonly height: number;
};

// ── the table's columns ─────────────────────────────────────────────────────────────────────

/** A sync's columns, and (aggregated, past AGGREGATE_FROM syncs) an organization's: syncs, stalled, the sync to look at. */
export type ColumnId =
  | 'org'
  | 'sync'
  | 'entity'
  | 'source'
  | 'progress'
  | 'counts'
  | 'rate'
  | 'eta'
  | 'elapsed'
  | 'age'
  | 'syncs'
  | 'stalled'
  | 'worst';

export interface Column {
  readonly id: ColumnId;
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** The columns whose values are names of any length: sized to the data, cut in the middle. */
export type TextColumn = 'org' | 'sync' | 'entity' | 'source' | 'worst';
const TEXT_COLUMNS: readonly ColumnId[] = ['org', 'sync', 'entity', 'source', 'worst'];
const isText = (id: ColumnId): id is TextColumn => TEXT_COLUMNS.includes(id);
/** The longest value of each text column (and of the ETA, which a long stall widens), in characters. */
export type ContentWidths = Readonly<Partial<Record<TextColumn | 'eta', number>>>;

interface TableSpec {
  /** screen order */
  readonly order: readonly ColumnId[];
  readonly headers: Readonly<Partial<Record<ColumnId, string>>>;
  /** widths of the columns whose values have a known size */
  readonly fixed: Readonly<Partial<Record<ColumnId, number>>>;
  /** kept while they fit, in this order; then the optional ones, when they fit whole */
  readonly essential: readonly ColumnId[];
  readonly optional: readonly ColumnId[];
  /** when the data is not known yet: the widths of typical names */
  readonly typical: ContentWidths;
}

const RIGHT = new Set<ColumnId>(['counts', 'rate', 'eta', 'elapsed', 'age', 'syncs', 'stalled']);

/** One row a sync; the issue's order. */
const SYNC_TABLE: TableSpec = {
  order: ['org', 'sync', 'entity', 'source', 'progress', 'counts', 'rate', 'eta', 'elapsed', 'age'],
  headers: {
    org: 'ORG',
    sync: 'SYNC',
    entity: 'ENTITY',
    source: 'SOURCE',
    progress: 'PROGRESS',
    counts: 'DONE/FAILED/TOTAL',
    rate: 'RATE/MIN',
    eta: 'ETA',
    elapsed: 'ELAPSED',
    age: 'UPDATED',
  },
  fixed: { counts: 17, rate: 8, eta: 13, elapsed: 7, age: 7 },
  essential: ['org', 'sync', 'progress', 'eta', 'rate', 'counts'],
  optional: ['entity', 'age', 'elapsed', 'source'],
  typical: { org: 12, sync: 10, entity: 9, source: 10 },
};

/** One row an organization (aggregated): its syncs summed, its slowest ETA, the sync to look at first. */
const ORGANIZATION_TABLE: TableSpec = {
  order: ['org', 'syncs', 'stalled', 'progress', 'counts', 'rate', 'eta', 'worst'],
  headers: {
    org: 'ORG',
    syncs: 'SYNCS',
    stalled: 'STALLED',
    progress: 'PROGRESS',
    counts: 'DONE/FAILED/TOTAL',
    rate: 'RATE/MIN',
    eta: 'SLOWEST',
    worst: 'LOOK AT FIRST',
  },
  fixed: { syncs: 6, stalled: 7, counts: 17, rate: 8, eta: 13 },
  essential: ['org', 'syncs', 'stalled', 'progress', 'eta', 'rate'],
  optional: ['worst', 'counts'],
  typical: { org: 12, worst: 16 },
};

/** progress: the bar and " 100%" */
const PERCENT = 5;
/** The narrowest a name column gets before it is left out; a shorter value keeps its own width. */
const MIN_TEXT: Readonly<Record<TextColumn, number>> = { org: 8, sync: 6, entity: 6, source: 6, worst: 6 };
const MIN_BAR = 5;
/** The bar's width before the names get all they need; past the names it takes what is left. */
const COMFORT_BAR = 6;
/** No name widens its column past this: one odd value does not push the others out. */
const MAX_TEXT = 40;
const CURSOR = 2;

/**
 * The columns that fit `width`, with their widths: a name column as wide as its longest value (or
 * header), the bar taking what is left, so a wide terminal has no empty columns. When narrow, the
 * optional columns go first, then names are cut (in the middle: `cell` keeps both ends).
 */
function layoutColumns(spec: TableSpec, width: number, content: ContentWidths): Column[] {
  const header = (id: ColumnId) => spec.headers[id] ?? '';
  const wanted = (id: TextColumn) =>
    Math.min(MAX_TEXT, Math.max(header(id).length, content[id] ?? spec.typical[id] ?? 0));
  const narrowest = (id: ColumnId) =>
    isText(id)
      ? Math.min(MIN_TEXT[id], wanted(id))
      : id === 'progress'
        ? MIN_BAR + PERCENT
        : // A value is never cut inside ("stalled 14m5…"): a column whose values run longer is widened to them.
          Math.max(spec.fixed[id] ?? 0, id === 'eta' ? (content.eta ?? 0) : 0);
  const size = (ids: readonly ColumnId[], widthOf: (id: ColumnId) => number) =>
    CURSOR + Math.max(0, ids.length - 1) + ids.reduce((sum, id) => sum + widthOf(id), 0);
  const widths = new Map<ColumnId, number>();
  for (const id of spec.essential)
    if (size([...widths.keys(), id], (c) => widths.get(c) ?? narrowest(c)) <= width) widths.set(id, narrowest(id));
  let slack = width - size([...widths.keys()], (id) => widths.get(id)!);
  const grow = (id: ColumnId, to: number) => {
    if (!widths.has(id)) return;
    const by = Math.max(0, Math.min(slack, to - widths.get(id)!));
    widths.set(id, widths.get(id)! + by);
    slack -= by;
  };
  // The essential columns first get their room: the bar a readable width, then the names a
  // character at a time each, so a long organization name does not leave the sync's cut to nothing.
  grow('progress', COMFORT_BAR + PERCENT);
  const names = spec.essential.filter((id): id is TextColumn => isText(id) && widths.has(id));
  while (slack > 0 && names.some((id) => widths.get(id)! < wanted(id)))
    for (const id of names) grow(id, Math.min(wanted(id), widths.get(id)! + 1));
  // Then an optional column comes in when it fits whole; the bar takes what is left.
  for (const id of spec.optional) {
    const whole = isText(id) ? wanted(id) : narrowest(id);
    if (whole + 1 <= slack) {
      widths.set(id, whole);
      slack -= whole + 1;
    }
  }
  grow('progress', Number.MAX_SAFE_INTEGER);
  return spec.order
    .filter((id) => widths.has(id))
    .map((id) => ({ id, header: header(id), width: widths.get(id)!, align: RIGHT.has(id) ? 'right' : 'left' }));
}

/** A sync's columns that fit `width`, sized to `content` (the longest names of the syncs shown). */
export const tableColumns = (width: number, content: ContentWidths = SYNC_TABLE.typical): Column[] =>
  layoutColumns(SYNC_TABLE, width, content);

/** An organization's columns (the aggregated table) that fit `width`. */
export const organizationColumns = (width: number, content: ContentWidths = ORGANIZATION_TABLE.typical): Column[] =>
  layoutColumns(ORGANIZATION_TABLE, width, content);

/** The longest value of each text column over `views` (organization names as the table shows them). */
function contentWidths(
  views: readonly SyncView[],
  orgNames: ReadonlyMap<string, string>,
  serverNow: number,
): ContentWidths {
  let eta = 0;
  let org = 0;
  let sync = 0;
  let entity = 0;
  let source = 0;
  let lastOrg: string | null = null;
  for (const view of views) {
    if (view.orgId !== lastOrg) {
      lastOrg = view.orgId;
      org = Math.max(org, textWidth(orgNames.get(view.orgId) ?? view.orgId.slice(0, 8)));
    }
    sync = Math.max(sync, textWidth(view.syncId));
    entity = Math.max(entity, textWidth(view.entityType ?? '-'));
    source = Math.max(source, textWidth(view.sourceSystem ?? '-'));
    // Only a stall's text outgrows the column ("stalled 14m56s"); an ETA or "? bad data" never does.
    if (view.stalled) eta = Math.max(eta, etaText(view, serverNow).length);
  }
  return { org, sync, entity, source, worst: sync, eta };
}

/** Per table (the rows of a tick, a filter, a sort) and server time (a stall grows): measured once, not on every frame. */
const measured = new WeakMap<readonly SyncView[], { readonly at: number; readonly content: ContentWidths }>();
function rowsContent(monitor: MonitorScreenState): ContentWidths {
  const at = monitor.serverNow ?? 0;
  const known = measured.get(monitor.rows);
  if (known?.at === at) return known.content;
  const names = monitor.feed?.orgNames ?? new Map<string, string>();
  // Unfiltered, the rows are every sync: measured tick over tick, reading only the syncs that changed.
  const { computed, rows } = monitor;
  const content =
    computed !== null && monitor.summaries === null && rows.length === computed.views.length
      ? everySyncContent(computed, names, at)
      : contentWidths(rows, names, at);
  measured.set(monitor.rows, { at, content });
  return content;
}

function everySyncContent(
  computed: ComputedViews,
  orgNames: ReadonlyMap<string, string>,
  serverNow: number,
): ContentWidths {
  const { stalled, ...names } = nameWidthsOfAll(computed, orgNames, (view) => etaText(view, serverNow));
  return { ...names, worst: names.sync, eta: stalled };
}

/** The table's columns at `width`: an organization's when aggregated, else a sync's; sized to the rows. */
export function columnsOf(monitor: MonitorScreenState, width: number): Column[] {
  const content = rowsContent(monitor);
  return monitor.summaries ? organizationColumns(width, content) : tableColumns(width, content);
}

const align = (text: string, column: Column, ellipsis: string) =>
  column.align === 'right'
    ? truncate(text, column.width, ellipsis).padStart(column.width)
    : fit(text, column.width, ellipsis);

/** A name cut in the middle: syncs of one family differ at their end ("odoo-prod…nightly", "odoo-prod…weekly"). */
const alignName = (text: string, column: Column, ellipsis: string) => fitName(text, column.width, ellipsis);

/** The ETA cell of a row whose values the monitor cannot use (its detail line says which). */
export const BAD_DATA = '? bad data';

/**
 * "stalled 2m10s", "1m35s", "?" while the rate is unknown (fewer than two samples) or zero, or
 * "? bad data" when the row's values make it unknown.
 */
export const etaText = (view: SyncView, serverNow: number): string =>
  view.stalled
    ? `stalled ${formatDuration(clockFields(view, serverNow).stalledForSeconds)}`
    : view.etaSeconds === null && view.problem !== null
      ? BAD_DATA
      : formatDuration(view.etaSeconds);

const percentText = (fraction: number) => `${Math.floor(fraction * 100)}%`.padStart(4);

function cell(
  view: SyncView,
  column: Column,
  orgName: string | null,
  serverNow: number,
  theme: Theme,
): Segment | Segment[] {
  const ellipsis = symbols(theme).ellipsis;
  switch (column.id) {
    case 'org':
      return { text: alignName(orgName ?? view.orgId.slice(0, 8), column, ellipsis) };
    case 'sync':
      return { text: alignName(view.syncId, column, ellipsis) };
    case 'entity':
      return { text: alignName(view.entityType ?? '-', column, ellipsis) };
    case 'source':
      return { text: alignName(view.sourceSystem ?? '-', column, ellipsis) };
    case 'progress':
      return [...progressBar(view.fraction, column.width - PERCENT, theme), { text: ` ${percentText(view.fraction)}` }];
    case 'counts':
      return {
        text: align(`${compact(view.processed)}/${compact(view.failed)}/${compact(view.total)}`, column, ellipsis),
        tone: view.failed > 0 ? 'yellow' : undefined,
      };
    case 'rate':
      return { text: align(view.ratePerMin === null ? '?' : compact(view.ratePerMin), column, ellipsis) };
    case 'eta': {
      const bad = view.problem !== null && !view.stalled && view.etaSeconds === null;
      return {
        text: align(etaText(view, serverNow), column, ellipsis),
        tone: view.stalled ? 'yellow' : bad ? 'red' : undefined,
        bold: view.stalled || bad,
      };
    }
    case 'elapsed':
      return { text: align(formatDuration(clockFields(view, serverNow).elapsedSeconds), column, ellipsis) };
    case 'age':
      return { text: align(formatDuration(clockFields(view, serverNow).lastUpdateAgeSeconds), column, ellipsis) };
    default:
      return { text: '' };
  }
}

/** A cell of the aggregated table: one organization's syncs. */
function summaryCell(
  summary: OrganizationSummary,
  column: Column,
  orgName: string | null,
  serverNow: number,
  theme: Theme,
): Segment | Segment[] {
  const ellipsis = symbols(theme).ellipsis;
  const fraction = summary.total > 0 ? Math.min(1, Math.max(0, summary.processed / summary.total)) : 0;
  switch (column.id) {
    case 'org':
      return { text: alignName(orgName ?? summary.orgId.slice(0, 8), column, ellipsis) };
    case 'syncs':
      return { text: align(compact(summary.active), column, ellipsis) };
    case 'stalled':
      return {
        text: align(summary.stalled > 0 ? compact(summary.stalled) : '-', column, ellipsis),
        tone: summary.stalled > 0 ? 'yellow' : undefined,
        bold: summary.stalled > 0,
      };
    case 'progress':
      return [...progressBar(fraction, column.width - PERCENT, theme), { text: ` ${percentText(fraction)}` }];
    case 'counts':
      return {
        text: align(
          `${compact(summary.processed)}/${compact(summary.failed)}/${compact(summary.total)}`,
          column,
          ellipsis,
        ),
        tone: summary.failed > 0 ? 'yellow' : undefined,
      };
    case 'rate':
      return { text: align(summary.ratePerMin === null ? '?' : compact(summary.ratePerMin), column, ellipsis) };
    case 'eta':
      return { text: align(formatDuration(summary.slowestEtaSeconds), column, ellipsis) };
    case 'worst':
      return {
        text: alignName(summary.worst.syncId, column, ellipsis),
        tone: summary.worst.stalled ? 'yellow' : undefined,
      };
    default:
      return cell(summary.worst, column, orgName, serverNow, theme);
  }
}

export function headerSegments(columns: readonly Column[]): LineSegments {
  return [
    { text: ' '.repeat(CURSOR) },
    {
      text: columns.map((c) => (c.align === 'right' ? c.header.padStart(c.width) : fit(c.header, c.width))).join(' '),
      bold: true,
    },
  ];
}

export function rowSegments(
  view: SyncView,
  columns: readonly Column[],
  orgName: string | null,
  serverNow: number,
  selected: boolean,
  theme: Theme,
  summary: OrganizationSummary | null = null,
): LineSegments {
  const sym = symbols(theme);
  const segments: Segment[] = [{ text: selected ? `${sym.cursor} ` : '  ' }];
  columns.forEach((column, i) => {
    if (i > 0) segments.push({ text: ' ' });
    const content = summary
      ? summaryCell(summary, column, orgName, serverNow, theme)
      : cell(view, column, orgName, serverNow, theme);
    if (Array.isArray(content)) segments.push(...content);
    else segments.push(content);
  });
  // The bar keeps its colours under the cursor (inverse would turn both of them into the same one).
  return selected ? segments.map((s) => (s.background ? s : { ...s, inverse: true })) : segments;
}

/**
 * Every field of one sync, for the line under the table; what narrow tables leave out (entity,
 * source, elapsed, last update) comes first, so it survives the cut at 80 columns.
 */
export function detailSegments(view: SyncView, orgName: string | null, serverNow: number, theme: Theme): LineSegments {
  const sym = symbols(theme);
  const clock = clockFields(view, serverNow);
  const what = [view.entityType ?? 'unknown entity', view.sourceSystem ? `from ${view.sourceSystem}` : null]
    .filter(Boolean)
    .join(' ');
  const rate =
    view.ratePerMin !== null
      ? `${grouped(view.ratePerMin)} items/min`
      : view.problem !== null
        ? 'rate unknown'
        : 'rate unknown (one sample so far)';
  const updated =
    clock.lastUpdateAgeSeconds === null
      ? `updated_at ${oddTimeText(view.updatedAt) ?? '?'}`
      : `updated ${formatDuration(clock.lastUpdateAgeSeconds)} ago`;
  return [
    { text: `${orgName ?? view.orgId} / ${view.syncId}`, bold: true },
    { text: ': ' },
    // What is wrong first: it must survive the cut at 80 columns.
    view.problem !== null ? { text: `${view.problem} ${sym.dot} `, tone: 'red', bold: true } : { text: '' },
    {
      text: `${what} ${sym.dot} elapsed ${formatDuration(clock.elapsedSeconds)} ${sym.dot} ${updated} ${sym.dot} `,
    },
    {
      text: `${grouped(view.processed)} processed, ${grouped(view.failed)} failed of ${grouped(view.total)}`,
      tone: view.failed > 0 ? 'yellow' : undefined,
    },
    { text: ` ${sym.dot} ${rate} ${sym.dot} ` },
    view.stalled
      ? { text: `stalled ${formatDuration(clock.stalledForSeconds)}`, tone: 'yellow', bold: true }
      : {
          text:
            view.etaSeconds === null && view.problem !== null
              ? 'ETA unknown'
              : `ETA ${formatDuration(view.etaSeconds)}`,
        },
    { text: view.status ? ` ${sym.dot} status ${view.status}` : '' },
  ];
}

/** The line under the aggregated table: the organization under the cursor, and its sync to look at first. */
export function organizationDetailSegments(
  summary: OrganizationSummary,
  orgName: string | null,
  serverNow: number,
  theme: Theme,
): LineSegments {
  const sym = symbols(theme);
  const worst = summary.worst;
  const why = worst.stalled
    ? `stalled ${formatDuration(clockFields(worst, serverNow).stalledForSeconds)}`
    : `ETA ${formatDuration(worst.etaSeconds)}`;
  return [
    { text: orgName ?? summary.orgId, bold: true },
    { text: `: ${grouped(summary.active)} active ${summary.active === 1 ? 'sync' : 'syncs'}` },
    summary.stalled > 0
      ? { text: ` ${sym.dot} ${grouped(summary.stalled)} stalled`, tone: 'yellow', bold: true }
      : { text: '' },
    summary.problems > 0
      ? { text: ` ${sym.dot} ${grouped(summary.problems)} with bad data`, tone: 'red', bold: true }
      : { text: '' },
    { text: ` ${sym.dot} look first at ${worst.syncId} (${why})` },
    {
      text: ` ${sym.dot} ${grouped(summary.processed)} processed, ${grouped(summary.failed)} failed of ${grouped(summary.total)}`,
      tone: summary.failed > 0 ? 'yellow' : undefined,
    },
    {
      text: ` ${sym.dot} ${summary.ratePerMin === null ? 'rate unknown' : `${grouped(summary.ratePerMin)} items/min`} ${sym.dot} slowest ETA ${formatDuration(summary.slowestEtaSeconds)}`,
    },
  ];
}

const reconnectingText = (r: Reconnecting) =>
  `${r.waking ? 'waking up' : 'reconnecting'} (attempt ${r.attempt}, next in ${Math.round(r.nextInMs / 1000)} s): ${r.message}`;

/**
 * The status line, cut to `width` by leaving out what the screen shows elsewhere (the sort is in
 * Help and the order itself, the rate in the detail line), so whether it is live, paused or
 * reconnecting stays whole.
 */
export function statusSegments(
  monitor: MonitorScreenState,
  theme: Theme,
  width = Number.POSITIVE_INFINITY,
): LineSegments {
  const segments = allStatusSegments(monitor, theme);
  const length = (list: readonly Segment[]) => list.reduce((sum, s) => sum + textWidth(s.text), 0);
  let shown = segments;
  for (const droppable of [ITEMS_PER_MIN, SORT_SEGMENT]) {
    if (length(shown) <= width) break;
    shown = shown.filter((s) => s.key !== droppable);
  }
  return shown.map(({ key: _, ...segment }) => segment);
}

const ITEMS_PER_MIN = 'rate';
const SORT_SEGMENT = 'sort';

function allStatusSegments(monitor: MonitorScreenState, theme: Theme): Array<Segment & { key?: string }> {
  const sym = symbols(theme);
  const { views, rows, phase } = monitor;
  if (phase === 'idle' || phase === 'starting')
    return [{ text: `Active syncs ${sym.dot} connecting to IS-SOH${sym.ellipsis}`, bold: true }];
  if (phase === 'reconnecting' && monitor.reconnecting && monitor.ticks === 0) {
    // Never read yet: no count to show, only that it is trying.
    return [
      { text: 'Active syncs', bold: true },
      { text: `  ${sym.dot} ${reconnectingText(monitor.reconnecting)}`, tone: 'red', bold: true },
    ];
  }
  const count = monitor.summaries
    ? `${grouped(views.length)} active syncs in ${grouped(monitor.summaries.size)} ${monitor.summaries.size === 1 ? 'organization' : 'organizations'}${monitor.filter === '' ? '' : ' matching'}`
    : rows.length === views.length
      ? `${views.length} active ${views.length === 1 ? 'sync' : 'syncs'}`
      : `${rows.length} of ${views.length} active syncs`;
  const segments: Array<Segment & { key?: string }> = [{ text: count, bold: true }];
  // Rows whose values cannot be used are counted where they cannot be missed; each says what in its detail line.
  // One pass over a typed array (no view read): cheap enough for every frame.
  const bad = monitor.computed ? problemCount(monitor.computed.state) : 0;
  if (bad > 0) segments.push({ text: `  ${sym.dot} ${bad} with bad data`, tone: 'red', bold: true });
  const order =
    monitor.summaries && monitor.sort !== 'org' ? 'stalled, then slowest first' : `sort ${SORT_TITLES[monitor.sort]}`;
  segments.push({ text: `  ${sym.dot} ${order}`, key: SORT_SEGMENT });
  if (monitor.filter !== '') segments.push({ text: `  ${sym.dot} filter "${monitor.filter}"`, tone: 'cyan' });
  // The last tick's sum, as the throughput keeps it: not summed again over every sync on every frame.
  segments.push({
    text: `  ${sym.dot} ${compact(monitor.throughput.at(-1)?.perMin ?? 0)} items/min`,
    key: ITEMS_PER_MIN,
  });
  if (phase === 'reconnecting' && monitor.reconnecting) {
    const r = monitor.reconnecting;
    segments.push({ text: `  ${sym.dot} ${reconnectingText(r)}`, tone: 'red', bold: true });
  } else if (monitor.paused) {
    segments.push({ text: `  ${sym.dot} paused (space resumes)`, tone: 'yellow', bold: true });
  } else {
    segments.push({ text: `  ${sym.dot} live, every ${(monitor.intervalMs ?? 2000) / 1000} s`, tone: 'green' });
  }
  return segments;
}

const FINAL_STATUS: Record<string, 'pass' | 'warn' | 'fail'> = {
  completed: 'pass',
  done: 'pass',
  completed_with_errors: 'warn',
};

const two = (n: number) => String(n).padStart(2, '0');
/**
 * When it happened, on this machine's clock ("23:14:05"): a time, not an age, so the feed does not
 * change from tick to tick while nothing new happens.
 */
export function clockTime(at: number): string {
  // A completed_at or created_at of 'infinity' (written by hand, or a bug): said as PostgreSQL says it.
  if (!Number.isFinite(at)) return oddTimeText(at) ?? '?';
  const d = new Date(at);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function completedSegments(
  sync: CompletedSync,
  monitor: MonitorScreenState,
  theme: Theme,
  statusWidth = 0,
): LineSegments {
  const sym = symbols(theme);
  const status = FINAL_STATUS[sync.finalStatus.toLowerCase()] ?? 'fail';
  const tone: Tone = status === 'pass' ? 'green' : status === 'warn' ? 'yellow' : 'red';
  return [
    { text: '  ' },
    { text: `${statusGlyph(theme, status)} `, tone },
    { text: `${clockTime(sync.completedAt)}  ` },
    { text: sync.finalStatus.padEnd(statusWidth), tone },
    { text: '  ' },
    { text: `${orgNameOf(monitor, sync.orgId) ?? sync.orgId.slice(0, 8)} / ${sync.syncId}`, bold: true },
    {
      text: `  ${sync.entityType ? `${sync.entityType}  ` : ''}${grouped(sync.processed)} done ${sym.dot} ${grouped(sync.failed)} failed of ${grouped(sync.total)}`,
    },
  ];
}

export function activitySegments(entry: ActivityEntry, monitor: MonitorScreenState): LineSegments {
  const failed = /fail|error/i.test(entry.status);
  return [
    { text: `  ${clockTime(entry.createdAt)}  ` },
    { text: `${entry.action}  ` },
    { text: entry.status, tone: failed ? 'red' : undefined },
    { text: '  ' },
    {
      text: `${orgNameOf(monitor, entry.orgId) ?? entry.orgId.slice(0, 8)}${entry.syncId ? ` / ${entry.syncId}` : ''}`,
      bold: true,
    },
    { text: entry.recordCount !== null ? `  ${grouped(entry.recordCount)} records` : '' },
    { text: entry.errorMessage ? `  ${entry.errorMessage}` : '', tone: 'red' },
  ];
}

/** "── Completed in the last 15 min (2)": a short rule, not one across the screen (Ink measures every non-ASCII character of a frame). */
function ruleSegments(title: string, theme: Theme): LineSegments {
  const sym = symbols(theme);
  return [{ text: `${sym.rule}${sym.rule} ${title}`, bold: true }];
}

/** The feed: recently completed syncs and the newest activity, each a titled block of `rows` lines. */
function feedBlocks(monitor: MonitorScreenState, completedRows: number, activityRows: number, theme: Theme) {
  const feed = monitor.feed;
  const minutes = monitor.minutes ?? 15;
  const completed = feed?.completed ?? [];
  const activity = feed?.activity ?? [];
  const completedLines: LineSegments[] = [
    ruleSegments(`Completed in the last ${minutes} min (${completed.length})`, theme),
  ];
  if (feed === null) completedLines.push([{ text: '  not read yet', dim: true }]);
  else if (completed.length === 0) completedLines.push([{ text: '  none', dim: true }]);
  else {
    const shown = completed.slice(0, completedRows);
    const statusWidth = Math.max(...shown.map((c) => c.finalStatus.length));
    completedLines.push(...shown.map((c) => completedSegments(c, monitor, theme, statusWidth)));
  }
  const activityLines: LineSegments[] = [ruleSegments('Activity log (newest first)', theme)];
  if (feed === null) activityLines.push([{ text: '  not read yet', dim: true }]);
  else if (activity.length === 0) activityLines.push([{ text: `  no entries in the last ${minutes} min`, dim: true }]);
  else activityLines.push(...activity.slice(0, activityRows).map((a) => activitySegments(a, monitor)));
  return { completedLines, activityLines };
}

const sameStyle = (a: Segment, b: Segment) =>
  a.tone === b.tone &&
  a.background === b.background &&
  !a.bold === !b.bold &&
  !a.dim === !b.dim &&
  !a.inverse === !b.inverse;

/**
 * Adjacent segments of the same style as one: Ink styles and measures each text node character
 * by character, and a table row is a dozen cells, mostly unstyled. Fewer nodes, faster frames.
 */
export function mergeSegments(segments: LineSegments): LineSegments {
  const out: Segment[] = [];
  for (const segment of segments) {
    if (segment.text === '') continue;
    const last = out[out.length - 1];
    if (last && sameStyle(last, segment)) out[out.length - 1] = { ...last, text: last.text + segment.text };
    else out.push(segment);
  }
  return out;
}

/**
 * The Watcher has stopped: the table does not exist (or no longer), or a permanent error. Said once
 * with its fix; the rows of the last tick are not shown as if current, only when they were seen.
 */
function stoppedLines(monitor: MonitorScreenState, width: number, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const message = monitor.unavailable ?? 'unavailable';
  const say = (text: string, segment: Omit<Segment, 'text'> = {}): LineSegments[] =>
    wrap(text, width).map((l): LineSegments => [{ ...segment, text: l }]);
  const lines: LineSegments[] = [
    [{ text: 'Active syncs', bold: true }],
    ...say(`${statusGlyph(theme, 'fail')} ${message}`, { tone: 'red' }),
  ];
  const seen = monitor.lastSeen;
  if (seen) {
    const syncs = `${seen.syncs} active ${seen.syncs === 1 ? 'sync' : 'syncs'}`;
    lines.push(
      ...say(
        `  The last sample, at ${clockTime(seen.at)}, had ${syncs}: no longer shown, as they may have changed since.`,
        { dim: true },
      ),
    );
  }
  lines.push([{ text: ' ' }]);
  if (monitor.phase === 'failed') {
    lines.push(
      ...say(
        `${sym.arrow} the monitor stopped: it does not retry an error like this one. Fix what it says, then r tries again.`,
        { bold: true },
      ),
    );
  } else if (message !== NO_ISSOH) {
    lines.push(
      ...say(
        `${sym.arrow} press 4 for Remediate: its plan creates what the intended state holds, its table of syncs too.`,
        { bold: true },
      ),
    );
    lines.push([{ text: '  r checks again once it exists.', dim: true }]);
  }
  return lines;
}

/** Every line of the body, top to bottom (pure: what the component draws, and what tests read). */
export function monitorLines(monitor: MonitorScreenState, width: number, height: number, theme: Theme): LineSegments[] {
  if (monitor.phase === 'unavailable' || monitor.phase === 'failed')
    return stoppedLines(monitor, width, theme).slice(0, height);
  const geometry = monitorGeometry(height, width);
  const columns = columnsOf(monitor, width);
  const lines: LineSegments[] = [statusSegments(monitor, theme, width)];
  // What this table's shape keeps from the screen: said above the table, the feed gives up a line for it.
  if (monitor.limits.length > 0) lines.push(limitsSegments(monitor.limits, theme));
  lines.push(headerSegments(columns));
  const { rows } = monitor;
  const serverNow = monitor.serverNow ?? 0;
  const offset = tableOffset(monitor, geometry.tableRows);
  const cursor = cursorIndex(monitor);
  const shown = rows.slice(offset, offset + geometry.tableRows);
  for (let i = 0; i < geometry.tableRows; i++) {
    const view = shown[i];
    if (view)
      lines.push(
        rowSegments(
          view,
          columns,
          orgNameOf(monitor, view.orgId),
          serverNow,
          offset + i === cursor,
          theme,
          summaryOf(monitor, view),
        ),
      );
    else if (i === 0 && monitor.ticks > 0) {
      lines.push([
        {
          text:
            monitor.views.length === 0
              ? '  no active syncs (rows with completed_at IS NULL)'
              : '  nothing matches the filter: Esc clears it',
          dim: true,
        },
      ]);
    } else lines.push([{ text: ' ' }]);
  }
  const current = rows[cursor];
  if (current) {
    const position = rows.length > geometry.tableRows ? `${cursor + 1}/${rows.length} ` : '';
    const summary = summaryOf(monitor, current);
    const orgName = orgNameOf(monitor, current.orgId);
    lines.push([
      { text: `${position}`, dim: true },
      ...(summary
        ? organizationDetailSegments(summary, orgName, serverNow, theme)
        : detailSegments(current, orgName, serverNow, theme)),
    ]);
  } else lines.push([{ text: ' ' }]);
  if (geometry.sideBySide) {
    const half = Math.floor((width - 1) / 2);
    const { completedLines, activityLines } = feedBlocks(monitor, geometry.completedRows, geometry.activityRows, theme);
    const count = Math.max(completedLines.length, activityLines.length);
    for (let i = 0; i < count; i++) {
      const left = completedLines[i] ?? [];
      const right = activityLines[i] ?? [];
      lines.push([...padTo(left, half, theme), { text: ' ' }, ...right]);
    }
  } else {
    const { completedLines, activityLines } = feedBlocks(monitor, geometry.completedRows, geometry.activityRows, theme);
    lines.push(...completedLines, ...activityLines);
  }
  return lines.slice(0, height);
}

/** "not shown here: no source (… has no source_system) · …" */
export function limitsSegments(limits: readonly string[], theme: Theme): LineSegments {
  const sym = symbols(theme);
  return [
    { text: 'not shown on this table: ', tone: 'yellow', bold: true },
    { text: limits.join(` ${sym.dot} `), tone: 'yellow' },
  ];
}

/** The line of the table's first row (after the status line, the limits when there are, and the header). */
export const firstRowLine = (monitor: Pick<MonitorScreenState, 'limits'>): number =>
  monitor.limits.length > 0 ? 3 : 2;

/** Cut to exactly `width` columns (for the left half of a side-by-side line). */
function padTo(segments: LineSegments, width: number, theme: Theme): Segment[] {
  const ellipsis = symbols(theme).ellipsis;
  const out: Segment[] = [];
  let left = width;
  for (const s of segments) {
    if (left <= 0) break;
    const text = [...s.text].length > left ? truncate(s.text, left, ellipsis) : s.text;
    out.push({ ...s, text });
    left -= [...text].length;
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

export const Monitor = memo(function Monitor({ monitor, width, height }: Properties) {
  const theme = useTheme();
  const lines = monitorLines(monitor, width, height, theme).map(mergeSegments);
  const cursor = cursorIndex(monitor);
  const offset = tableOffset(monitor, monitorGeometry(height, width).tableRows);
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflowY="hidden">
      {lines.map((segments, i) => (
        <Line
          key={i}
          segments={segments}
          width={width}
          fill={
            monitor.phase !== 'unavailable' &&
            monitor.phase !== 'failed' &&
            i === firstRowLine(monitor) + cursor - offset &&
            monitor.rows.length > 0
          }
        />
      ))}
    </Box>
  );
});
