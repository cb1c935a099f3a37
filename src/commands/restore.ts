/** restore: re-apply 0024 and load the rows a rollback exported. */

import { beginAttempt } from '../audit.js';
import type { Config, DatabaseKey, DatabaseTarget } from '../core/config.js';
import type { ExportManifest, ExportProgress } from '../core/export.js';
import type { AuditIO } from '../core/io.js';
import type { LockWait } from '../core/lock-wait.js';
import type { Manifest } from '../core/manifest.js';
import { type RestoreResult, rollbackTargets } from '../core/rollback.js';
import type { RemediationSettings } from '../core/write-settings.js';
import { readExportManifest, restore as restoreDatabase } from '../db/rollback.js';
import { stepOptions, writableDatabase } from '../db/session.js';
import { loadJson, loadSql } from '../sql.js';
import { rollbackTarget } from './rollback.js';

export interface RestoreOptions {
  /** the export directory a rollback wrote */
  readonly directory: string;
  /** default issoh: where 0024 belongs */
  readonly database?: DatabaseKey | undefined;
  readonly onProgress?: ((progress: ExportProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** told while a step waits for a lock (what, who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
  readonly io: AuditIO;
}

export interface RestoreRun {
  readonly target: DatabaseTarget;
  readonly result: RestoreResult;
  /** the audit log could not be written (the restore's outcome stands) */
  readonly auditError: Error | null;
}

/**
 * Why `directory` cannot be restored (missing, unfinished, not an export, a listed file missing),
 * or null: asked before anyone is asked to confirm. restore then proves every file's rows and
 * sha256, once, before any lock.
 */
export function restoreRefusal(directory: string): string | null {
  try {
    readExportManifest(directory);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What the export in `directory` holds (checked as restoreRefusal checks it): shown before the restore is confirmed. */
export const exportSummary = (directory: string): ExportManifest => readExportManifest(directory);

export async function restore(
  config: Config,
  settings: RemediationSettings,
  options: RestoreOptions,
): Promise<RestoreRun> {
  const target = rollbackTarget(config, options.database ?? 'issoh', 'restore');
  const db = writableDatabase(target, config, settings);
  // The intent, on disk before anything is locked: a run killed at any later point is still in the log.
  let attempt: ReturnType<typeof beginAttempt>;
  try {
    attempt = beginAttempt(options.io, settings.auditLog, target, {
      step: `restore ${options.directory}`,
      sql: loadSql('migrations/0024_sync_preview_progress_logs'),
      mode: 'apply',
      changes: `re-applies 0024 and loads the rows exported to ${options.directory}`,
      tables: [...rollbackTargets(loadJson<Manifest>('manifest.json')).tables],
    });
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  let result: RestoreResult;
  try {
    result = await restoreDatabase(db, options.directory, {
      ...stepOptions(settings, options.signal, options.onWaiting),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } catch (error) {
    attempt.finish({ outcome: 'failed', durationMs: 0, error: error instanceof Error ? error.message : String(error) });
    await db.close().catch(() => {});
    throw error;
  }
  // The outcome as soon as the transaction has ended, before anything else can fail or be killed.
  const auditError = attempt.finish(result);
  await db.close().catch(() => {});
  return { target, result, auditError };
}
