/**
 * The CLI handler of apply: refuses what nobody can confirm before anything runs, asks for each
 * step through the write policy (y/N, or the database name for a severe one, its explanation
 * shown first), prints each step as it ends.
 */
import { apply, dryRunApply } from '../commands/apply.js';
import { type ContractSource, contractFor } from '../commands/contract.js';
import { makePlan } from '../commands/plan.js';
import type { Config, DatabaseTarget } from '../core/config.js';
import { placeOf, type StatementResult, unacceptedBreaks } from '../core/contract.js';
import { CancelledError } from '../core/errors.js';
import type { CommandIO } from '../core/io.js';
import type { Step, StepResult } from '../core/plan.js';
import { unreadableReasons } from '../core/report.js';
import { count } from '../core/words.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import { applyJson } from '../output/json.js';
import { renderImpact, renderRlsResult, renderStepResult } from '../output/plan.js';
import { detectStyle } from '../output/style.js';
import { renderText } from '../output/text.js';
import { EXIT, OUTCOME_EXIT } from './exit.js';
import {
  configOf,
  contractSourceOf,
  formatOf,
  type Handler,
  migrationDependencies,
  type Prompt,
  writeSettingsOf,
} from './options.js';
import { lockWaitReporter } from './progress.js';
import { rlsExitCode } from './test-rls.js';
import {
  type Consent,
  type ConsentRequest,
  consentTo,
  refuse,
  refusePooled,
  refuseReadOnly,
  runWrite,
} from './write-policy.js';

interface ApplyCommandOptions {
  readonly yes: boolean;
  readonly stepId?: string | undefined;
  readonly dryRun: boolean;
  /** the database name, typed, for severe steps */
  readonly confirm?: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
  /** asks y/N (or for the database name) on a terminal; absent when stdin is not one */
  readonly prompt?: Prompt | undefined;
  readonly signal?: AbortSignal | undefined;
  /** --app DIR or --contract FILE */
  readonly contract: ContractSource | null;
  /** --accept-breaking: application statements the operator lets a step break */
  readonly acceptBreaking: readonly string[];
  /** --migrations DIR: the intended state from these files instead of the built-in 0024 */
  readonly migrations: string | undefined;
  /** --target FILE: the variant of a migration in DIR to aim at */
  readonly target: string | undefined;
}

async function runApplyCommand(
  config: Config,
  settings: RemediationSettings,
  options: ApplyCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = requireIssoh(config, 'apply');
  const readOnly = refuseReadOnly(io, config, 'apply');
  if (readOnly !== null) return readOnly;
  const pooled = refusePooled(io, target, settings);
  if (pooled !== null) return pooled;
  // A dry run changes nothing (it rolls back), so it needs no confirmation.
  if (!options.yes && !options.prompt && !options.dryRun)
    return refuse(
      io,
      'refused: apply changes the database and nobody can confirm here (stdin is not a terminal): pass --yes; nothing was changed',
    );
  const deps = await migrationDependencies(options.migrations, io, options.target);
  const contract = await contractFor(options.contract, deps.manifest, config.appRole ?? null);
  const { report, steps } = await makePlan(config, deps, { contract });
  if (report.databases.issoh.status === 'error') {
    io.stderr(`mantis-sync-tui: ${report.databases.issoh.error}\n`);
    return EXIT.database;
  }
  const selected = options.stepId ? steps.filter((s) => s.id === options.stepId) : steps.filter((s) => !s.optional);
  if (options.stepId && selected.length === 0) {
    io.stderr(
      `mantis-sync-tui: no step ${options.stepId} in the plan; steps now: ${steps.map((s) => s.id).join(', ')}\n`,
    );
    return EXIT.usage;
  }
  // Headless, a severe step without its --confirm is refused before anything runs, not halfway.
  const severe = selected.find((s) => s.danger === 'severe');
  if (severe && !options.dryRun && !options.prompt && options.confirm === undefined)
    return refuse(
      io,
      `refused: step ${severe.id} is severe (${severe.title}): pass --confirm=${target.database} to confirm it; nothing was changed`,
    );
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  const say = (text: string) => (options.json ? io.stderr(text) : io.stdout(text));
  const dryRun = () =>
    dryRunApply(config, settings, {
      steps: selected,
      findings: report.findings,
      deps,
      signal: options.signal,
      onWaiting: lockWaitReporter(io),
      io,
      contract,
    });
  if (options.dryRun) {
    const dry = await dryRun();
    let worst: number = EXIT.ok;
    dry.results.forEach((result, index) => {
      const step = dry.steps[index]!;
      say(
        `[${index + 1}/${dry.steps.length}] ${step.id} (${step.danger}) ${step.title}\n${renderStepResult(result, style)}`,
      );
      worst = Math.max(worst, stepExit(result, io));
    });
    if (options.json)
      io.stdout(
        applyJson(
          report.databases.issoh,
          true,
          dry.results,
          contract ? { impact: dry.impact, error: dry.impactError } : null,
        ),
      );
    if (contract) say(`${renderImpact(dry.impact, dry.impactError, dry.steps, style).join('\n')}\n`);
    say(
      `dry run: ${count(dry.results.length, 'step')} checked in one transaction and rolled back; nothing was changed\n`,
    );
    return worst;
  }
  // With a contract, what each step does to the application's statements is known before it runs:
  // a step that breaks one that works today needs that named (--accept-breaking, or the prompt).
  const impact = contract ? (await dryRun()).impact : null;
  if (!options.prompt) {
    const breaking = selected.find((s) => unacceptedBreaks(impact, s.id, options.acceptBreaking).length > 0);
    if (breaking)
      return refuse(io, breakingRefusal(breaking, unacceptedBreaks(impact, breaking.id, options.acceptBreaking)));
  }
  let exitCode: number = EXIT.ok;
  const committed: string[] = [];
  const consent: Consent = { yes: options.yes, confirm: options.confirm, prompt: options.prompt };
  const { results, refusal: notConfirmed } = await apply(config, settings, {
    steps: selected,
    findings: report.findings,
    deps,
    confirm: async (step) => {
      // Once a step has committed, "nothing changed" is no longer true: what stands is said instead.
      const unchanged =
        committed.length === 0
          ? 'nothing was changed'
          : `${step.id} was not applied (committed before it: ${committed.join(', ')})`;
      try {
        const breaks = unacceptedBreaks(impact, step.id, options.acceptBreaking);
        if (breaks.length > 0) {
          if (!options.prompt) return breakingRefusal(step, breaks);
          const accepted = await consentTo(
            {
              action: `step ${step.id} breaks application statements`,
              question: `${step.id} breaks ${breaks.length} application statement(s) that work today: ${breaks.map((r) => `${placeOf(r)} (${r.id}: ${r.sqlstate} ${r.message})`).join('; ')}. Apply it anyway?`,
              unchanged,
            },
            { yes: false, prompt: options.prompt },
            io,
          );
          if (accepted !== true) return accepted;
        }
        return await consentTo(stepRequest(step, target, unchanged, config.environment), consent, io);
      } catch (error) {
        if (error instanceof CancelledError && committed.length > 0)
          throw new CancelledError(`cancelled: ${unchanged}`);
        throw error;
      }
    },
    signal: options.signal,
    onWaiting: lockWaitReporter(io),
    io,
    onEvent: (event) => {
      const { position, step } = event;
      if (event.kind === 'info') say(`${position} ${step.title}\n${indent(step.explanation)}\n`);
      else if (event.kind === 'verified') {
        say(`${position} ${step.title}\n${renderText(event.report, { style, verbose: false })}`);
        for (const reason of unreadableReasons(event.report)) io.stderr(`mantis-sync-tui: ${reason}\n`);
        if (event.report.summary.fail > 0 || event.report.summary.blocked > 0)
          exitCode = Math.max(exitCode, EXIT.findings);
      } else if (event.kind === 'rls') {
        say(`${position} ${step.title}\n${renderRlsResult(event.result, style)}`);
        if (event.result.error) io.stderr(`mantis-sync-tui: ${event.result.error}\n`);
        if (!event.result.ok) exitCode = Math.max(exitCode, rlsExitCode(event.result));
      } else if (event.kind === 'applying') say(`${position} ${step.id} (${step.danger}) ${step.title}\n`);
      else {
        say(renderStepResult(event.result, style));
        if (event.result.outcome === 'committed') committed.push(step.id);
        const code = stepExit(event.result, io);
        if (code !== EXIT.ok) exitCode = code;
      }
    },
  });
  if (notConfirmed !== null) return refuse(io, notConfirmed);
  if (options.json) io.stdout(applyJson(report.databases.issoh, false, results));
  return exitCode;
}

