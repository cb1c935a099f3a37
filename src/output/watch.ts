/** watch's output: one JSON object per tick (--json), or a plain table. */
import {
  clockFields,
  formatDuration,
  oddTimeText,
  type SortKey,
  type SyncView,
  selectViews,
  type ViewFilter,
  viewMatcher,
  type WatchEvent,
} from '../core/monitor.js';
import { type OrganizationSummary, summarizeByOrganization } from '../core/monitor-summary.js';
import { count } from '../core/words.js';
import { styleToken } from './terminal-text.js';

/** A time for JSON: ISO 8601, or as PostgreSQL writes one that is not a time ("infinity", "-infinity"); null for NULL. */
function timeJson(at: number | null): string | null {
  if (at === null || Number.isNaN(at)) return null;
  return oddTimeText(at) ?? new Date(at).toISOString();
}

type TickEvent = Extract<WatchEvent, { kind: 'tick' }>;

/** One sync as `watch --json` writes it: the fields the issue names; `problem` says what is wrong with a row's values. */
function syncJson(v: SyncView, names: ReadonlyMap<string, string>, serverNow: number) {
  return {
    org_id: v.orgId,
    org_name: names.get(v.orgId) ?? null,
    sync_id: v.syncId,
    entity_type: v.entityType,
    processed: v.processed,
    failed: v.failed,
    total: v.total,
    rate_per_min: v.ratePerMin === null ? null : Math.round(v.ratePerMin * 10) / 10,
    eta_seconds: v.etaSeconds,
    stalled: v.stalled,
    stalled_for_seconds: clockFields(v, serverNow).stalledForSeconds,
    updated_at: timeJson(v.updatedAt),
    problem: v.problem,
  };
}

/** Syncs per piece of a tick's line: a tick of 100,000 syncs is written as it is made, never held as one string. */
const SYNCS_PER_PIECE = 100;

/** A JSON array, in pieces of SYNCS_PER_PIECE items. */
function* arrayPieces<T>(items: readonly T[], json: (item: T) => unknown): Generator<string> {
  yield '[';
  for (let from = 0; from < items.length; from += SYNCS_PER_PIECE) {
    const piece = items.slice(from, from + SYNCS_PER_PIECE).map((item) => JSON.stringify(json(item)));
    yield `${from > 0 ? ',' : ''}${piece.join(',')}`;
  }
  yield ']';
}

/**
 * `watch --json`: one line per tick (NDJSON), `{tick, server_time, syncs}`, given in pieces to be
 * written one after the other (at 100,000 syncs a line is about 30 MB). `syncs` are the views to
 * write, selected and sorted by the caller. With `removed` (`--changes`), `syncs` holds only the
 * syncs new or changed since the last tick, and `removed` the ones that were there and are not any
 * more (finished, or gone), as `{org_id, sync_id}`.
 */
export function* tickLinePieces(
  event: TickEvent,
  syncs: readonly SyncView[],
  removed?: readonly SyncView[],
): Generator<string> {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  const serverNow = event.state.serverNow;
  // What this table's shape keeps the monitor from showing: only when there is something (0024's shape has none).
  const limits = event.limits ?? [];
  const head = JSON.stringify({
    tick: event.state.ticks,
    ...(limits.length > 0 ? { limits } : {}),
    server_time: new Date(serverNow).toISOString(),
  });
  yield `${head.slice(0, -1)},"syncs":`;
  yield* arrayPieces(syncs, (v) => syncJson(v, names, serverNow));
  if (removed) {
    yield ',"removed":';
    yield* arrayPieces(removed, (v) => ({ org_id: v.orgId, sync_id: v.syncId }));
  }
  yield '}\n';
}

/**
 * watch's table: one line per sync that passes `filter`, in `sort`'s order. With more syncs than
 * `maxLines` (the terminal's height, or 200), one line per organization instead
 * (renderOrganizationTable): a tick of 100,000 syncs is not a screen or a log of 100,000 lines,
 * and is folded without being sorted.
 */
