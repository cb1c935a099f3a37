/** The CLI handler of test-rls: the isolation proof, as text or JSON (it never asks: it always rolls back). */
import { testRls } from '../commands/test-rls.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import type { RlsTestResult } from '../core/isolation.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import { testRlsJson } from '../output/json.js';
import { renderRlsResult } from '../output/plan.js';
import { detectStyle } from '../output/style.js';
import { EXIT } from './exit.js';
import { configOf, formatOf, type Handler, writeSettingsOf } from './options.js';
import { refuseReadOnly } from './write-policy.js';

/** 0 isolation holds; 1 broken, or what it needs is missing; 2 --as names no role; 4 the database failed. */
export function rlsExitCode(result: RlsTestResult): number {
  if (result.ok) return EXIT.ok;
  if (result.error === null || result.errorKind === 'missing') return EXIT.findings;
  return result.errorKind === 'usage' ? EXIT.usage : EXIT.database;
}

async function runTestRlsCommand(
  config: Config,
  settings: RemediationSettings,
  options: { json: boolean; noColor: boolean },
  io: CommandIO,
): Promise<number> {
  const readOnly = refuseReadOnly(io, config, 'test-rls');
  if (readOnly !== null) return readOnly;
  // Not refused through a pooler (testRls says why).
  requireIssoh(config, 'test-rls');
  const result = await testRls(config, settings);
  io.stdout(
    options.json
      ? testRlsJson(result)
      : renderRlsResult(result, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })),
  );
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  return rlsExitCode(result);
}

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags, 'test-rls') === 'json';
  const config = configOf(flags, io);
  return runTestRlsCommand(config, writeSettingsOf(flags, config), { json, noColor: !flags.color }, io);
};
