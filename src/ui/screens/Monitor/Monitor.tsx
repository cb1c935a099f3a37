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
  clockFields,
  formatDuration,
  oddTimeText,
  type SyncView,
} from '../../../core/monitor.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { progressBar } from '../../components/ProgressBar.js';
import { compact, grouped } from '../../numbers.js';
import { fit, truncate, wrap } from '../../text.js';
import { statusGlyph, symbols, type Theme, type Tone, useTheme } from '../../theme.js';
import {
  cursorIndex,
  type MonitorScreenState,
  monitorGeometry,
  NO_ISSOH,
  orgNameOf,
  type Reconnecting,
  SORT_TITLES,
  tableOffset,
  totalRate,
} from './state.js';

type Properties = {
  readonly monitor: MonitorScreenState;
  readonly width: number;
  readonly height: number;
};

// ── the table's columns ─────────────────────────────────────────────────────────────────────

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
  | 'age';

export interface Column {
  readonly id: ColumnId;
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** Screen order (the issue's order). */
const ORDER: readonly ColumnId[] = [
  'org',
  'sync',
  'entity',
  'source',
  'progress',
  'counts',
  'rate',
  'eta',
  'elapsed',
  'age',
];
const HEADERS: Record<ColumnId, string> = {
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
};
const ALIGN: Record<ColumnId, 'left' | 'right'> = {
  org: 'left',
  sync: 'left',
  entity: 'left',
  source: 'left',
  progress: 'left',
  counts: 'right',
  rate: 'right',
  eta: 'right',
  elapsed: 'right',
  age: 'right',
};
/** Fixed widths; org, sync and the bar grow with the terminal. */
const FIXED: Partial<Record<ColumnId, number>> = {
  entity: 9,
  source: 10,
  counts: 17,
  rate: 8,
  eta: 13,
  elapsed: 7,
  age: 7,
};
/** progress: the bar and " 100%" */
const PERCENT = 5;
const MIN = { org: 8, sync: 6, bar: 5 } as const;
const COMFORT = { org: 12, sync: 10, bar: 6 } as const;
const MAX = { org: 24, sync: 18, bar: 20 } as const;
/** Dropped first when narrow (the detail line still shows them); the rest in this order. */
const ESSENTIAL: readonly ColumnId[] = ['org', 'sync', 'progress', 'eta', 'rate', 'counts'];
const OPTIONAL: readonly ColumnId[] = ['entity', 'age', 'elapsed', 'source'];
const CURSOR = 2;

/** The columns that fit `width`, with their widths. */
export function tableColumns(width: number): Column[] {
  const chosen = new Set<ColumnId>();
  const size = (ids: Iterable<ColumnId>, flex: { org: number; sync: number; bar: number }) => {
    const list = [...ids];
    return (
      CURSOR +
      Math.max(0, list.length - 1) +
      list.reduce(
        (sum, id) =>
          sum +
          (id === 'org'
            ? flex.org
            : id === 'sync'
              ? flex.sync
              : id === 'progress'
                ? flex.bar + PERCENT
                : (FIXED[id] ?? 0)),
        0,
      )
    );
  };
  for (const id of ESSENTIAL) if (size([...chosen, id], MIN) <= width) chosen.add(id);
  for (const id of OPTIONAL) if (size([...chosen, id], COMFORT) <= width) chosen.add(id);
  // What is left widens org, then sync, then the bar.
  const flex: { org: number; sync: number; bar: number } = { ...MIN };
  let slack = width - size(chosen, flex);
  for (const key of ['org', 'sync', 'bar'] as const) {
    const grow = Math.max(0, Math.min(slack, COMFORT[key] - flex[key]));
    flex[key] += grow;
    slack -= grow;
  }
  for (const key of ['org', 'sync', 'bar'] as const) {
    const grow = Math.max(0, Math.min(slack, MAX[key] - flex[key]));
    flex[key] += grow;
    slack -= grow;
  }
  return ORDER.filter((id) => chosen.has(id)).map((id) => ({
    id,
    header: HEADERS[id],
    width:
      id === 'org' ? flex.org : id === 'sync' ? flex.sync : id === 'progress' ? flex.bar + PERCENT : (FIXED[id] ?? 0),
    align: ALIGN[id],
  }));
}

const align = (text: string, column: Column, ellipsis: string) =>
  column.align === 'right'
    ? truncate(text, column.width, ellipsis).padStart(column.width)
    : fit(text, column.width, ellipsis);

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
      return { text: align(orgName ?? view.orgId.slice(0, 8), column, ellipsis) };
    case 'sync':
      return { text: align(view.syncId, column, ellipsis) };
    case 'entity':
      return { text: align(view.entityType ?? '-', column, ellipsis) };
    case 'source':
      return { text: align(view.sourceSystem ?? '-', column, ellipsis) };
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
): LineSegments {
  const sym = symbols(theme);
  const segments: Segment[] = [{ text: selected ? `${sym.cursor} ` : '  ' }];
  columns.forEach((column, i) => {
    if (i > 0) segments.push({ text: ' ' });
    const content = cell(view, column, orgName, serverNow, theme);
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

const reconnectingText = (r: Reconnecting) =>
  `${r.waking ? 'waking up' : 'reconnecting'} (attempt ${r.attempt}, next in ${Math.round(r.nextInMs / 1000)} s): ${r.message}`;

/** Syncs with bad data, per tick's views: counted once, not on every frame (a cursor move is one too). */
const badDataCounts = new WeakMap<readonly SyncView[], number>();
function badDataCount(views: readonly SyncView[]): number {
  let bad = badDataCounts.get(views);
  if (bad === undefined) {
    bad = 0;
    for (const view of views) if (view.problem !== null) bad++;
    badDataCounts.set(views, bad);
  }
  return bad;
}

export function statusSegments(monitor: MonitorScreenState, theme: Theme): LineSegments {
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
  const count =
    rows.length === views.length
      ? `${views.length} active ${views.length === 1 ? 'sync' : 'syncs'}`
      : `${rows.length} of ${views.length} active syncs`;
  const segments: Segment[] = [{ text: count, bold: true }];
  // Rows whose values cannot be used are counted where they cannot be missed; each says what in its detail line.
  const bad = badDataCount(views);
  if (bad > 0) segments.push({ text: `  ${sym.dot} ${bad} with bad data`, tone: 'red', bold: true });
  segments.push({ text: `  ${sym.dot} sort ${SORT_TITLES[monitor.sort]}` });
  if (monitor.filter !== '') segments.push({ text: `  ${sym.dot} filter "${monitor.filter}"`, tone: 'cyan' });
  segments.push({ text: `  ${sym.dot} ${compact(totalRate(views))} items/min` });
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
        `${sym.arrow} press 4 for Remediate: its plan applies migration 0024, which creates public.sync_progress.`,
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
  const columns = tableColumns(width);
  const lines: LineSegments[] = [statusSegments(monitor, theme), headerSegments(columns)];
  const { rows } = monitor;
  const serverNow = monitor.serverNow ?? 0;
  const offset = tableOffset(monitor, geometry.tableRows);
  const cursor = cursorIndex(monitor);
  const shown = rows.slice(offset, offset + geometry.tableRows);
  for (let i = 0; i < geometry.tableRows; i++) {
    const view = shown[i];
    if (view)
      lines.push(rowSegments(view, columns, orgNameOf(monitor, view.orgId), serverNow, offset + i === cursor, theme));
    else if (i === 0 && monitor.ticks > 0) {
      lines.push([
        {
          text:
            monitor.views.length === 0
              ? '  no active syncs (sync_progress rows with completed_at IS NULL)'
              : '  nothing matches the filter: Esc clears it',
          dim: true,
        },
      ]);
    } else lines.push([{ text: ' ' }]);
  }
  const current = rows[cursor];
  if (current) {
    const position = rows.length > geometry.tableRows ? `${cursor + 1}/${rows.length} ` : '';
    lines.push([
      { text: `${position}`, dim: true },
      ...detailSegments(current, orgNameOf(monitor, current.orgId), serverNow, theme),
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
            i === 2 + cursor - offset &&
            monitor.rows.length > 0
          }
        />
      ))}
    </Box>
  );
});
