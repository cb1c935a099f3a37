/**
 * The one module that opens connections. Sessions are read-only unless a confirmed step asks
 * for a writable one; every session carries application_name and a statement_timeout so it can
 * be found in pg_stat_activity and cannot run away.
 */
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { describeDbError, isTransient } from './errors.js';

export const APPLICATION_NAME = 'mantis-sync-tui';
const READ_LOCK_TIMEOUT_MS = 5_000;

export interface SessionOptions {
  readonly readOnly: boolean;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** pool size; verify needs one connection, the app a few */
  readonly max?: number;
}

export interface Database {
  readonly target: DatabaseTarget;
  readonly pool: pg.Pool;
  readonly options: SessionOptions;
  /** queries sent so far (verify's target is one per database) */
  readonly queryCount: number;
  /** Query with retries for a compute waking up; errors come out as DbError. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  close(): Promise<void>;
}

/** Parses the URL ourselves so sslmode keeps libpq's meaning (require = encrypt, do not verify). */
function clientConfig(target: DatabaseTarget, options: SessionOptions): pg.PoolConfig {
  const url = new URL(target.url);
  const sslmode = url.searchParams.get('sslmode') ?? 'prefer-plain';
  const ssl: pg.PoolConfig['ssl'] =
    sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer-plain' || sslmode === 'prefer'
      ? false
      : sslmode === 'verify-full' || sslmode === 'verify-ca'
        ? { rejectUnauthorized: true }
        : { rejectUnauthorized: false };
  const startup: string[] = [];
  // Reads never queue behind a migration's locks for long: they fail fast and say so.
  if (options.readOnly) startup.push('-c default_transaction_read_only=on', `-c lock_timeout=${READ_LOCK_TIMEOUT_MS}`);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    ssl,
    enableChannelBinding: url.searchParams.get('channel_binding') === 'require',
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    // PgBouncer (Neon's -pooler) refuses unknown startup parameters; read-only is then enforced per transaction.
    ...(startup.length > 0 && !target.pooled ? { options: startup.join(' ') } : {}),
    max: options.max ?? 2,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  };
}

export function openDatabase(target: DatabaseTarget, options: SessionOptions): Database {
  const pool = new pg.Pool(clientConfig(target, options));
  // An idle client errors when the server restarts; without a handler that would crash the process.
  pool.on('error', () => {});
  const describe = (error: unknown) => describeDbError(error, target, options.connectTimeoutMs);
  let queryCount = 0;
  return {
    target,
    pool,
    options,
    get queryCount() {
      return queryCount;
    },
    async query(text, values) {
      queryCount++;
      try {
        return await withRetry(() => pool.query(text, values));
      } catch (error) {
        throw describe(error);
      }
    },
    async close() {
      await pool.end().catch(() => {});
    },
  };
}

const RETRY_DELAYS_MS = [300, 1000, 2500];

export async function withRetry<T>(operation: () => Promise<T>, delays: readonly number[] = RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
