/** rollback: undo 0024 (seed 001's rollback) without losing a row: every row is exported first. */

import { beginAttempt } from '../audit.js';
import { type Config, ConfigError, type DatabaseKey, type DatabaseTarget } from '../core/config.js';
import type { ContractImpact } from '../core/contract.js';
import type { ExportProgress } from '../core/export.js';
import { type AuditIO, fileStamp, safePathComponent } from '../core/io.js';
import type { LockWait } from '../core/lock-wait.js';
import { type RollbackResult, rollbackStatements, rollbackTargets } from '../core/rollback.js';
import type { RemediationSettings } from '../core/write-settings.js';
import { rollback as rollbackDatabase } from '../db/rollback.js';
import { stepOptions, writableDatabase } from '../db/session.js';
import { loadSql } from '../sql.js';
import { contractProbes, type VerifyContract } from './contract.js';
import { defaultDependencies, type VerifyDependencies } from './verify.js';

export interface RollbackOptions {
  readonly database: DatabaseKey;
  readonly dryRun: boolean;
  /** skip the export (the caller has had the database name typed) */
  readonly discardData: boolean;
  /** objects outside 0024 that CASCADE may drop, named by the operator */
  readonly allowCascade: readonly string[];
  /** default: --export-dir, or ./mantis-rollback-<database>-<time> */
  readonly exportDirectory?: string | undefined;
  readonly deps?: VerifyDependencies | undefined;
  readonly onProgress?: ((progress: ExportProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** told while a step waits for a lock (what, who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
  readonly io: AuditIO;
  /** the application's statements: checked inside the rollback's transaction, before and after the drop */
  readonly contract?: VerifyContract | undefined;
}

export interface RollbackRun {
  readonly target: DatabaseTarget;
  readonly exportDirectory: string;
  readonly result: RollbackResult;
  /** the audit log could not be written (the rollback's outcome stands) */
  readonly auditError: Error | null;
  /** what the rollback does to the application's statements (with a contract) */
  readonly impact: ContractImpact | null;
  readonly impactError: string | null;
}

/** The database a rollback or restore works on; `command` names it in the message when its URL is missing. */
export function rollbackTarget(
  config: Config,
  database: DatabaseKey,
  command: 'rollback' | 'restore' = 'rollback',
): DatabaseTarget {
  const target = config[database];
  if (!target) {
    throw new ConfigError(
      database === 'spp'
        ? 'no SPP URL: set NEON_SPP_DATABASE_URL (or --spp-url)'
        : command === 'restore'
          ? 'restore works on IS-SOH, where 0024 belongs: set DATABASE_URL (or --issoh-url)'
          : 'rollback works on IS-SOH by default: set DATABASE_URL (or --issoh-url), or pass --database spp',
    );
  }
  return target;
}

export async function rollback(
  config: Config,
  settings: RemediationSettings,
  options: RollbackOptions,
): Promise<RollbackRun> {
  const target = rollbackTarget(config, options.database);
  const exportDirectory =
    options.exportDirectory ??
    settings.exportDirectory ??
    `mantis-rollback-${safePathComponent(target.database)}-${fileStamp(options.io.now())}`;
  const exporting = !options.dryRun && !options.discardData;
  const deps = options.deps ?? defaultDependencies(options.io.now);
  const set = deps.manifest.migrations;
  const what = set ? `what ${set.directory} creates` : '0024';
  const db = writableDatabase(target, config, settings);
  // The intent, on disk before anything is locked: a run killed at any later point is still in the log.
  let attempt: ReturnType<typeof beginAttempt>;
  try {
    attempt = beginAttempt(options.io, settings.auditLog, target, {
      step: `${set ? 'rollback-migrations' : 'rollback-0024'}${options.discardData ? ' (discard data)' : ''}`,
      sql: rollbackStatements(deps.manifest, loadSql('rollback/0024_rollback'))
        .map((s) => s.statement)
        .join('\n'),
      mode: options.dryRun ? 'dry-run' : 'apply',
      changes: options.dryRun
        ? `nothing: the rollback of ${what} runs, is checked and rolled back`
        : `drops ${what} (its tables, enums, functions, triggers and policies)${exporting ? `, its rows exported first to ${exportDirectory}` : ', its rows NOT exported (--discard-data)'}`,
      tables: [...rollbackTargets(deps.manifest).tables],
      exportDirectory: exporting ? exportDirectory : null,
    });
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  const probes = options.contract ? contractProbes<'before' | 'after'>(options.contract) : null;
  let result: RollbackResult;
  try {
    result = await rollbackDatabase(db, deps, {
      dryRun: options.dryRun,
      exportDirectory,
      discardData: options.discardData,
      allowCascade: options.allowCascade,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...stepOptions(settings, options.signal, options.onWaiting),
      observe: probes?.observe,
    });
  } catch (error) {
    // What the rollback could not even start is an attempt too.
    attempt.finish({ outcome: 'failed', durationMs: 0, error: error instanceof Error ? error.message : String(error) });
    await db.close().catch(() => {});
    throw error;
  }
  // The outcome as soon as the transaction has ended, before anything else can fail or be killed.
  const auditError = attempt.finish(result);
  await db.close().catch(() => {});
  const impact = probes
    ? probes.impact('before', [{ stepId: 'rollback-0024', point: 'after' }])
    : { impact: null, impactError: null };
  return { target, exportDirectory, result, auditError, ...impact };
}
