/**
 * The one way the tool writes: one transaction per step, with SET LOCAL lock_timeout and
 * statement_timeout, mantis-sync-tui's advisory lock (the second operator is told who holds it),
 * ROLLBACK on any error, and Ctrl-C turned into a cancel of the running statement.
 */

import type pg from 'pg';
import { DbError } from '../core/errors.js';
import { describeLockWait, type LockWait } from '../core/lock-wait.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { describeDbError } from './errors.js';

/** Between two statements of a step the client does a little work of its own (a file checked, a manifest written). */
const IDLE_IN_TRANSACTION_FLOOR_MS = 30_000;

/** 'MANT' as a 32-bit key: classid 0, objid = key in pg_locks. */
export const ADVISORY_LOCK_KEY = 0x4d414e54;

export interface TransactionOptions {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** aborting cancels the running statement; the transaction rolls back */
  readonly signal?: AbortSignal;
  /** told while the step waits for a lock (what, and who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
}

export class LockHeldError extends DbError {
  constructor(message: string) {
    super('lock-held', message);
  }
}

export class InterruptedError extends DbError {
  constructor(message: string) {
    super('interrupted', message);
  }
}

/**
 * A failure of the step's own, not the database's (a file that cannot be written, a refusal): it
 * leaves withStepTransaction as it is, after the ROLLBACK, so the caller can tell it apart.
 */
export class StepFailure extends Error {}

/** The step's own connection, inside its transaction (COPY streams included). */
export type StepClient = pg.PoolClient;

/** How to cancel what each open step's connection is running (a COPY whose file cannot be written). */
const cancellers = new WeakMap<StepClient, () => Promise<void>>();

/** Cancels the statement `client` is running, from another connection; nothing for a client outside a step. */
export async function cancelRunningStatement(client: StepClient): Promise<void> {
  await cancellers.get(client)?.();
}

/** A ROLLBACK that does not come back in this long meets a connection that is stuck: it is closed instead. */
const ROLLBACK_DEADLINE_MS = 10_000;

/**
 * Runs `work` inside BEGIN … COMMIT (or ROLLBACK when `work` returns { commit: false } or throws).
 * Errors come out as DbError, with SQLSTATE and hint; a StepFailure as it is.
 */
export async function withStepTransaction<T>(
  db: Database,
  options: TransactionOptions,
  work: (client: StepClient) => Promise<{ commit: boolean; value: T }>,
): Promise<{ committed: boolean; value: T }> {
  if (options.signal?.aborted) throw new InterruptedError('interrupted before the step started: nothing was changed');
  const client = await db.connect();
  let pid: number | null = null;
  let waits: LockWaitWatch | null = null;
  let broken = false;
  // A backend killed mid-step (pg_terminate_backend, a restart) makes a checked-out client emit
  // 'error'; unheard, that would crash the process. The pending query rejects and is handled below.
  const onClientError = () => {
    broken = true;
  };
  client.on('error', onClientError);
  const cancel = async () => {
    if (pid !== null) await db.cancel(pid);
  };
  const onAbort = () => void cancel();
  cancellers.set(client, cancel);
  options.signal?.addEventListener('abort', onAbort);
  try {
    await client.query('BEGIN READ WRITE');
    const begun = await client.query<{ pid: number }>(loadSql('execute/begin'), [
      `${options.lockTimeoutMs}ms`,
      `${options.statementTimeoutMs}ms`,
      // A client that stops talking mid-step (a hung process, a dead link) cannot hold the locks longer than this.
      `${Math.max(options.statementTimeoutMs, IDLE_IN_TRANSACTION_FLOOR_MS)}ms`,
    ]);
    pid = begun.rows[0]?.pid ?? null;
    if (pid !== null) waits = watchLockWaits(db, pid, options);
    const lock = await client.query<{ locked: boolean }>(loadSql('execute/try_lock'), [ADVISORY_LOCK_KEY]);
    if (!lock.rows[0]?.locked) {
      const holder = await client.query<{
        pid: number;
        usename: string;
        application_name: string;
        client_addr: string | null;
        since: string;
      }>(loadSql('execute/lock_holder'), [ADVISORY_LOCK_KEY]);
      const h = holder.rows[0];
      throw new LockHeldError(
        `${db.target.label}: another operator is applying a step${h ? ` (pid ${h.pid}, user ${h.usename}, ${h.application_name || 'no application_name'}${h.client_addr ? ` from ${h.client_addr}` : ''}, since ${h.since})` : ''}: nothing was changed; retry when it has finished`,
      );
    }
    const result = await work(client);
    if (options.signal?.aborted)
      throw new InterruptedError('interrupted: the step was rolled back, nothing was changed');
    await client.query(result.commit ? 'COMMIT' : 'ROLLBACK');
    return { committed: result.commit, value: result.value };
  } catch (error) {
    if (!(await rolledBack(client))) broken = true;
    if (options.signal?.aborted && !(error instanceof LockHeldError)) {
      throw new InterruptedError('interrupted: the step was rolled back, nothing was changed');
    }
    if (error instanceof StepFailure) throw error;
    const described = describeDbError(error, db.target, db.options.connectTimeoutMs, 'write');
    const waited = waits?.last();
    // lock_timeout ended a wait the watcher saw: the table and its holder, not only "another session".
    if (described.kind === 'lock-timeout' && waited)
      throw new DbError(
        'lock-timeout',
        `${db.target.label} (${db.target.host}/${db.target.database}): lock_timeout (${options.lockTimeoutMs / 1000} s) ended the wait for ${describeLockWait(waited)}; nothing was changed: retry when it is released, or raise --lock-timeout`,
        described.sqlstate,
      );
    throw described;
  } finally {
    waits?.stop();
    options.signal?.removeEventListener('abort', onAbort);
    cancellers.delete(client);
    client.off('error', onClientError);
    // A broken connection is closed, not pooled: the server rolls back whatever it still holds.
    client.release(broken);
  }
}

interface LockWaitWatch {
  stop(): void;
  /** the last wait seen (kept after it ended: lock_timeout ends it) */
  last(): LockWait | null;
}

/** The first look comes early enough to see a wait that the shortest lock_timeout will end. */
const FIRST_LOOK_MS = 250;
const LOOK_EVERY_MS = 1000;

/**
 * Looks, from another connection, at whether the step's backend waits for a lock, and who holds it
 * (what pg_activity shows as blocking). A failed look is no failure of the step: it is skipped.
 */
function watchLockWaits(db: Database, pid: number, options: TransactionOptions): LockWaitWatch {
  let last: LockWait | null = null;
  let waiting = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async () => {
    try {
      const row = (
        await db.query<{
          relation: string | null;
          holder_pid: number;
          holder_application: string | null;
          holder_user: string | null;
          held_ms: string;
          waited_ms: string;
        }>(loadSql('execute/lock_wait'), [pid])
      ).rows[0];
      if (stopped) return;
      if (row) {
        last = {
          relation: row.relation,
          holderPid: row.holder_pid,
          holderApplication: row.holder_application ?? '',
          holderUser: row.holder_user,
          heldMs: Number(row.held_ms),
          waitedMs: Number(row.waited_ms),
        };
        waiting = true;
        options.onWaiting?.(last);
      } else if (waiting) {
        waiting = false;
        options.onWaiting?.(null);
      }
    } catch {
      // the step's own outcome says what went wrong, if anything did
    }
    if (!stopped) timer = setTimeout(look, LOOK_EVERY_MS);
  };
  timer = setTimeout(look, Math.min(FIRST_LOOK_MS, options.lockTimeoutMs / 2));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (waiting) options.onWaiting?.(null);
    },
    last: () => last,
  };
}

/**
 * ROLLBACK, bounded: whether the server confirmed it. A connection stuck mid-protocol would leave it
 * pending for ever, and with nothing else to wait for the process would end in silence; instead it
 * is given up on, and the caller closes the connection (the server then rolls back and frees the locks).
 */
async function rolledBack(client: StepClient): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ROLLBACK_DEADLINE_MS);
  });
  try {
    return await Promise.race([
      client.query('ROLLBACK').then(
        () => true,
        () => false,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
