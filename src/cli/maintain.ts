/**
 * The CLI handler of maintain: on a terminal the task's dry run first, then the confirmation
 * (archive: the database name; the others: y/N or --yes), the task, its report.
 */
import { type MaintainRun, maintain } from '../commands/maintain.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import type { MaintainTask } from '../core/maintenance.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import { maintainJson } from '../output/json.js';
import { MAINTAIN_TASK_TITLES, maintainHeader, renderMaintain } from '../output/maintain.js';
import { detectStyle, type Style } from '../output/style.js';
import { EXIT } from './exit.js';
import { configOf, formatOf, type Handler, type Prompt, wholeNumber, writeSettingsOf } from './options.js';
import { lockWaitReporter } from './progress.js';
import { closest, UsageError } from './usage.js';
import { consentTo, refuse, refusePooled, refuseReadOnly, reportWrite, runWrite } from './write-policy.js';

interface MaintainCommandOptions {
  readonly task: MaintainTask;
  readonly ahead: number;
  readonly olderThanMonths: number;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly confirm?: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: Prompt | undefined;
  readonly signal?: AbortSignal | undefined;
}

async function runMaintainCommand(
  config: Config,
  settings: RemediationSettings,
  options: MaintainCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = requireIssoh(config, 'maintain');
  const readOnly = refuseReadOnly(io, config, `maintain ${options.task}`);
  if (readOnly !== null) return readOnly;
  const pooled = refusePooled(io, target, settings);
  if (pooled !== null) return pooled;
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  const run = (dryRun: boolean, exportDirectory?: string) =>
    maintain(config, settings, {
      task: options.task,
      ahead: options.ahead,
      olderThanMonths: options.olderThanMonths,
      dryRun,
      exportDirectory,
      signal: options.signal,
      onWaiting: lockWaitReporter(io),
      io,
    });
  let exportDirectory: string | undefined;
  if (!options.dryRun) {
    // Archiving takes partitions out of the log: severe, the database name. The others: y/N or --yes.
    const severe = options.task === 'archive';
    // On a terminal, the task's own dry run first: what it would create, move, delete or archive.
    // One with nothing to do, or that cannot run, is the answer itself: nothing is asked.
    const asking = options.prompt !== undefined && (severe ? options.confirm === undefined : !options.yes);
    const preview = asking ? await run(true) : null;
    if (preview && preview.result.outcome !== 'dry-run') return report(preview, options, style, io);
    if (preview?.task === 'archive') exportDirectory = preview.result.value?.exported.directory;
    const confirmed = await consentTo(
      {
        action: severe ? 'archiving' : `maintain ${options.task} changes the database`,
        question: `${MAINTAIN_TASK_TITLES[options.task]} on ${target.label} ${target.host}/${target.database}?`,
        stakes: preview ? () => renderMaintain(preview, style, { stakes: true }) : undefined,
        database: severe ? target.database : undefined,
        to: 'archive old partitions in',
        environment: config.environment,
      },
      { yes: options.yes, confirm: options.confirm, prompt: options.prompt },
      io,
    );
    if (confirmed !== true) return refuse(io, confirmed);
  }
  // The header before the task runs: a wait for a lock is said under it, not after a silence.
  if (!options.json) io.stdout(maintainHeader(options.task, style));
  return report(await run(options.dryRun, exportDirectory), options, style, io, { header: false });
}

/** The task's result once (stdout), its error once (stderr); without 0024 there is nothing to maintain: 1, as health. */
function report(
  run: MaintainRun,
  options: MaintainCommandOptions,
  style: Style,
  io: CommandIO,
  text: { readonly header?: boolean } = {},
): number {
  const { result } = run;
  return reportWrite(io, {
    outcome: result.outcome,
    output: options.json ? maintainJson(run.target, run) : renderMaintain(run, style, text),
    error: result.error,
    auditError: run.auditError,
    what: `maintain ${options.task} (${result.outcome})`,
    exitCode: result.migrationMissing ? EXIT.findings : undefined,
  });
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
  const json = formatOf(flags, 'maintain') === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  return runWrite(io, (signal, prompt) =>
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
        prompt,
        signal,
      },
      io,
    ),
  );
};
