/**
 * Health: seed 004's maintenance facts and key metrics for IS-SOH. The partitions of
 * sync_activity_log (bounds, estimated rows, size) with verify's coverage findings; the
 * preview cache; the key metrics over a window (w); index usage; table sizes, dead tuples and
 * the last vacuum/analyze; the throughput of the session as a sparkline (from the live feed's
 * ticks). p, c and A run the maintenance steps after a confirmation; their outcome is shown on
 * top. The report scrolls under a fixed title line.
 */

import { Box } from 'ink';
import { memo, useContext } from 'react';
import { CODES } from '../../../core/codes.js';
import type { Finding } from '../../../core/finding.js';
import type { HealthReport, Health as HealthStats } from '../../../core/health.js';
import { formatDuration } from '../../../core/monitor.js';
import { ConfirmPrompt, confirmLines } from '../../components/ConfirmByName.js';
import { cutAtWord } from '../../components/cut.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { ProgressRow } from '../../components/ProgressRow.js';
import { LockWaitContext } from '../../components/RunningLine.js';
import { sparkline } from '../../components/Sparkline.js';
import { bytes, compact, grouped, percent } from '../../numbers.js';
import type { ThroughputSample } from '../../screen.js';
import { fit, shortObject, wrap } from '../../text.js';
import { STATUS_TONE, statusGlyph, symbols, type Theme, useTheme } from '../../theme.js';
import {
  ARCHIVE_OLDER_THAN_MONTHS,
  type HealthScreenState,
  MONTHS_AHEAD,
  TASK_TITLES,
  type TaskOutcome,
  verdict,
} from './state.js';

type Properties = {
  readonly health: HealthScreenState;
  /** the session's throughput, from the live feed's ticks */
  readonly throughput: readonly ThroughputSample[];
  readonly width: number;
  readonly height: number;
};

export const windowTitle = (minutes: number): string =>
  minutes % 60 === 0 && minutes >= 120 ? `${minutes / 60} h` : `${minutes} min`;

/** "2026-11-21 23:15" in UTC ("11-21 23:15" when short), or "never" */
const stamp = (iso: string | null, short = false): string =>
  iso === null ? 'never' : `${iso.slice(short ? 5 : 0, 10)} ${iso.slice(11, 16)}`;

/** The title line; where the report is scrolled comes before the time it was read, which goes first when narrow. */
function titleSegments(health: HealthScreenState, position: string, theme: Theme): LineSegments {
  const sym = symbols(theme);
  const segments: Segment[] = [{ text: `Health of IS-SOH${health.database ? ` ${health.database}` : ''}`, bold: true }];
  segments.push({ text: `  ${sym.dot} metrics over ${windowTitle(health.windowMinutes)}` });
  if (position) segments.push({ text: `  ${sym.dot} ${position}`, dim: true });
  if (health.loading) segments.push({ text: `  ${sym.dot} reading${sym.ellipsis}`, tone: 'cyan' });
  else if (health.report)
    segments.push({ text: `  ${sym.dot} read ${health.report.serverTime.slice(11, 19)} UTC`, dim: true });
  return segments;
}

function outcomeLines(outcome: TaskOutcome, width: number, theme: Theme): LineSegments[] {
  const ok = outcome.outcome === 'committed' || outcome.outcome === 'nothing-to-do' || outcome.outcome === 'dry-run';
  const status = ok ? 'pass' : 'fail';
  const head = `${statusGlyph(theme, status)} ${outcome.task === 'partitions' ? 'Partitions ahead' : outcome.task === 'cache' ? 'Cache cleanup' : 'Archive'}: ${verdict(outcome)}`;
  const lines: LineSegments[] = wrap(head, width).map((text, i) => [
    { text, tone: STATUS_TONE[status], bold: i === 0 },
  ]);
  for (const line of outcome.lines) for (const text of wrap(`  ${line}`, width)) lines.push([{ text }]);
  lines.push([{ text: ' ' }]);
  return lines;
}

/**
 * Coverage findings that do not pass, one line each; several of one code (a month without its
 * own partition, for each of the next months) as one line: the code's meaning and the objects.
 */
