/** maintain (partitions, archive, cache) and health: seed 004's maintenance and key metrics. */

import { type Attempt, recordAttempt } from '../audit.js';
import { runChecks } from '../core/checks/index.js';
import { describeBound, parseBound } from '../core/checks/partitions.js';
import type { Config } from '../core/config.js';
import type { HealthReport } from '../core/health.js';
import { ACTIVITY_LOG, type MaintenanceResult } from '../core/maintenance.js';
import { count } from '../core/words.js';
import { openDatabase } from '../db/connect.js';
import { readHealth } from '../db/health.js';
import { introspect } from '../db/introspect.js';
import { archivePartitions, cleanupCache, maintainPartitions } from '../db/maintenance.js';
import { detectStyle, glyph, paint, type Style } from '../output/style.js';
import { type CommandIO, EXIT, fileStamp } from './io.js';
import { pooledRefusal, type RemediationSettings, requireIssoh, stepOptions, writableDatabase } from './remediate.js';
import { defaultDependencies } from './verify.js';

export type MaintainTask = 'partitions' | 'archive' | 'cache';

export interface MaintainOptions {
  readonly task: MaintainTask;
  readonly ahead: number;
  readonly olderThanMonths: number;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly confirm?: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

const OUTCOME_EXIT: Record<MaintenanceResult<unknown>['outcome'], number> = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  'nothing-to-do': EXIT.ok,
  refused: EXIT.refused,
  failed: EXIT.database,
  interrupted: 130,
};

const TITLES: Record<MaintainTask, string> = {
  partitions: 'create monthly partitions ahead (moving rows out of the catch-all)',
  archive: 'archive old partitions (export, detach, rename *_archived)',
  cache: 'delete expired preview cache entries (auto_cleanup_preview_cache())',
};

/** The audit entry of a maintenance step, the same from the command line and from the Health screen. */
export const maintenanceAttempt = (
  task: MaintainTask,
  ahead: number,
  olderThanMonths: number,
  dryRun: boolean,
  result: Pick<MaintenanceResult<unknown>, 'outcome' | 'durationMs' | 'error'>,
): Attempt => ({
  step: `maintain ${task}`,
  sql: `${task}:${ahead}:${olderThanMonths}`,
  mode: dryRun ? 'dry-run' : 'apply',
  outcome: result.outcome,
  durationMs: result.durationMs,
  error: result.error,
});

export async function runMaintainCommand(
  config: Config,
  settings: RemediationSettings,
  options: MaintainOptions,
  io: CommandIO,
): Promise<number> {
  const target = requireIssoh(config, 'maintain');
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  if (!options.dryRun) {
    // Archiving takes partitions out of the log: severe, the database name. The others: y/N or --yes.
    if (options.task === 'archive') {
      if (options.confirm !== target.database) {
        const typed =
          options.confirm === undefined && options.prompt
            ? (await options.prompt(`Archive partitions of ${target.database}? Type its name: `)).trim()
            : options.confirm;
        if (typed !== target.database) {
          io.stderr(
            `mantis-sync-tui: refused: archiving is severe: pass --confirm=${target.database}; nothing was changed\n`,
          );
          return EXIT.refused;
        }
      }
    } else if (!options.yes) {
      const answer = options.prompt
        ? await options.prompt(`${TITLES[options.task]} on ${target.database}? [y/N] `)
        : null;
      if (answer === null || !/^y(es)?$/i.test(answer.trim())) {
        io.stderr(
          `mantis-sync-tui: ${answer === null ? 'refused: pass --yes (stdin is not a terminal)' : 'not confirmed'}; nothing was changed\n`,
        );
        return EXIT.refused;
      }
    }
  }
  const db = writableDatabase(target, config, settings);
  const tx = { ...stepOptions(settings, options.signal), dryRun: options.dryRun };
  const stamp = fileStamp(io.now());
  let result: MaintenanceResult<unknown>;
  let text: string;
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  try {
    if (options.task === 'partitions') {
      const r = await maintainPartitions(db, options.ahead, tx);
      result = r;
      text = r.value
        ? [
            `create: ${r.value.plan.create.map((m) => m.name).join(', ')}`,
            r.value.plan.newCatchAllFrom
              ? `catch-all ${r.value.plan.catchAll?.name} now FROM ${r.value.plan.newCatchAllFrom.slice(0, 10)} TO MAXVALUE; ${count(r.value.moved, 'row')} moved into their months`
              : '',
            ...r.value.rowsAfter
              .filter((p) => p.rows > 0)
              .map(
                (p) => `  ${p.partition.padEnd(32)} ${String(p.rows).padStart(10)} ${p.rows === 1 ? 'row ' : 'rows'}`,
              ),
          ]
            .filter(Boolean)
            .join('\n')
        : '';
    } else if (options.task === 'archive') {
      const r = await archivePartitions(
        db,
        options.olderThanMonths,
        settings.exportDirectory ?? `mantis-archive-${target.database}-${stamp}`,
        tx,
      );
      result = r;
      text = r.value
        ? [
            `exported to ${r.value.exported.directory}:`,
            ...r.value.archived.map((a) => `  ${a.partition} → ${a.archivedAs} (${count(a.rows, 'row')})`),
          ].join('\n')
        : '';
    } else {
      const r = await cleanupCache(db, tx);
      result = r;
      text = r.value
        ? `preview cache: ${r.value.before.live} live, ${r.value.before.expired} expired; deleted ${r.value.deleted}`
        : '';
    }
  } finally {
    await db.close();
  }
  recordAttempt(
    io,
    settings.auditLog,
    target,
    maintenanceAttempt(options.task, options.ahead, options.olderThanMonths, options.dryRun, result),
  );
  if (options.json) {
    io.stdout(`${JSON.stringify({ database: target.redactedUrl, task: options.task, ...result }, null, 2)}\n`);
  } else {
    const verdict =
      result.outcome === 'committed'
        ? `${glyph(style, 'pass')} done in ${result.durationMs} ms`
        : result.outcome === 'dry-run'
          ? `${glyph(style, 'pass')} dry run: done, checked and rolled back (${result.durationMs} ms); nothing was changed`
          : result.outcome === 'nothing-to-do'
            ? `${glyph(style, 'pass')} nothing to do`
            : `${glyph(style, 'fail')} ${result.outcome}: ${result.error ?? ''}`;
    io.stdout(
      `${paint(style, 'bold', `maintain ${options.task}`)}: ${TITLES[options.task]}\n${text ? `${text}\n` : ''}${verdict}\n`,
    );
  }
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  return OUTCOME_EXIT[result.outcome];
}

