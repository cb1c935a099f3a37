/**
 * test-rls: prove RLS isolation between two organizations, every command through every table and
 * partition, with no user too, in a transaction that rolls back.
 */
import type { Config } from '../core/config.js';
import type { RlsTestResult } from '../core/isolation.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import type { Database } from '../db/connect.js';
import { runRlsTest } from '../db/rls.js';
import { stepOptions, writableDatabase } from '../db/session.js';

export interface TestRlsOptions {
  readonly signal?: AbortSignal | undefined;
}

export async function testRls(
  config: Config,
  settings: RemediationSettings,
  options: TestRlsOptions = {},
): Promise<RlsTestResult> {
  // Through a pooler too: the whole proof is one transaction that rolls back, and a transaction
  // is what transaction pooling keeps on one server connection.
  const db = writableDatabase(requireIssoh(config, 'test-rls'), config, { ...settings, allowPooled: true });
  try {
    return await probeIsolation(db, config, settings, options.signal);
  } finally {
    await db.close();
  }
}

/** On an open session (apply's rls-test step); the probes run as the application's role (--as) when given. */
export function probeIsolation(
  db: Database,
  config: Config,
  settings: RemediationSettings,
  signal?: AbortSignal,
): Promise<RlsTestResult> {
  return runRlsTest(db, { ...stepOptions(settings, signal), asRole: config.appRole ?? null });
}
