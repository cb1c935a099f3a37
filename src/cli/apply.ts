/**
 * The CLI handler of apply: refuses what nobody can confirm before anything runs, asks for each
 * step (y/N, or the database name for a severe one), prints each step as it ends.
 */
import { apply, dryRunApply } from '../commands/apply.js';
import { type ContractSource, contractFor } from '../commands/contract.js';
import { makePlan } from '../commands/plan.js';
import { defaultDependencies } from '../commands/verify.js';
import type { Config, DatabaseTarget } from '../core/config.js';
import { placeOf, type StatementResult, unacceptedBreaks } from '../core/contract.js';
import type { CommandIO } from '../core/io.js';
import type { Step, StepResult } from '../core/plan.js';
import { count } from '../core/words.js';
import { pooledRefusal, type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import { renderImpact, renderRlsResult, renderStepResult } from '../output/plan.js';
import { detectStyle } from '../output/style.js';
import { renderText } from '../output/text.js';
import { EXIT } from './exit.js';
import { withInterrupt } from './interrupt.js';
import { ask, configOf, contractSourceOf, formatOf, type Handler, writeSettingsOf } from './options.js';
import { rlsExitCode } from './test-rls.js';

interface ApplyCommandOptions {
  readonly yes: boolean;
  readonly stepId?: string | undefined;
  readonly dryRun: boolean;
  /** the database name, typed, for severe steps */
  readonly confirm?: string | undefined;
  readonly json: boolean;
  readonly noColor: boolean;
  /** asks y/N (or for the database name) on a terminal; absent when stdin is not one */
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** --app DIR or --contract FILE */
  readonly contract: ContractSource | null;
  /** --accept-breaking: application statements the operator lets a step break */
  readonly acceptBreaking: readonly string[];
}

const OUTCOME_EXIT: Record<StepResult['outcome'], number> = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  'rolled-back': EXIT.findings,
  failed: EXIT.database,
  refused: EXIT.refused,
  interrupted: 130,
};

