/** watch's output: one JSON object per tick (--json), or a plain table. */
import {
  clockFields,
  formatDuration,
  oddTimeText,
  type SortKey,
  selectViews,
  type ViewFilter,
  type WatchEvent,
} from '../core/monitor.js';
import { styleToken } from './terminal-text.js';
import { count } from '../core/words.js';

/** A time for JSON: ISO 8601, or as PostgreSQL writes one that is not a time ("infinity", "-infinity"); null for NULL. */
function timeJson(at: number | null): string | null {
  if (at === null || Number.isNaN(at)) return null;
  return oddTimeText(at) ?? new Date(at).toISOString();
}

/** `watch --json`: the fields the issue names, one object per tick; `problem` says what is wrong with a row's values. */
export function tickJson(event: Extract<WatchEvent, { kind: 'tick' }>, filter: ViewFilter, sort: SortKey) {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  // What this table's shape keeps the monitor from showing: only when there is something (0024's shape has none).
  const limits = event.limits ?? [];
  return {
    tick: event.state.ticks,
    ...(limits.length > 0 ? { limits } : {}),
    server_time: new Date(event.state.serverNow).toISOString(),
    syncs: selectViews(event.views, sort, filter, names).map((v) => ({
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
      stalled_for_seconds: clockFields(v, event.state.serverNow).stalledForSeconds,
      updated_at: timeJson(v.updatedAt),
      problem: v.problem,
    })),
  };
}

/** `watch --json`: one line per tick (NDJSON). */
export const tickLine = (event: Extract<WatchEvent, { kind: 'tick' }>, filter: ViewFilter, sort: SortKey) =>
  `${JSON.stringify(tickJson(event, filter, sort))}\n`;

export function renderWatchTable(
  event: Extract<WatchEvent, { kind: 'tick' }>,
  filter: ViewFilter,
  sort: SortKey,
): string {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  const rows = selectViews(event.views, sort, filter, names);
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
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `${new Date(event.state.serverNow).toISOString()}  ${count(rows.length, 'active sync')}`,
    line(header),
    ...table.map(line),
  ];
  return `${out.join('\n')}\n`;
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
