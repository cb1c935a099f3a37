/**
 * maintain (partitions, archive, cache): seed 004's maintenance, each task one transaction with
 * lock_timeout and statement_timeout, audited here for both faces (the Health screen's too).
 */
import { auditAttempt, refuseWithoutAuditLog } from '../audit.js';
import type { Config, DatabaseTarget } from '../core/config.js';
import { type AuditIO, fileStamp } from '../core/io.js';
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
  const audit = (result: MaintainOutcome['result']) =>
    auditAttempt(options.io, settings.auditLog, target, {
      step: `maintain ${options.task}`,
      sql: `${options.task}:${options.ahead}:${options.olderThanMonths}`,
      mode: options.dryRun ? 'dry-run' : 'apply',
      outcome: result.outcome,
      durationMs: result.durationMs,
      error: result.error,
    });
  refuseWithoutAuditLog(options.io, settings.auditLog);
  const db = writableDatabase(target, config, settings);
  const tx = { ...stepOptions(settings, options.signal), dryRun: options.dryRun };
  let outcome: MaintainOutcome;
  try {
    if (options.task === 'partitions') {
      outcome = { task: 'partitions', result: await maintainPartitions(db, options.ahead, tx) };
    } else if (options.task === 'archive') {
      const exportDirectory =
        options.exportDirectory ??
        settings.exportDirectory ??
        `mantis-archive-${target.database}-${fileStamp(options.io.now())}`;
      outcome = {
        task: 'archive',
        result: await archivePartitions(db, options.olderThanMonths, exportDirectory, tx),
      };
    } else {
      outcome = { task: 'cache', result: await cleanupCache(db, tx) };
    }
  } catch (error) {
    // What the task could not even start is an attempt too.
    audit({
      outcome: 'failed',
      value: null,
      durationMs: 0,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    await db.close().catch(() => {});
  }
  return { ...outcome, target, auditError: audit(outcome.result) };
}
