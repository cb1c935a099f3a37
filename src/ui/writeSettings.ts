/**
 * What the Remediate and Rollback screens share: the database a write goes to, the settings the
 * app writes with (the executor's defaults; the app has no --allow-pooled), and the refusal of
 * writes through a Neon pooled (-pooler) URL, in pooledRefusal's words.
 */

import type { DatabaseLabel, DatabaseTarget } from '../core/config.js';
import {
  DEFAULT_LOCK_TIMEOUT_MS,
  DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
  pooledFix,
  pooledRefusal,
  type RemediationSettings,
} from '../core/write-settings.js';

/** The database a write goes to, as the screens name it. */
export interface WriteTarget {
  readonly label: DatabaseLabel;
  readonly host: string;
  readonly database: string;
}

/** What a person may set for the app's writes (flags, or a test). */
export interface WriteSettings {
  readonly lockTimeoutMs?: number | undefined;
  readonly statementTimeoutMs?: number | undefined;
  readonly auditLog?: string | undefined;
}

/** The settings every write of the app uses. Never allowPooled: the app does not write through PgBouncer. */
export function appSettings(given: WriteSettings = {}): RemediationSettings {
  return {
    lockTimeoutMs: given.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    statementTimeoutMs: given.statementTimeoutMs ?? DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
    allowPooled: false,
    auditLog: given.auditLog,
  };
}

/** Why the app refuses to write to this database, or null. */
export function writeRefusal(target: DatabaseTarget): string | null {
  // The app has no --allow-pooled: the way through the pooler is the headless command, on purpose.
  return pooledRefusal(
    target,
    appSettings(),
    '; the app never writes through a pooler (headless: apply --allow-pooled)',
  );
}

/**
 * The refusal in one line of 100 columns, for the message line when a key is refused: the fix
 * whole (the host and the rest are in the notice on the screen).
 */
export function shortWriteRefusal(target: DatabaseTarget): string | null {
  const pooled = writeRefusal(target) ? pooledFix(target) : null;
  return pooled ? `refused: ${target.label} is pooled: ${pooled.change} to write directly` : null;
}