// ── health ──────────────────────────────────────────────────────────────────────────────────

export async function collectHealth(config: Config, windowMinutes: number): Promise<HealthReport> {
  const target = requireIssoh(config, 'health');
  const db = openDatabase(target, {
    readOnly: true,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    max: 1,
  });
  try {
    const snapshot = await introspect(db);
    const deps = defaultDependencies();
    const findings = runChecks({ manifest: deps.manifest, templates: deps.templates, issoh: snapshot, spp: null });
    const partitions = snapshot.relations
      .filter((r) => r.partitionOf === ACTIVITY_LOG)
      .map((r) => {
        const bound = parseBound(r.partitionBound);
        return {
          name: r.name,
          bound: bound ? describeBound(bound) : String(r.partitionBound),
          estimatedRows: Math.max(r.estimatedRows, 0),
          sizeBytes: r.sizeBytes,
        };
      });
    const ready = ['public.sync_progress', 'public.sync_activity_log', 'public.sync_preview_cache'].every((t) =>
      snapshot.relations.some((r) => `${r.schema}.${r.name}` === t),
    );
    return {
      database: target.redactedUrl,
      serverTime: snapshot.server.now,
      partitions,
      coverage: findings.filter((f) => f.group === 'partitions'),
      health: ready ? await readHealth(db, windowMinutes) : null,
      unavailable: ready ? null : 'the 0024 tables do not exist here: apply 0024 first (mantis-sync-tui apply)',
    };
  } finally {
    await db.close();
  }
}

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const bytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`);

export function renderHealth(report: HealthReport, style: Style): string {
  const lines = [
    paint(style, 'bold', `Health of ${report.database}`) + paint(style, 'gray', ` · ${report.serverTime}`),
  ];
  if (report.unavailable) return `${lines[0]}\n${report.unavailable}\n`;
  lines.push('', paint(style, 'bold', 'Partitions of sync_activity_log'));
  for (const p of report.partitions)
    lines.push(
      `  ${p.name.padEnd(32)} ${p.bound.padEnd(34)} ~${String(p.estimatedRows).padStart(8)} ${p.estimatedRows === 1 ? 'row ' : 'rows'} ${bytes(p.sizeBytes).padStart(9)}`,
    );
  for (const f of report.coverage.filter((f) => f.status !== 'pass'))
    lines.push(`  ${glyph(style, f.status)} ${f.title}`);
  const h = report.health!;
  const m = h.metrics;
  lines.push(
    '',
    paint(style, 'bold', `Key metrics (last ${count(m.windowMinutes, 'minute')})`),
    `  active syncs ${m.activeSyncs} · average speed ${m.avgSpeedActive ?? '—'} items/min (active, lifetime average) · completed ${m.completedInWindow}, average duration ${m.avgDurationSeconds === null ? '—' : `${m.avgDurationSeconds} s`}`,
    `  activity: ${count(m.logEntries, 'entry', 'entries')} · success rate ${percent(m.successRate)} · error rate ${percent(m.errorRate)}`,
    `  preview cache: ${h.cache.live} live, ${h.cache.expired} expired${h.cache.expired > 0 ? ' (maintain cache --yes deletes them)' : ''}`,
    '',
    paint(style, 'bold', 'Indexes'),
    ...h.indexes.map(
      (i) =>
        `  ${i.index.padEnd(40)} ${String(i.scans).padStart(8)} ${i.scans === 1 ? 'scan ' : 'scans'}${i.neverUsed ? paint(style, 'yellow', '  never used') : ''}`,
    ),
    '',
    paint(style, 'bold', 'Tables'),
    ...h.tables.map(
      (t) =>
        `  ${(t.partitionOf ? `  ${t.name}` : t.name).padEnd(34)} ${bytes(t.sizeBytes).padStart(9)} ${String(t.liveTuples).padStart(8)} live ${String(t.deadTuples).padStart(6)} dead  vacuum ${t.lastVacuum?.slice(0, 16) ?? 'never'}  analyze ${t.lastAnalyze?.slice(0, 16) ?? 'never'}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

export async function runHealthCommand(
  config: Config,
  options: { json: boolean; windowMinutes: number; noColor: boolean },
  io: CommandIO,
): Promise<number> {
  const report = await collectHealth(config, options.windowMinutes);
  if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderHealth(report, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })));
  if (report.unavailable) io.stderr(`mantis-sync-tui: ${report.unavailable}\n`);
  return report.unavailable ? EXIT.findings : EXIT.ok;
}
