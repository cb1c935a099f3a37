/** rollback and restore: undo 0024 without losing a row, and put it back from an export. */

import { type Attempt, recordAttempt } from '../audit.js';
import { type Config, ConfigError, type DatabaseTarget } from '../core/config.js';
import type { ExportProgress } from '../core/export.js';
import type { RestoreResult, RollbackResult } from '../core/rollback.js';
import { restore, rollback } from '../db/rollback.js';
import { renderRestore, renderRollback } from '../output/rollback.js';
import { detectStyle } from '../output/style.js';
import { loadSql } from '../sql.js';
import { type CommandIO, EXIT, fileStamp } from './io.js';
import { pooledRefusal, type RemediationSettings, stepOptions, writableDatabase } from './remediate.js';
import { defaultDependencies } from './verify.js';

export interface RollbackCommandOptions {
  readonly database: 'issoh' | 'spp';
  readonly dryRun: boolean;
  readonly confirm?: string | undefined;
  readonly discardData: boolean;
  readonly allowCascade: readonly string[];
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

const EXIT_OF: Record<RollbackResult['outcome'] | RestoreResult['outcome'], number> = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  refused: EXIT.refused,
  'rolled-back': EXIT.findings,
  failed: EXIT.database,
  // the export directory cannot be made or filled: a bad --export-dir, found before anything was locked
  'unusable-export': EXIT.usage,
  interrupted: 130,
};

function targetOf(config: Config, database: 'issoh' | 'spp'): DatabaseTarget {
  const target = config[database];
  if (!target) {
    throw new ConfigError(
      database === 'issoh'
        ? 'rollback works on IS-SOH by default: set DATABASE_URL (or --issoh-url), or pass --database spp'
        : 'no SPP URL: set NEON_SPP_DATABASE_URL (or --spp-url)',
    );
  }
  return target;
}

/** Severe: the database name, typed or given with --confirm, and nothing else. */
async function confirmName(
  target: DatabaseTarget,
  action: string,
  options: Pick<RollbackCommandOptions, 'confirm' | 'prompt'>,
): Promise<true | string> {
  if (options.confirm !== undefined) {
    return options.confirm === target.database
      ? true
      : `refused: --confirm=${options.confirm} does not name the database (${target.database}); nothing was changed`;
  }
  if (!options.prompt)
    return `refused: ${action} is severe: pass --confirm=${target.database} (stdin is not a terminal to type it); nothing was changed`;
  const typed = await options.prompt(
    `${action} on ${target.label} ${target.host}/${target.database}. Type the database name to go on: `,
  );
  return typed.trim() === target.database ? true : 'not confirmed: nothing was changed';
}

export async function runRollbackCommand(
  config: Config,
  settings: RemediationSettings,
  options: RollbackCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = targetOf(config, options.database);
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  if (!options.dryRun) {
    const action = options.discardData
      ? 'Rolling back 0024 WITHOUT exporting its rows (--discard-data)'
      : 'Rolling back 0024';
    const confirmed = await confirmName(target, action, options);
    if (confirmed !== true) {
      io.stderr(`mantis-sync-tui: ${confirmed}\n`);
      return EXIT.refused;
    }
  }
  const deps = defaultDependencies(io.now);
  const stamp = fileStamp(io.now());
  const exportDirectory = settings.exportDirectory ?? `mantis-rollback-${target.database}-${stamp}`;
  const db = writableDatabase(target, config, settings);
  let result: RollbackResult;
  try {
    result = await rollback(db, deps, {
      dryRun: options.dryRun,
      exportDirectory,
      discardData: options.discardData,
      allowCascade: options.allowCascade,
      ...progressReporter('exporting', io),
      ...stepOptions(settings, options.signal),
    });
  } finally {
    await db.close();
  }
  recordAttempt(io, settings.auditLog, target, rollbackAttempt(result, options.discardData, options.dryRun));
  if (options.json) io.stdout(`${JSON.stringify({ database: target.redactedUrl, ...result }, null, 2)}\n`);
  else
    io.stdout(
      renderRollback(target, result, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })),
    );
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  return EXIT_OF[result.outcome];
}

/**
 * On a terminal, a line on stderr that keeps saying how far a big export or restore has got:
 * rows done of the total, the rate, and the time left at that rate.
 */
function progressReporter(verb: string, io: CommandIO): { onProgress?: (progress: ExportProgress) => void } {
  if (!io.stdoutIsTTY) return {};
  let table = '';
  let started = 0;
  return {
    onProgress({ table: current, rows, totalRows }) {
      const now = io.now().getTime();
      if (current !== table) {
        table = current;
        started = now;
      }
      const rate = now > started ? (rows * 1000) / (now - started) : 0;
      const left = rate > 0 ? Math.ceil((totalRows - rows) / rate) : null;
      const done = rows >= totalRows;
      io.stderr(
        `\r  ${verb} ${current}: ${rows.toLocaleString('en')} of ${totalRows.toLocaleString('en')} ${totalRows === 1 ? 'row' : 'rows'}${rate > 0 ? ` · ${Math.round(rate).toLocaleString('en')} rows/s` : ''}${!done && left !== null ? ` · ${left} s left` : ''}\u001b[K${done ? '\n' : ''}`,
      );
    },
  };
}

/** The audit entry of a rollback, the same from the command line and from the app. */
export const rollbackAttempt = (result: RollbackResult, discardData: boolean, dryRun: boolean): Attempt => ({
  step: discardData ? 'rollback-0024 (discard data)' : 'rollback-0024',
  sql: loadSql('rollback/0024_rollback'),
  mode: dryRun ? 'dry-run' : 'apply',
  outcome: result.outcome,
  durationMs: result.durationMs,
  error: result.error,
});

/** The audit entry of a restore, the same from the command line and from the app. */
export const restoreAttempt = (directory: string, result: RestoreResult): Attempt => ({
  step: `restore ${directory}`,
  sql: loadSql('migrations/0024_sync_preview_progress_logs'),
  mode: 'apply',
  outcome: result.outcome,
  durationMs: result.durationMs,
  error: result.error,
});

export interface RestoreCommandOptions {
  readonly directory: string;
  readonly yes: boolean;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

export async function runRestoreCommand(
  config: Config,
  settings: RemediationSettings,
  options: RestoreCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = targetOf(config, 'issoh');
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  if (!options.yes) {
    if (!options.prompt) {
      io.stderr(
        'mantis-sync-tui: refused: restore writes to the database and nobody can confirm here (stdin is not a terminal): pass --yes\n',
      );
      return EXIT.refused;
    }
    const answer = await options.prompt(
      `Re-apply 0024 on ${target.label} ${target.host}/${target.database} and load the rows from ${options.directory}? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stderr('mantis-sync-tui: not confirmed: nothing was changed\n');
      return EXIT.refused;
    }
  }
  const db = writableDatabase(target, config, settings);
  let result: RestoreResult;
  try {
    result = await restore(db, options.directory, {
      ...stepOptions(settings, options.signal),
      ...progressReporter('restoring', io),
    });
  } finally {
    await db.close();
  }
  recordAttempt(io, settings.auditLog, target, restoreAttempt(options.directory, result));
  if (options.json) io.stdout(`${JSON.stringify({ database: target.redactedUrl, ...result }, null, 2)}\n`);
  else io.stdout(renderRestore(result, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })));
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  return EXIT_OF[result.outcome];
}