export function renderWatchTable(event: TickEvent, sort: SortKey, filter: ViewFilter, maxLines: number): string {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  const { views } = event.computed;
  const matches = viewMatcher(filter, names);
  // The slots that pass the filter (views[i] is slot i): what the fold counts.
  const include = matches ? Uint8Array.from(views, (view) => (matches(view) ? 1 : 0)) : undefined;
  const matching = include ? include.reduce((sum, passes) => sum + passes, 0) : views.length;
  if (matching > maxLines)
    return renderOrganizationTable(event, matching, summarizeByOrganization(event.computed, include), maxLines);
  const rows = selectViews(views, sort, filter, names);
  // A PROBLEM column only when a row has one: the usual table stays as it was.
  const problems = rows.some((v) => v.problem !== null);
  const header = ['ORG', 'SYNC', 'ENTITY', 'DONE', 'FAILED', 'TOTAL', '%', 'RATE/MIN', 'ETA', 'ELAPSED', 'UPDATED'];
  if (problems) header.push('PROBLEM');
  const table = rows.map((v) => {
    const clock = clockFields(v, event.state.serverNow);
    const cells = [
      names.get(v.orgId) ?? v.orgId.slice(0, 8),
      v.syncId,
      v.entityType ?? '-',
      String(v.processed),
      String(v.failed),
      String(v.total),
      `${Math.round(v.fraction * 100)}`,
      v.ratePerMin === null ? '?' : v.ratePerMin.toFixed(0),
      v.stalled ? `stalled ${formatDuration(clock.stalledForSeconds)}` : formatDuration(v.etaSeconds),
      formatDuration(clock.elapsedSeconds),
      clock.lastUpdateAgeSeconds === null
        ? (oddTimeText(v.updatedAt) ?? '?')
        : `${formatDuration(clock.lastUpdateAgeSeconds)} ago`,
    ];
    if (problems) cells.push(v.problem ?? '');
    return cells;
  });
  // The trailing '' ends the text with a newline.
  return [
    `${new Date(event.state.serverNow).toISOString()}  ${count(rows.length, 'active sync')}`,
    ...columns(header, table),
    '',
  ].join('\n');
}

/** Cells in columns as wide as their widest cell, two spaces apart. */
function columns(header: readonly string[], table: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...table.map(line)];
}

/**
 * One line per organization, those with stalled syncs first, then the slowest (summarizeByOrganization's
 * order): its syncs, how many are stalled, the counts summed, the summed rate, the slowest ETA, and
 * the sync to look at first. More organizations than fit: the first ones, and how many more.
 */
function renderOrganizationTable(
  event: TickEvent,
  syncs: number,
  summaries: readonly OrganizationSummary[],
  maxLines: number,
): string {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  const serverNow = event.state.serverNow;
  // the two heading lines, the header, and the line that says how many more
  const shown = summaries.length > maxLines - 3 ? summaries.slice(0, Math.max(maxLines - 4, 1)) : summaries;
  const header = ['ORG', 'SYNCS', 'STALLED', 'DONE', 'FAILED', 'TOTAL', '%', 'RATE/MIN', 'SLOWEST ETA', 'LOOK AT'];
  const table = shown.map((org) => {
    const worst = org.worst;
    const stalledFor = clockFields(worst, serverNow).stalledForSeconds;
    return [
      names.get(org.orgId) ?? org.orgId.slice(0, 8),
      String(org.active),
      String(org.stalled),
      String(org.processed),
      String(org.failed),
      String(org.total),
      org.total > 0 ? `${Math.round(((org.processed + org.failed) / org.total) * 100)}` : '0',
      org.ratePerMin === null ? '?' : org.ratePerMin.toFixed(0),
      formatDuration(org.slowestEtaSeconds) + (org.unknownEta > 0 ? ` (${org.unknownEta} unknown)` : ''),
      `${worst.syncId} ${worst.stalled ? `stalled ${formatDuration(stalledFor)}` : `ETA ${formatDuration(worst.etaSeconds)}`}`,
    ];
  });
  const more = summaries.length - shown.length;
  // The trailing '' ends the text with a newline.
  return [
    `${new Date(serverNow).toISOString()}  ${count(syncs, 'active sync')} in ${count(summaries.length, 'organization')}`,
    'one line per organization, stalled and slowest first (--org NAME lists its syncs)',
    ...columns(header, table),
    ...(more > 0 ? [`… and ${count(more, 'more organization')}`] : []),
    '',
  ].join('\n');
}

/** "the monitor cannot show everything on this table: …", said once (on stderr) when a watch starts. */
export const limitsText = (limits: readonly string[]): string =>
  `mantis-sync-tui: the monitor cannot show everything on this table's shape:\n${limits.map((l) => `  ${l}\n`).join('')}`;

/**
 * A table drawn over the one before it, as watch(1) does, instead of scrolling a new one per tick:
 * up to the first line of the last drawing, each line cleared to its end, what is below cleared.
 * Cut to the terminal (as watch(1) cuts it), since a wrapped line or one scrolled off cannot be
 * drawn over.
 */
export function drawnInPlace(
  table: string,
  previousLines: number,
  terminal: { readonly columns: number; readonly rows: number },
): { readonly text: string; readonly lines: number } {
  const maxLines = terminal.rows;
  let lines = table
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => [...line].slice(0, terminal.columns).join(''));
  if (lines.length > maxLines) {
    const more = lines.length - maxLines + 1;
    lines = [
      ...lines.slice(0, Math.max(0, maxLines - 1)),
      `… ${count(more, 'more line')} (a taller terminal, --org or --json show them)`,
    ];
  }
  const up = styleToken('line-up').repeat(previousLines);
  const end = styleToken('clear-line-end');
  return {
    text: `${up}${lines.map((line) => `${line}${end}\n`).join('')}${styleToken('clear-below')}`,
    lines: lines.length,
  };
}
