/** The sessions the use-cases open: read-only for reads, writable (with the step's timeouts) for writes. */
import type { Config, DatabaseTarget } from '../core/config.js';
import type { RemediationSettings } from '../core/write-settings.js';
import { type Database, openDatabase } from './connect.js';
import type { TransactionOptions } from './transaction.js';

export function readOnlyDatabase(target: DatabaseTarget, config: Config): Database {
  return openDatabase(target, {
    readOnly: true,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    max: 1,
  });
}

export function writableDatabase(target: DatabaseTarget, config: Config, settings: RemediationSettings): Database {
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
): TransactionOptions {
  return {
    lockTimeoutMs: settings.lockTimeoutMs,
    statementTimeoutMs: settings.statementTimeoutMs,
    ...(signal ? { signal } : {}),
  };
}
