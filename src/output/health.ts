/** health's text: partitions, key metrics, indexes and tables, one line each. */
import type { HealthReport } from '../core/health.js';
import { count } from '../core/words.js';
import { glyph, paint, type Style } from './style.js';

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const bytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`);

export function renderHealth(report: HealthReport, style: Style): string {
  const lines = [
    paint(style, 'bold', `Health of ${report.database}`) + paint(style, 'gray', ` · ${report.serverTime}`),
  ];
  // Nothing to show: why is said once, on stderr (src/cli/health.ts).
  if (report.unavailable) return '';
  const partitioned = report.partitioned.map((t) => t.replace(/^public\./, '')).join(', ');
  if (partitioned) lines.push('', paint(style, 'bold', `Partitions of ${partitioned}`));
  for (const p of report.partitions)
    lines.push(
      `  ${p.name.padEnd(32)} ${p.bound.padEnd(34)} ~${String(p.estimatedRows).padStart(8)} ${p.estimatedRows === 1 ? 'row ' : 'rows'} ${bytes(p.sizeBytes).padStart(9)}`,
    );
  for (const f of report.coverage.filter((f) => f.status !== 'pass'))
    lines.push(`  ${glyph(style, f.status)} ${f.title}`);
  const h = report.health!;
  const m = h.metrics;
  if (m && h.cache)
    lines.push(
      '',
      paint(style, 'bold', `Key metrics (last ${count(m.windowMinutes, 'minute')})`),
      `  active syncs ${m.activeSyncs} · average speed ${m.avgSpeedActive ?? '—'} items/min (active, lifetime average) · completed ${m.completedInWindow}, average duration ${m.avgDurationSeconds === null ? '—' : `${m.avgDurationSeconds} s`}`,
      `  activity: ${count(m.logEntries, 'entry', 'entries')} · success rate ${percent(m.successRate)} · error rate ${percent(m.errorRate)}`,
      `  preview cache: ${h.cache.live} live, ${h.cache.expired} expired${h.cache.expired > 0 ? ' (maintain cache --yes deletes them)' : ''}`,
    );
  lines.push(
    '',
    paint(style, 'bold', 'Indexes'),
    ...h.indexes.map(
      (i) =>
        `  ${i.index.padEnd(40)} ${String(i.scans).padStart(8)} ${i.scans === 1 ? 'scan ' : 'scans'}${i.neverUsed ? paint(style, 'yellow', '  never used') : ''}`,
    ),
    '',
    // live and dead rows are the statistics' estimates (~); the size is measured
    paint(style, 'bold', 'Tables'),
    ...h.tables.map(
      (t) =>
        `  ${(t.partitionOf ? `  ${t.name}` : t.name).padEnd(34)} ${bytes(t.sizeBytes).padStart(9)} ~${String(t.liveTuples).padStart(8)} live ${String(t.deadTuples).padStart(6)} dead  vacuum ${t.lastVacuum?.slice(0, 16) ?? 'never'}  analyze ${t.lastAnalyze?.slice(0, 16) ?? 'never'}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
