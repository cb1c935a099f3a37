/** The CLI handler of plan: the steps still needed, as text or JSON. */
import { makePlan } from '../commands/plan.js';
import { defaultDependencies } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { requireIssoh } from '../core/write-settings.js';
import { renderPlan } from '../output/plan.js';
import { detectStyle } from '../output/style.js';
import { EXIT } from './exit.js';
import { configOf, formatOf, type Handler } from './options.js';

interface PlanCommandOptions {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly noColor: boolean;
}

async function runPlanCommand(config: Config, options: PlanCommandOptions, io: CommandIO): Promise<number> {
  requireIssoh(config, 'plan');
  const { report, steps } = await makePlan(config, defaultDependencies(io.now));
  if (report.databases.issoh.status === 'error') {
    io.stderr(`mantis-sync-tui: ${report.databases.issoh.error}\n`);
    return EXIT.database;
  }
  if (options.json) {
    io.stdout(`${JSON.stringify({ database: report.databases.issoh, steps }, null, 2)}\n`);
  } else {
    const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
    io.stdout(renderPlan(report.databases.issoh, steps, { style, verbose: options.verbose }));
  }
  return EXIT.ok;
}

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags) === 'json';
  return runPlanCommand(configOf(flags, io), { json, verbose: flags.verbose, noColor: !flags.color }, io);
};
