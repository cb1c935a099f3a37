/**
 * The one module that opens connections. No guarantee rests on a startup parameter (a pooler
 * refuses them, Neon's proxy may drop them): every read is one message that opens its own
 * read-only transaction and sets its lock and statement timeouts in-band (sql/catalog/read_begin),
 * and writes go through db/transaction, which does the same for a read-write step. The startup
 * packet carries only user, database and application_name, which every pooler accepts.
 */

import pg from 'pg';
import type { DatabaseTarget } from '../core/config.js';
import { type ChannelBinding, connectionParameters } from '../core/connection-url.js';
import type { DbError } from '../core/errors.js';
import { renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import { closeWithoutWaitingForGoodbye } from '../startup-fast-path.js';
import { markStartup } from '../startup-marks.js';
import { cancelOnInterrupt } from './cancel.js';
import { describeDbError, isTransient } from './errors.js';
import { bindInline } from './inline.js';
import { type SslAttempt, tlsPlan } from './tls.js';

export const APPLICATION_NAME = 'mantis-sync-tui';
/** Reads never queue behind a migration's locks for long: they fail fast and say so. */
export const READ_LOCK_TIMEOUT_MS = 5_000;

export interface SessionOptions {
  /** false for a session that runs write steps (db/transaction); reads are read-only regardless */
  readonly readOnly: boolean;
  /** the whole budget for reaching the server, retries included (a cold start waits this long) */
  readonly connectTimeoutMs: number;
  /** statement_timeout of each read */
  readonly statementTimeoutMs: number;
  /** pool size; verify needs one connection, the app a few */
  readonly max?: number;
  /** told once when the first connection fails transiently and the session starts waiting for the server */
  readonly onWaiting?: (reason: DbError, budgetMs: number) => void;
  /** told each time a connection is handed a read, whose message it writes in the same turn */
  readonly onSending?: () => void;
}

export interface Database {
  readonly target: DatabaseTarget;
  readonly options: SessionOptions;
  /** round trips sent for reads so far (verify's target is one per database) */
  readonly queryCount: number;
  /** how long the first connection waited for the server to come up (0 when it answered at once) */
  readonly waitedMs: number;
  /** A read: one round trip, in its own read-only transaction with in-band timeouts; retried while transient; errors as DbError. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** A client of its own, for a write step's transaction (db/transaction); errors as DbError. */
  connect(): Promise<pg.PoolClient>;
  /** Cancels the statement running in backend `pid` (Ctrl-C during a step). */
  cancel(pid: number): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget, options: SessionOptions): Database {
  const plan = tlsPlan(new URL(target.url));
  const readPreamble = renderSql(loadSql('catalog/read_begin'), {
    lock_timeout: `${READ_LOCK_TIMEOUT_MS}ms`,
    statement_timeout: `${options.statementTimeoutMs}ms`,
  });
  // libpq's sslmode=prefer / allow: the first attempt that the server accepts decides for the session.
  let attempt = 0;
  let settled = false;
  let pool = createPool(target, options, plan.attempts[0]!, plan.channelBinding);
  let queryCount = 0;
  let waitedMs = 0;
  const pools = [pool];

  /** Runs `operation`; before the first success, a TLS refusal moves to libpq's next attempt. */
  async function onSettledPool<T>(operation: (current: pg.Pool) => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const value = await operation(pool);
        settled = true;
        return value;
      } catch (error) {
        if (!settled && attempt + 1 < plan.attempts.length && refusesThisAttempt(error, plan.attempts[attempt]!)) {
          attempt++;
          pool = createPool(target, options, plan.attempts[attempt]!, plan.channelBinding);
          pools.push(pool);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * Until the server has answered once, transient failures retry with backoff for the whole connect
   * budget (a cold start, a compute waking up). Later ones go to the caller at once: the monitor
   * retries them itself and shows it, where a silent retry here would hide it.
   */
  async function withRetry<T>(operation: () => Promise<T>): Promise<T> {
    const started = performance.now();
    for (let retry = 0; ; retry++) {
      try {
        const value = await operation();
        if (retry > 0) waitedMs = Math.round(performance.now() - started);
        return value;
      } catch (error) {
        const elapsed = performance.now() - started;
        const delay = RETRY_DELAYS_MS[Math.min(retry, RETRY_DELAYS_MS.length - 1)]!;
        if (settled || !isTransient(error) || elapsed + delay > options.connectTimeoutMs) throw error;
        if (retry === 0) options.onWaiting?.(describe(error), options.connectTimeoutMs);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  const describe = (error: unknown) => describeDbError(error, target, options.connectTimeoutMs);
  return {
    target,
    options,
    get queryCount() {
      return queryCount;
    },
    get waitedMs() {
      return waitedMs;
    },
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      const message = `${readPreamble}\n${bindInline(text, values)}`;
      const read = () =>
        withRetry(() =>
          onSettledPool(async (current) => {
            const results = (await current.query(message)) as unknown as Array<pg.QueryResult<R>>;
            return results[results.length - 1]!;
          }),
        );
      queryCount++;
      try {
        return await read();
      } catch (error) {
        if (!lostDeadlock(error)) throw describe(error);
      }
      // The server chose this read to break a deadlock with a write (a dry run's DROP, say) and
      // rolled it back; it changed nothing, so it is read again, once.
      queryCount++;
      try {
        return await read();
      } catch (error) {
        throw describe(error);
      }
    },
    async connect() {
      try {
        return await withRetry(() => onSettledPool((current) => current.connect()));
      } catch (error) {
        throw describe(error);
      }
    },
    async cancel(pid) {
      await pool.query(loadSql('execute/cancel'), [pid]).catch(() => {});
    },
    async close() {
      await Promise.all(pools.map((p) => p.end().catch(() => {})));
    },
  };
}

/** Between retries; the first ones short, so a compute waking up is met as soon as it is up. */
const RETRY_DELAYS_MS = [250, 500, 1000, 2000];

/** The server said no to this attempt's transport (libpq then tries the next one). */
function refusesThisAttempt(error: unknown, current: SslAttempt): boolean {
  const e = error as { code?: string; message?: string } | null;
  const message = String(e?.message ?? '');
  if (current !== false) return /does not support SSL/i.test(message);
  return e?.code === '28000' && /no encryption|SSL off/i.test(message);
}

function createPool(
  target: DatabaseTarget,
  options: SessionOptions,
  ssl: SslAttempt,
  channelBinding: ChannelBinding,
): pg.Pool {
  // libpq's reading (?password=, ?user=, ?host=, ?port=, ?dbname= included); config validated it.
  const { host, port, user, password, database } = connectionParameters(target.url);
  const pool = new pg.Pool({
    host,
    port,
    user,
    password,
    database,
    ssl,
    enableChannelBinding: ssl !== false && channelBinding !== 'disable',
    Client: channelBinding === 'require' ? ChannelBindingRequiredClient : ClosingClient,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: options.connectTimeoutMs,
    max: options.max ?? 2,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  });
  // An idle client errors when the server restarts; without a handler that would crash the process.
  pool.on('error', () => {});
  pool.on('connect', () => markStartup(`connected:${target.label}`));
  if (options.onSending) pool.on('acquire', options.onSending);
  // A read is cancelled on the server when the operator interrupts (db/cancel).
  if (options.readOnly) cancelOnInterrupt(pool, { host, port });
  return pool;
}

/**
 * pg keeps the socket of a startup it failed itself (no password to give, no channel binding) open
 * until the server's authentication_timeout: a process that has said its error and cannot exit for
 * a minute. A connection that errs is of no further use, so its socket is closed.
 */
class ClosingClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const connection = (
      this as unknown as {
        connection: NodeJS.EventEmitter & Parameters<typeof closeWithoutWaitingForGoodbye>[0];
      }
    ).connection;
    // After pg's own handler has failed the connect, so the close is not reported as a second error.
    connection.on('error', () => setImmediate(() => connection.stream.destroy()));
    closeWithoutWaitingForGoodbye(connection);
  }
}

/** Described by db/errors like any error from pg, with the database and the fix. */
export class ChannelBindingError extends Error {
  constructor() {
    super(
      'channel binding required, but the server authenticated without it (a pooler such as PgBouncer does not offer it)',
    );
  }
}

/**
 * channel_binding=require as libpq means it: the connection fails unless the server authenticates
 * with SCRAM-SHA-256-PLUS (node-postgres alone would quietly use plain SCRAM).
 */
class ChannelBindingRequiredClient extends ClosingClient {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const connection = (this as unknown as { connection: NodeJS.EventEmitter }).connection;
    let bound = false;
    connection.on('authenticationSASL', (message: { mechanisms: string[] }) => {
      bound = message.mechanisms.includes('SCRAM-SHA-256-PLUS');
      if (!bound) connection.emit('error', new ChannelBindingError());
    });
    connection.on('authenticationOk', () => {
      if (!bound) connection.emit('error', new ChannelBindingError());
    });
  }
}

/** A read-only transaction the server rolled back to break a deadlock (SQLSTATE 40P01). */
const lostDeadlock = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';