export function coverageItems(
  findings: readonly Finding[],
): Array<{ readonly finding: Finding; readonly text: string }> {
  const byCode = new Map<string, Finding[]>();
  for (const f of findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  return [...byCode.values()].map((group) => {
    const first = group[0]!;
    if (group.length === 1) return { finding: first, text: first.title };
    // "public.sync_activity_log 2026-11", "… 2026-12": what differs is after the shared prefix.
    const objects = group.map((f) => f.object);
    let common = objects[0]!;
    for (const o of objects) while (!o.startsWith(common)) common = common.slice(0, -1);
    const cut = common.includes(' ') ? common.slice(0, common.lastIndexOf(' ') + 1) : '';
    const meaning = CODES[first.code as keyof typeof CODES]?.meaning ?? first.title;
    return {
      finding: first,
      text: `${meaning} (${group.length}): ${objects.map((o) => shortObject(o.slice(cut.length))).join(', ')}`,
    };
  });
}

function partitionLines(report: HealthReport, width: number, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const nameWidth = Math.max(12, Math.min(34, Math.max(0, ...report.partitions.map((p) => p.name.length + 2))));
  const boundWidth = Math.max(10, Math.min(35, width - 2 - nameWidth - 12 - 10));
  const lines: LineSegments[] = [
    [
      {
        text: `Partitions of ${report.partitioned.map(shortObject).join(', ')} (${report.partitions.length})`,
        bold: true,
      },
    ],
    [
      {
        text: `  ${fit('NAME', nameWidth)}${fit('BOUNDS', boundWidth)}${'~ROWS'.padStart(12)}${'SIZE'.padStart(10)}`,
        dim: true,
      },
    ],
  ];
  for (const p of report.partitions) {
    lines.push([
      { text: `  ${fit(p.name, nameWidth, sym.ellipsis)}` },
      { text: fit(p.bound, boundWidth, sym.ellipsis) },
      { text: grouped(p.estimatedRows).padStart(12) },
      { text: bytes(p.sizeBytes).padStart(10) },
    ]);
  }
  if (report.partitions.length === 0) lines.push([{ text: '  none', dim: true }]);
  const open = report.coverage.filter((f) => f.status !== 'pass' && f.status !== 'skip');
  if (report.coverage.length > 0 && open.length === 0) {
    lines.push([
      { text: `  ${statusGlyph(theme, 'pass')} coverage: ${report.coverage.length} checks pass`, tone: 'green' },
    ]);
  }
  for (const { finding: f, text: title } of coverageItems(open)) {
    const text = `  ${statusGlyph(theme, f.status)} ${f.code} ${title}`;
    for (const [i, line] of wrap(text, width).entries())
      lines.push([{ text: i === 0 ? line : `    ${line.trimStart()}`, tone: STATUS_TONE[f.status] }]);
  }
  // maintain's steps work on 0024's log, there when the key metrics are
  if (report.health?.metrics !== null)
    lines.push([
      {
        text: `  p creates the months through ${MONTHS_AHEAD} ahead ${sym.dot} A archives those older than ${ARCHIVE_OLDER_THAN_MONTHS} months`,
        dim: true,
      },
    ]);
  return lines;
}

function metricLines(
  report: HealthReport,
  throughput: readonly ThroughputSample[],
  width: number,
  theme: Theme,
): LineSegments[] {
  const h = report.health;
  if (!h) return [];
  const m = h.metrics;
  const lines: LineSegments[] = [];
  if (!m || !h.cache)
    lines.push(
      [
        {
          text: "Key metrics and the preview cache: seed 004's, read from 0024's tables, which the intended state does not create",
          dim: true,
        },
      ],
      [{ text: ' ' }],
    );
  else lines.push(...seed004Lines(m, h.cache, throughput, width, theme), [{ text: ' ' }]);
  indexAndTableLines(h, lines, width, theme);
  return lines;
}

/** The preview cache, seed 004's key metrics and this session's throughput: 0024's tables read. */
function seed004Lines(
  m: NonNullable<HealthStats['metrics']>,
  cache: NonNullable<HealthStats['cache']>,
  throughput: readonly ThroughputSample[],
  width: number,
  theme: Theme,
): LineSegments[] {
  const sym = symbols(theme);
  const none = theme.unicode ? '—' : '-';
  const speed = m.avgSpeedActive === null ? none : `${grouped(m.avgSpeedActive)} items/min`;
  const duration = m.avgDurationSeconds === null ? none : formatDuration(m.avgDurationSeconds);
  const lines: LineSegments[] = [
    [
      { text: 'Preview cache  ', bold: true },
      { text: `${grouped(cache.live)} live ${sym.dot} ` },
      { text: `${grouped(cache.expired)} expired`, tone: cache.expired > 0 ? 'yellow' : undefined },
      { text: '   c deletes the expired ones', dim: true },
    ],
    [{ text: ' ' }],
    [{ text: `Key metrics (last ${windowTitle(m.windowMinutes)}, w changes it)`, bold: true }],
    [
      { text: `  active syncs ${m.activeSyncs} ${sym.dot} average speed ${speed}` },
      { text: " (trigger's lifetime average)", dim: true },
    ],
    [{ text: `  completed ${m.completedInWindow} ${sym.dot} average duration ${duration}` }],
    [
      { text: `  activity ${grouped(m.logEntries)} entries ${sym.dot} ` },
      { text: `success rate ${percent(m.successRate, none)}` },
      { text: ` ${sym.dot} ` },
      { text: `error rate ${percent(m.errorRate, none)}`, tone: (m.errorRate ?? 0) > 0 ? 'red' : undefined },
    ],
  ];
  lines.push(
    [{ text: ' ' }],
    [
      { text: 'Throughput this session', bold: true },
      { text: ' (items/min of the active syncs, summed)', dim: true },
    ],
  );
  if (throughput.length === 0) {
    lines.push([{ text: '  no ticks yet: the Monitor samples every few seconds once started', dim: true }]);
  } else {
    const values = throughput.map((s) => s.perMin);
    const last = values[values.length - 1] ?? 0;
    const peak = Math.max(...values);
    const label = `  now ${compact(last)} ${sym.dot} peak ${compact(peak)} ${sym.dot} ${throughput.length} ${throughput.length === 1 ? 'tick' : 'ticks'}`;
    const room = Math.max(8, width - 2 - label.length - 1);
    lines.push([
      { text: '  ' },
      { text: sparkline(throughput, Math.min(room, 60), theme), tone: 'cyan' },
      { text: label },
    ]);
  }
  return lines;
}

function indexAndTableLines(h: HealthStats, lines: LineSegments[], width: number, theme: Theme): void {
  const sym = symbols(theme);
  const unused = h.indexes.filter((i) => i.neverUsed).length;
  lines.push([
    { text: `Indexes (${h.indexes.length}, ${unused} never used)`, bold: true },
    { text: '  pg_stat_user_indexes, since the last statistics reset', dim: true },
  ]);
  const indexWidth = Math.max(16, Math.min(40, Math.max(0, ...h.indexes.map((i) => i.index.length + 2))));
  const tableWidth = Math.max(10, Math.min(24, Math.max(0, ...h.indexes.map((i) => i.table.length + 2))));
  for (const i of h.indexes) {
    lines.push([
      { text: `  ${fit(i.index, indexWidth, sym.ellipsis)}${fit(i.table, tableWidth, sym.ellipsis)}` },
      { text: `${grouped(i.scans).padStart(10)} scans` },
      { text: i.neverUsed ? '  never used' : '', tone: 'yellow' },
    ]);
  }
  lines.push([{ text: ' ' }], [{ text: 'Tables', bold: true }]);
  const nameWidth = Math.max(
    16,
    Math.min(34, Math.max(0, ...h.tables.map((t) => (t.partitionOf ? t.name.length + 4 : t.name.length + 2)))),
  );
  // Under 100 columns the year goes from the stamps (UTC).
  const short = width < 100;
  const when = short ? 13 : 18;
  lines.push([
    {
      text: `  ${fit('NAME', nameWidth)}${'SIZE'.padStart(8)}${'LIVE'.padStart(8)}${'DEAD'.padStart(7)}  ${fit('VACUUMED', when)}ANALYZED`,
      dim: true,
    },
  ]);
  for (const t of h.tables) {
    lines.push([
      { text: `  ${fit(t.partitionOf ? `  ${t.name}` : t.name, nameWidth, sym.ellipsis)}` },
      { text: bytes(t.sizeBytes).padStart(8) },
      { text: grouped(t.liveTuples).padStart(8) },
      {
        text: grouped(t.deadTuples).padStart(7),
        tone: t.deadTuples > t.liveTuples && t.deadTuples > 0 ? 'yellow' : undefined,
      },
      { text: `  ${fit(stamp(t.lastVacuum, short), when)}${stamp(t.lastAnalyze, short)}` },
    ]);
  }
}

/** The scrolled part of the screen: outcome of the last step, then the report. */
export function healthLines(
  health: HealthScreenState,
  throughput: readonly ThroughputSample[],
  width: number,
  theme: Theme,
): LineSegments[] {
  const sym = symbols(theme);
  const lines: LineSegments[] = [];
  if (health.outcome) lines.push(...outcomeLines(health.outcome, width, theme));
  const report = health.report;
  if (health.error) {
    for (const text of wrap(`${statusGlyph(theme, 'fail')} could not read the health report: ${health.error}`, width))
      lines.push([{ text, tone: 'red' }]);
    if (report)
      lines.push(
        [{ text: `  (below: the report read at ${report.serverTime.slice(11, 19)})`, dim: true }],
        [{ text: ' ' }],
      );
  }
  if (!report) {
    if (!health.error)
      lines.push([{ text: `reading the partitions, the cache and the metrics${sym.ellipsis}`, dim: true }]);
    return lines;
  }
  if (report.unavailable) {
    for (const text of wrap(`${statusGlyph(theme, 'fail')} ${report.unavailable}`, width))
      lines.push([{ text, tone: 'red' }]);
    lines.push(
      [{ text: ' ' }],
      [
        {
          text: `${sym.arrow} press 4 for Remediate: its plan creates what the intended state holds; r reads this again.`,
          bold: true,
        },
      ],
    );
    if (report.partitions.length > 0) lines.push([{ text: ' ' }], ...partitionLines(report, width, theme));
    return lines;
  }
  if (report.partitioned.length > 0) lines.push(...partitionLines(report, width, theme), [{ text: ' ' }]);
  lines.push(...metricLines(report, throughput, width, theme));
  return lines;
}

/** Lines above the scrolled part: the title, and a confirmation or a running step. */
export function pinnedHeight(health: HealthScreenState, width: number, theme: Theme): number {
  return 1 + (health.confirm ? confirmLines(health.confirm.confirm, width, theme).length : health.running ? 1 : 0);
}

/** How far the report can scroll at this size. */
export function healthMaxScroll(
  health: HealthScreenState,
  throughput: readonly ThroughputSample[],
  width: number,
  height: number,
  theme: Theme,
): number {
  return Math.max(
    0,
    healthLines(health, throughput, width, theme).length - Math.max(1, height - pinnedHeight(health, width, theme)),
  );
}

export const Health = memo(function Health({ health, throughput, width, height }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  // A step waiting for a lock says so, as the CLI does.
  const waiting = useContext(LockWaitContext);
  const lines = healthLines(health, throughput, width, theme);
  const viewport = Math.max(1, height - pinnedHeight(health, width, theme));
  const top = Math.max(0, Math.min(health.scroll, lines.length - viewport));
  const position =
    lines.length > viewport ? `lines ${top + 1}-${Math.min(lines.length, top + viewport)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      <Line segments={titleSegments(health, position, theme)} width={width} />
      {health.confirm ? <ConfirmPrompt confirm={health.confirm.confirm} width={width} /> : null}
      {!health.confirm && health.running ? (
        <ProgressRow
          label=""
          text={
            waiting
              ? cutAtWord(`maintain ${health.running} ${sym.dot} ${waiting}`, width - 2, sym.ellipsis, 0)
              : `running: ${TASK_TITLES[health.running]}${sym.ellipsis}`
          }
          width={width}
        />
      ) : null}
      {lines.slice(top, top + viewport).map((segments, i) => (
        <Line key={top + i} segments={segments} width={width} />
      ))}
    </Box>
  );
});
