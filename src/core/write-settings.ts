/** How every write runs (timeouts, pooled endpoints, audit log, exports), and who may be written to. */
import { type Config, ConfigError, type DatabaseTarget } from './config.js';
import { isPooledHost } from './redact.js';

export interface RemediationSettings {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly allowPooled: boolean;
  readonly auditLog?: string | undefined;
  readonly exportDirectory?: string | undefined;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
export const DEFAULT_STEP_STATEMENT_TIMEOUT_MS = 60_000;

/**
 * Why a write (or its dry run, which takes the same locks) is refused in read-only mode, or null:
 * for the engineer who only came to look at production.
 */
export function readOnlyRefusal(config: Pick<Config, 'readOnly' | 'environment'>, what: string): string | null {
  if (!config.readOnly) return null;
  const where = config.environment?.readOnly ? `environment ${config.environment.name} is read-only` : '--read-only';
  return `refused: ${what} writes (its dry run takes the same locks), and ${where}: nothing was changed`;
}

export function requireIssoh(config: Config, command: string): DatabaseTarget {
  if (!config.issoh)
    throw new ConfigError(`${command} works on IS-SOH, where 0024 belongs: set DATABASE_URL (or --issoh-url)`);
  return config.issoh;
}

/**
 * Writes through PgBouncer in transaction mode break session state and hide who holds locks.
 * `otherwise`: the way past the refusal this face offers (the app has no --allow-pooled: it passes
 * its own words instead of rewording these).
 */
export function pooledRefusal(
  target: DatabaseTarget,
  settings: RemediationSettings,
  otherwise = ', or pass --allow-pooled',
): string | null {
  if (!target.pooled || settings.allowPooled) return null;
  if (!isPooledHost(target.host)) {
    return `refused: ${target.label} (${target.host}) is a pooled endpoint (pgbouncer=true): write through the direct URL (without the pooler and pgbouncer=true in ${target.source})${otherwise}`;
  }
  return `refused: ${target.label} (${target.host}) is a Neon pooled endpoint (-pooler): write through the direct host (drop "-pooler" from ${target.source})${otherwise}`;
}
