/** The sessions the use-cases open: read-only for reads, writable (with the step's timeouts) for writes. */
import type { Config, DatabaseTarget } from '../core/config.js';
import { type DbError, RefusedError } from '../core/errors.js';
import { pooledRefusal, type RemediationSettings } from '../core/write-settings.js';
import { type Database, openDatabase } from './connect.js';
import type { TransactionOptions } from './transaction.js';

/** A session for reads; `onWaiting` hears of a server that does not answer yet, while it is waited for. */
export function readOnlyDatabase(
  target: DatabaseTarget,
  config: Config,
  onWaiting?: (reason: DbError, budgetMs: number) => void,
  onSending?: () => void,
): Database {
  return openDatabase(target, {
    readOnly: true,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    max: 1,
    ...(onWaiting ? { onWaiting } : {}),
    ...(onSending ? { onSending } : {}),
  });
}

/** A session for writes; through a pooled endpoint only with allowPooled (the faces say so earlier, before asking). */
export function writableDatabase(target: DatabaseTarget, config: Config, settings: RemediationSettings): Database {
  const refusal = pooledRefusal(target, settings);
  if (refusal) throw new RefusedError(refusal);
  return openDatabase(target, {
    readOnly: false,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: settings.statementTimeoutMs,
    max: 2,
  });
}

/** The options of one step's transaction: the operator's timeouts, and Ctrl-C. */
export function stepOptions(
  settings: Pick<RemediationSettings, 'lockTimeoutMs' | 'statementTimeoutMs'>,
  signal?: AbortSignal,
  onWaiting?: TransactionOptions['onWaiting'],
): TransactionOptions {
  return {
    lockTimeoutMs: settings.lockTimeoutMs,
    statementTimeoutMs: settings.statementTimeoutMs,
    ...(signal ? { signal } : {}),
    ...(onWaiting ? { onWaiting } : {}),
  };
}
