/** The CLI handler of plan: the steps still needed, as text or JSON; with a contract, what they do to the application's statements. */
import { dryRunApply } from '../commands/apply.js';
import { contractFor } from '../commands/contract.js';
import { makePlan } from '../commands/plan.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { type RemediationSettings, readOnlyRefusal, requireIssoh } from '../core/write-settings.js';
import { planJson } from '../output/json.js';
import { renderPlan } from '../output/plan.js';
import { detectStyle } from '../output/style.js';
import { EXIT } from './exit.js';
import {
  configOf,
  contractSourceOf,
  formatOf,
  type Handler,
  migrationDependencies,
  writeSettingsOf,
} from './options.js';

interface PlanCommandOptions {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly noColor: boolean;
  /** --migrations DIR: the intended state from these files instead of the built-in 0024 */
  readonly migrations: string | undefined;
  /** --target FILE: the variant of a migration in DIR to aim at */
  readonly target: string | undefined;
}

async function runPlanCommand(
  config: Config,
  settings: RemediationSettings,
  options: PlanCommandOptions & { readonly contract: ReturnType<typeof contractSourceOf> },
  io: CommandIO,
): Promise<number> {
  requireIssoh(config, 'plan');
  const deps = await migrationDependencies(options.migrations, io, options.target);
  const contract = await contractFor(options.contract, deps.manifest, config.appRole ?? null);
  const { report, steps } = await makePlan(config, deps, { contract });
  if (report.databases.issoh.status === 'error') {
    io.stderr(`mantis-sync-tui: ${report.databases.issoh.error}\n`);
    return EXIT.database;
  }
  // With a contract, the plan's steps are tried in a dry run (rolled back) to see what they do to the statements.
  // plan itself only reads: a dry run it cannot make (a pooled URL, an audit log that cannot be
  // written) leaves the plan standing and says why the statements were not checked.
  const readOnly = readOnlyRefusal(config, 'the dry run that checks them');
  const dry = !contract
    ? null
    : readOnly
      ? { impact: null, impactError: readOnly.replace(/^refused: /, '') }
      : await dryRunApply(config, settings, {
          steps: steps.filter((s) => !s.optional),
          findings: report.findings,
          deps,
          io,
          contract,
        }).catch((error: unknown) => ({
          impact: null,
          impactError: error instanceof Error ? error.message.replace(/^refused: /, '') : String(error),
        }));
  if (dry?.impactError)
    io.stderr(`mantis-sync-tui: the application's statements were not checked: ${dry.impactError}\n`);
  if (options.json) {
    io.stdout(planJson(report.databases.issoh, steps, dry ? { impact: dry.impact, error: dry.impactError } : null));
  } else {
    const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
    io.stdout(
      renderPlan(report.databases.issoh, steps, {
        style,
        verbose: options.verbose,
        ...(dry ? { impact: dry.impact, impactError: dry.impactError } : {}),
      }),
    );
  }
  return EXIT.ok;
}

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags, 'plan') === 'json';
  const config = configOf(flags, io);
  return runPlanCommand(
    config,
    writeSettingsOf(flags, config),
    {
      json,
      verbose: flags.verbose,
      noColor: !flags.color,
      contract: contractSourceOf(flags),
      migrations: flags.migrations,
      target: flags.target,
    },
    io,
  );
};
