/**
 * maintain (partitions, archive, cache): seed 004's maintenance, each task one transaction with
 * lock_timeout and statement_timeout, audited here for both faces (the Health screen's too).
 */

import { beginAttempt } from '../audit.js';
import type { Config, DatabaseTarget } from '../core/config.js';
import { type AuditIO, fileStamp, safePathComponent } from '../core/io.js';
import type { LockWait } from '../core/lock-wait.js';
import type { MaintainOutcome, MaintainTask } from '../core/maintenance.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import { archivePartitions, cleanupCache, maintainPartitions } from '../db/maintenance.js';
import { stepOptions, writableDatabase } from '../db/session.js';

export interface MaintainOptions {
  readonly task: MaintainTask;
  /** partitions: months after the current one to cover */
  readonly ahead: number;
  /** archive: partitions whose month ended before this many months ago */
  readonly olderThanMonths: number;
  readonly dryRun: boolean;
  /** archive: default --export-dir, or ./mantis-archive-<database>-<time> */
  readonly exportDirectory?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** told while a step waits for a lock (what, who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
  readonly io: AuditIO;
}

export type MaintainRun = MaintainOutcome & {
  readonly target: DatabaseTarget;
  /** the audit log could not be written (the task's outcome stands) */
  readonly auditError: Error | null;
};

export async function maintain(
  config: Config,
  settings: RemediationSettings,
  options: MaintainOptions,
): Promise<MaintainRun> {
  const target = requireIssoh(config, 'maintain');
  const exportDirectory =
    options.exportDirectory ??
    settings.exportDirectory ??
    `mantis-archive-${safePathComponent(target.database)}-${fileStamp(options.io.now())}`;
  const db = writableDatabase(target, config, settings);
  // The intent, on disk before anything is locked: a run killed at any later point is still in the log.
  let attempt: ReturnType<typeof beginAttempt>;
  try {
    attempt = beginAttempt(options.io, settings.auditLog, target, {
      step: `maintain ${options.task}`,
      sql: `${options.task}:${options.ahead}:${options.olderThanMonths}`,
      mode: options.dryRun ? 'dry-run' : 'apply',
      changes: options.dryRun
        ? `nothing: maintain ${options.task} runs and is rolled back`
        : TASK_CHANGES[options.task](options, exportDirectory),
      tables: [options.task === 'cache' ? 'public.sync_preview_cache' : 'public.sync_activity_log'],
      exportDirectory: options.task === 'archive' && !options.dryRun ? exportDirectory : null,
    });
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  const tx = { ...stepOptions(settings, options.signal, options.onWaiting), dryRun: options.dryRun };
  let outcome: MaintainOutcome;
  try {
    if (options.task === 'partitions') {
      outcome = { task: 'partitions', result: await maintainPartitions(db, options.ahead, tx) };
    } else if (options.task === 'archive') {
      outcome = {
        task: 'archive',
        result: await archivePartitions(db, options.olderThanMonths, exportDirectory, tx),
      };
    } else {
      outcome = { task: 'cache', result: await cleanupCache(db, tx) };
    }
  } catch (error) {
    // What the task could not even start is an attempt too.
    attempt.finish({ outcome: 'failed', durationMs: 0, error: error instanceof Error ? error.message : String(error) });
    await db.close().catch(() => {});
    throw error;
  }
  // The outcome as soon as the transaction has ended, before anything else can fail or be killed.
  const auditError = attempt.finish(outcome.result);
  await db.close().catch(() => {});
  return { ...outcome, target, auditError };
}

/** What each task changes, for its intent line. */
const TASK_CHANGES: Readonly<Record<MaintainTask, (options: MaintainOptions, exportDirectory: string) => string>> = {
  partitions: (options) => `creates the monthly partitions of public.sync_activity_log ${options.ahead} months ahead`,
  archive: (options, exportDirectory) =>
    `detaches the partitions of public.sync_activity_log older than ${options.olderThanMonths} months, their rows exported first to ${exportDirectory}`,
  cache: () => 'deletes the expired rows of public.sync_preview_cache',
};