/** A step's exit code; its error said once, on stderr (stdout has the step's line without it). */
function stepExit(result: StepResult, io: CommandIO): number {
  if (result.error)
    io.stderr(`mantis-sync-tui: ${result.error.message}${result.error.hint ? ` (hint: ${result.error.hint})` : ''}\n`);
  if (result.outcome === 'dry-run') return result.stillFailing.length > 0 ? EXIT.findings : EXIT.ok;
  return OUTCOME_EXIT[result.outcome];
}

/** What confirms a step: y/N (or --yes) for safe and moderate ones, the database name for a severe one; its explanation first. */
function stepRequest(
  step: Step,
  target: DatabaseTarget,
  unchanged: string,
  environment: Config['environment'],
): ConsentRequest {
  const stakes = () => `${step.id} (${step.danger}) ${step.title}\n${indent(step.explanation)}`;
  return step.danger === 'severe'
    ? {
        action: `step ${step.id} is severe (${step.title})`,
        question: `Apply ${step.id} on ${target.label} ${target.host}/${target.database}?`,
        stakes,
        database: target.database,
        to: `apply ${step.id} in`,
        environment,
        unchanged,
      }
    : {
        action: `step ${step.id} changes the database`,
        question: `Apply ${step.id} (${step.danger}): ${step.title}?`,
        stakes,
        unchanged,
      };
}

/** A step that breaks application statements nobody accepted: refused, naming each and the flag. */
function breakingRefusal(step: Step, breaks: readonly StatementResult[]): string {
  return `refused: step ${step.id} breaks application statements that work today: ${breaks.map((r) => `${placeOf(r)} (${r.id}: ${r.sqlstate} ${r.message})`).join('; ')}: pass ${breaks.map((r) => `--accept-breaking ${r.id}`).join(' ')} to apply it anyway; nothing was changed`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags, 'apply') === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  return runWrite(io, (signal, prompt) =>
    runApplyCommand(
      config,
      settings,
      {
        yes: flags.yes,
        stepId: flags.step,
        dryRun: flags.dryRun,
        confirm: flags.confirm,
        json,
        noColor: !flags.color,
        // --yes answers every y/N: a severe step then needs --confirm, never a question.
        prompt: flags.yes ? undefined : prompt,
        signal,
        contract: contractSourceOf(flags),
        acceptBreaking: (flags.acceptBreaking ?? [])
          .flatMap((ids) => ids.split(','))
          .map((id) => id.trim())
          .filter(Boolean),
        migrations: flags.migrations,
        target: flags.target,
      },
      io,
    ),
  );
};
