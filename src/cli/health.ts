/** The CLI handler of health: the report as text or JSON; 1 when 0024's tables are not there (said once, on stderr). */
import { health } from '../commands/health.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { renderHealth } from '../output/health.js';
import { healthJson } from '../output/json.js';
import { detectStyle } from '../output/style.js';
import { EXIT } from './exit.js';
import { configOf, formatOf, type Handler, migrationDependencies, wholeNumber } from './options.js';

async function runHealthCommand(
  config: Config,
  options: { json: boolean; windowMinutes: number; noColor: boolean; migrations: string | undefined },
  io: CommandIO,
): Promise<number> {
  const report = await health(config, options.windowMinutes, await migrationDependencies(options.migrations, io));
  io.stdout(
    options.json
      ? healthJson(report)
      : renderHealth(report, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })),
  );
  if (report.unavailable) io.stderr(`mantis-sync-tui: ${report.unavailable}\n`);
  return report.unavailable ? EXIT.findings : EXIT.ok;
}

export const handle: Handler = (flags, _operands, io) => {
  const windowMinutes = wholeNumber('--window', flags.window) ?? 60;
  const json = formatOf(flags, 'health') === 'json';
  return runHealthCommand(
    configOf(flags, io),
    { json, windowMinutes, noColor: !flags.color, migrations: flags.migrations },
    io,
  );
};
