/** Plans and executes steps through the library functions the commands use. */

import { makePlan } from '../../src/commands/plan.js';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/core/config.js';
import type { Finding } from '../../src/core/finding.js';
import type { Step, StepResult } from '../../src/core/plan.js';
import type { RemediationSettings } from '../../src/core/write-settings.js';
import type { Database } from '../../src/db/connect.js';
import { type ExecuteOptions, executeStep } from '../../src/db/execute.js';
import { writableDatabase } from '../../src/db/session.js';
import { manifest, templates } from './fixtures.js';

export const settings: RemediationSettings = { lockTimeoutMs: 2000, statementTimeoutMs: 10_000, allowPooled: false };

export function configFor(url: string): Config {
  return loadConfig({ env: {}, issohUrl: url, connectTimeout: 5 });
}

export async function planFor(url: string) {
  return makePlan(configFor(url), { manifest, templates, now: () => new Date() });
}

export function openWritable(url: string): Database {
  return writableDatabase(configFor(url).issoh!, configFor(url), settings);
}

export async function run(
  db: Database,
  step: Step,
  before: readonly Finding[],
  options: Partial<{
    dryRun: boolean;
    lockTimeoutMs: number;
    statementTimeoutMs: number;
    signal: AbortSignal;
    exportDirectory: string;
    onWaiting: ExecuteOptions['onWaiting'];
  }> = {},
): Promise<StepResult> {
  return executeStep(
    db,
    step,
    before,
    { manifest, templates, spp: null },
    {
      dryRun: options.dryRun ?? false,
      lockTimeoutMs: options.lockTimeoutMs ?? settings.lockTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs ?? settings.statementTimeoutMs,
      exportDirectory: options.exportDirectory ?? '/tmp/mantis-test-exports',
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
    },
  );
}
