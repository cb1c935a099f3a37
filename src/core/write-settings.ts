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
 * Why test-rls is not refused through a pooler, as both faces say it: the whole proof is one
 * transaction that rolls back, and a transaction is what transaction pooling keeps on one connection.
 */
export const POOLED_RLS_TEST = 'one transaction, rolled back, is what transaction pooling keeps';

/** pgbouncer=true among the URL's parameters (how config.ts reads it). */
function saysPgbouncer(url: string): boolean {
  try {
    return new URL(url).searchParams.get('pgbouncer') === 'true';
  } catch {
    return false;
  }
}

/** Why a target is pooled, and what to change in its URL for the direct path; null when it is direct. */
export function pooledFix(target: DatabaseTarget): { readonly why: string; readonly change: string } | null {
  if (!target.pooled) return null;
  if (!isPooledHost(target.host))
    return {
      why: 'a pooled endpoint (pgbouncer=true)',
      change: `drop the pooler and pgbouncer=true from ${target.source}`,
    };
  // A -pooler host with pgbouncer=true as well: dropping "-pooler" alone leaves a URL that still says pooled.
  if (saysPgbouncer(target.url))
    return {
      why: 'a Neon pooled endpoint (-pooler, pgbouncer=true)',
      change: `drop "-pooler" and pgbouncer=true from ${target.source}`,
    };
  return { why: 'a Neon pooled endpoint (-pooler)', change: `drop "-pooler" from ${target.source}` };
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
  const pooled = settings.allowPooled ? null : pooledFix(target);
  if (!pooled) return null;
  const direct = isPooledHost(target.host)
    ? `write through the direct host (${pooled.change})`
    : `write through the direct URL (without the pooler and pgbouncer=true in ${target.source})`;
  return `refused: ${target.label} (${target.host}) is ${pooled.why}: ${direct}${otherwise}`;
}