async function runApplyCommand(
  config: Config,
  settings: RemediationSettings,
  options: ApplyCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = requireIssoh(config, 'apply');
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  // A dry run changes nothing (it rolls back), so it needs no confirmation.
  if (!options.yes && !options.prompt && !options.dryRun) {
    io.stderr(
      'mantis-sync-tui: refused: apply changes the database and nobody can confirm here (stdin is not a terminal): pass --yes\n',
    );
    return EXIT.refused;
  }
  const deps = defaultDependencies(io.now);
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
  if (severe && !options.dryRun && !options.prompt && options.confirm === undefined) {
    io.stderr(
      `mantis-sync-tui: refused: step ${severe.id} is severe (${severe.title}): pass --confirm=${target.database} to confirm it; nothing was changed\n`,
    );
    return EXIT.refused;
  }
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  const say = (text: string) => (options.json ? io.stderr(text) : io.stdout(text));
  const dryRun = () =>
    dryRunApply(config, settings, {
      steps: selected,
      findings: report.findings,
      deps,
      signal: options.signal,
      io,
      contract,
    });
  if (options.dryRun) {
    const dry = await dryRun();
    dry.results.forEach((result, index) => {
      const step = dry.steps[index]!;
      say(
        `[${index + 1}/${dry.steps.length}] ${step.id} (${step.danger}) ${step.title}\n${renderStepResult(result, style)}`,
      );
    });
    if (options.json)
      io.stdout(
        `${JSON.stringify({ database: target.redactedUrl, dryRun: true, results: dry.results, ...(contract ? { contract: { impact: dry.impact, error: dry.impactError } } : {}) }, null, 2)}\n`,
      );
    const worst = dry.results.reduce(
      (code, r) =>
        Math.max(
          code,
          r.outcome === 'dry-run' ? (r.stillFailing.length > 0 ? EXIT.findings : EXIT.ok) : OUTCOME_EXIT[r.outcome],
        ),
      EXIT.ok as number,
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
    if (breaking) {
      io.stderr(
        `mantis-sync-tui: ${breakingRefusal(breaking, unacceptedBreaks(impact, breaking.id, options.acceptBreaking))}\n`,
      );
      return EXIT.refused;
    }
  }
  let exitCode: number = EXIT.ok;
  const { results, refusal: notConfirmed } = await apply(config, settings, {
    steps: selected,
    findings: report.findings,
    deps,
    confirm: async (step) => {
      const breaks = unacceptedBreaks(impact, step.id, options.acceptBreaking);
      if (breaks.length > 0) {
        if (!options.prompt) return breakingRefusal(step, breaks);
        const answer = await options.prompt(
          `${step.id} breaks ${breaks.length} application statement(s) that work today: ${breaks.map((r) => `${placeOf(r)} (${r.id}: ${r.sqlstate} ${r.message})`).join('; ')}. Apply it anyway? [y/N] `,
        );
        if (!/^y(es)?$/i.test(answer.trim())) return `not confirmed: ${step.id} was not applied`;
      }
      return confirmStep(step, target, options, io);
    },
    signal: options.signal,
    io,
    onEvent: (event) => {
      const { position, step } = event;
      if (event.kind === 'info') say(`${position} ${step.title}\n${indent(step.explanation)}\n`);
      else if (event.kind === 'verified') {
        say(`${position} ${step.title}\n${renderText(event.report, { style, verbose: false })}`);
        if (event.report.summary.fail > 0 || event.report.summary.blocked > 0)
          exitCode = Math.max(exitCode, EXIT.findings);
      } else if (event.kind === 'rls') {
        say(`${position} ${step.title}\n${renderRlsResult(event.result, style)}`);
        if (!event.result.ok) exitCode = Math.max(exitCode, rlsExitCode(event.result));
      } else if (event.kind === 'applying') say(`${position} ${step.id} (${step.danger}) ${step.title}\n`);
      else {
        say(renderStepResult(event.result, style));
        const code = OUTCOME_EXIT[event.result.outcome];
        if (code !== EXIT.ok) {
          // Also on stderr, where a script's log catches it.
          if (event.result.error) io.stderr(`mantis-sync-tui: ${event.result.error.message}\n`);
          exitCode = code;
        }
      }
    },
  });
  if (notConfirmed !== null) {
    io.stderr(`mantis-sync-tui: ${notConfirmed}\n`);
    return EXIT.refused;
  }
  if (options.json) io.stdout(`${JSON.stringify({ database: report.databases.issoh, results }, null, 2)}\n`);
  return exitCode;
}

async function confirmStep(
  step: Step,
  target: DatabaseTarget,
  options: ApplyCommandOptions,
  io: CommandIO,
): Promise<true | string> {
  if (step.danger === 'severe') {
    if (options.confirm !== undefined) {
      return options.confirm === target.database
        ? true
        : `refused: --confirm=${options.confirm} does not name the database (${target.database})`;
    }
    if (options.yes || !options.prompt) {
      return `refused: step ${step.id} is severe (${step.title}): pass --confirm=${target.database} to confirm it`;
    }
    io.stderr(`${step.title}\n${indent(step.explanation)}\n`);
    const typed = await options.prompt(
      `Type the database name (${target.database}) to apply ${step.id}, or press Enter to stop: `,
    );
    return typed.trim() === target.database ? true : `not confirmed: ${step.id} was not applied`;
  }
  if (options.yes) return true;
  if (!options.prompt) return 'refused: pass --yes';
  const answer = await options.prompt(`Apply ${step.id} (${step.danger}): ${step.title}? [y/N] `);
  return /^y(es)?$/i.test(answer.trim()) ? true : `not confirmed: ${step.id} was not applied`;
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
  const json = formatOf(flags) === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  return withInterrupt((signal) =>
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
        prompt: io.stdinIsTTY && !flags.yes ? ask : undefined,
        signal,
        contract: contractSourceOf(flags),
        acceptBreaking: (flags.acceptBreaking ?? [])
          .flatMap((ids) => ids.split(','))
          .map((id) => id.trim())
          .filter(Boolean),
      },
      io,
    ),
  );
};
