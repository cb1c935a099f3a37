/** The CLI handler of maintain: confirms (archive: the database name; the others: y/N or --yes), runs the task, prints it. */
import { maintain } from '../commands/maintain.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import type { MaintainTask, MaintenanceResult } from '../core/maintenance.js';
import { pooledRefusal, type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import { MAINTAIN_TASK_TITLES, renderMaintain } from '../output/maintain.js';
import { detectStyle } from '../output/style.js';
import { auditLogFailed, EXIT } from './exit.js';
import { withInterrupt } from './interrupt.js';
import { ask, configOf, formatOf, type Handler, wholeNumber, writeSettingsOf } from './options.js';
import { closest, UsageError } from './usage.js';

interface MaintainCommandOptions {
  readonly task: MaintainTask;
  readonly ahead: number;
  readonly olderThanMonths: number;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly confirm?: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

const OUTCOME_EXIT: Record<MaintenanceResult<unknown>['outcome'], number> = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  'nothing-to-do': EXIT.ok,
  refused: EXIT.refused,
  failed: EXIT.database,
  interrupted: 130,
};

async function runMaintainCommand(
  config: Config,
  settings: RemediationSettings,
  options: MaintainCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = requireIssoh(config, 'maintain');
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  if (!options.dryRun) {
    // Archiving takes partitions out of the log: severe, the database name. The others: y/N or --yes.
    if (options.task === 'archive') {
      if (options.confirm !== target.database) {
        const typed =
          options.confirm === undefined && options.prompt
            ? (await options.prompt(`Archive partitions of ${target.database}? Type its name: `)).trim()
            : options.confirm;
        if (typed !== target.database) {
          io.stderr(
            `mantis-sync-tui: refused: archiving is severe: pass --confirm=${target.database}; nothing was changed\n`,
          );
          return EXIT.refused;
        }
      }
    } else if (!options.yes) {
      const answer = options.prompt
        ? await options.prompt(`${MAINTAIN_TASK_TITLES[options.task]} on ${target.database}? [y/N] `)
        : null;
      if (answer === null || !/^y(es)?$/i.test(answer.trim())) {
        io.stderr(
          `mantis-sync-tui: ${answer === null ? 'refused: pass --yes (stdin is not a terminal)' : 'not confirmed'}; nothing was changed\n`,
        );
        return EXIT.refused;
      }
    }
  }
  const run = await maintain(config, settings, {
    task: options.task,
    ahead: options.ahead,
    olderThanMonths: options.olderThanMonths,
    dryRun: options.dryRun,
    signal: options.signal,
    io,
  });
  const { result } = run;
  if (options.json) {
    io.stdout(`${JSON.stringify({ database: target.redactedUrl, task: options.task, ...result }, null, 2)}\n`);
  } else {
    io.stdout(renderMaintain(run, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })));
  }
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  if (run.auditError) return auditLogFailed(io, `maintain ${options.task} (${result.outcome})`, run.auditError);
  return OUTCOME_EXIT[result.outcome];
}

const TASKS: readonly MaintainTask[] = ['partitions', 'archive', 'cache'];

export const handle: Handler = (flags, operands, io) => {
  const [task] = operands;
  if (!TASKS.includes(task as MaintainTask)) {
    const suggestion = task ? closest(task, TASKS) : null;
    throw new UsageError(
      task
        ? `unknown task ${task}: maintain takes partitions, archive or cache${suggestion ? ` (did you mean ${suggestion}?)` : ''}`
        : 'maintain needs a task: partitions, archive or cache',
    );
  }
  const ahead = wholeNumber('--ahead', flags.ahead) ?? 3;
  const olderThanMonths = wholeNumber('--older-than', flags.olderThan) ?? 6;
  const json = formatOf(flags) === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  return withInterrupt((signal) =>
    runMaintainCommand(
      config,
      settings,
      {
        task: task as MaintainTask,
        ahead,
        olderThanMonths,
        dryRun: flags.dryRun,
        yes: flags.yes,
        confirm: flags.confirm,
        json,
        noColor: !flags.color,
        prompt: io.stdinIsTTY ? ask : undefined,
        signal,
      },
      io,
    ),
  );
};
