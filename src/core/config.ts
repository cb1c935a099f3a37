/** The configuration both faces work from: the databases to reach and the timeouts (src/config.ts builds it). */
export type DatabaseKey = 'issoh' | 'spp';

/** The name each database goes by on screen and in messages (seed 000). */
export type DatabaseLabel = 'IS-SOH' | 'SPP';
export const DATABASE_LABELS: Readonly<Record<DatabaseKey, DatabaseLabel>> = { issoh: 'IS-SOH', spp: 'SPP' };

export interface DatabaseTarget {
  readonly key: DatabaseKey;
  /** the name shown in the UI */
  readonly label: DatabaseLabel;
  readonly url: string;
  /** where the URL came from: a flag or an env name, for messages */
  readonly source: string;
  readonly redactedUrl: string;
  readonly host: string;
  readonly database: string;
  /** a pooler in transaction mode: a -pooler host, or pgbouncer=true in the URL */
  readonly pooled: boolean;
}

export interface Config {
  readonly issoh: DatabaseTarget | null;
  readonly spp: DatabaseTarget | null;
  /** databases that have no URL, with the names that would have given one */
  readonly missing: ReadonlyArray<{ key: DatabaseKey; label: string; settings: string }>;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** the role the application connects as (--as): verify judges whether RLS applies to it, test-rls probes as it */
  readonly appRole?: string | null;
  /** the named environment (--env) these databases are, from mantis-sync-tui.json; absent without one */
  readonly environment?: { readonly name: string; readonly production: boolean; readonly readOnly: boolean };
  /** --read-only, or an environment marked "readOnly": every write refused, dry runs included */
  readonly readOnly?: boolean;
}

/** A mistake in the flags or the environment, found before any socket is opened (exit 2). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
