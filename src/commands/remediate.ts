/**
 * plan, apply and test-rls: the remediation commands. Library functions (makePlan, applyStep,
 * testRls) for the app, and CLI handlers that print and map results to exit codes.
 */

import { recordAttempt } from '../audit.js';
import { type Config, ConfigError, type DatabaseTarget } from '../core/config.js';
import type { Finding } from '../core/finding.js';
import { buildPlan, type Step, type StepResult } from '../core/plan.js';
import { isPooledHost } from '../core/redact.js';
import type { Report } from '../core/report.js';
import { count } from '../core/words.js';
import { type Database, openDatabase } from '../db/connect.js';
import { dryRunSteps, executeStep } from '../db/execute.js';
import { type RlsTestResult, runRlsTest } from '../db/rls.js';
import type { TransactionOptions } from '../db/transaction.js';
import { renderPlan, renderRlsResult, renderStepResult } from '../output/plan.js';
import { detectStyle } from '../output/style.js';
import { renderText } from '../output/text.js';
import { loadTemplates } from '../sql.js';
import { type CommandIO, EXIT, fileStamp } from './io.js';
import { defaultDependencies, type VerifyDependencies, verify } from './verify.js';

export interface RemediationSettings {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly allowPooled: boolean;
  readonly auditLog?: string | undefined;
  readonly exportDirectory?: string | undefined;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/** The options of one step's transaction: the operator's timeouts, and Ctrl-C. */
export function stepOptions(
  settings: Pick<RemediationSettings, 'lockTimeoutMs' | 'statementTimeoutMs'>,
  signal?: AbortSignal,
): TransactionOptions {
  return {
    lockTimeoutMs: settings.lockTimeoutMs,
    statementTimeoutMs: settings.statementTimeoutMs,
    ...(signal ? { signal } : {}),
  };
}
export const DEFAULT_STEP_STATEMENT_TIMEOUT_MS = 60_000;

export interface PlanResult {
  readonly report: Report;
  readonly steps: readonly Step[];
}

export function requireIssoh(config: Config, command: string): DatabaseTarget {
  if (!config.issoh)
    throw new ConfigError(`${command} works on IS-SOH, where 0024 belongs: set DATABASE_URL (or --issoh-url)`);
  return config.issoh;
}

export async function makePlan(config: Config, deps: VerifyDependencies = defaultDependencies()): Promise<PlanResult> {
  const report = await verify(config, deps);
  const sql = loadTemplates(['prereq', 'migrations', 'fix', 'rebuild', 'plan']);
  return { report, steps: buildPlan({ findings: report.findings, expected: deps.manifest.expected, sql }) };
}

/** Writes through PgBouncer in transaction mode break session state and hide who holds locks. */
export function pooledRefusal(target: DatabaseTarget, settings: RemediationSettings): string | null {
  if (!target.pooled || settings.allowPooled) return null;
  if (!isPooledHost(target.host)) {
    return `refused: ${target.label} (${target.host}) is a pooled endpoint (pgbouncer=true): apply through the direct URL (without the pooler and pgbouncer=true in ${target.source}), or pass --allow-pooled`;
  }
  return `refused: ${target.label} (${target.host}) is a Neon pooled endpoint (-pooler): apply through the direct host (drop "-pooler" from ${target.source}), or pass --allow-pooled`;
}

export function writableDatabase(target: DatabaseTarget, config: Config, settings: RemediationSettings): Database {
  return openDatabase(target, {
    readOnly: false,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: settings.statementTimeoutMs,
    max: 2,
  });
}

export async function applyStep(
  db: Database,
  step: Step,
  before: readonly Finding[],
  deps: VerifyDependencies,
  settings: RemediationSettings,
  io: Pick<CommandIO, 'env' | 'now'>,
  dryRun: boolean,
  signal?: AbortSignal,
): Promise<StepResult> {
  const stamp = fileStamp(io.now());
  const result = await executeStep(
    db,
    step,
    before,
    { manifest: deps.manifest, templates: deps.templates, spp: null },
    {
      ...stepOptions(settings, signal),
      dryRun,
      exportDirectory: settings.exportDirectory ?? `mantis-rebuild-${db.target.database}-${stamp}-${step.id}`,
    },
  );
  audit(db, step, result, settings, io);
  return result;
}

/** `asRole`: the role the application connects as (--as); the probes run as it instead of authenticated. */
export async function testRls(
  db: Database,
  settings: RemediationSettings,
  signal?: AbortSignal,
  asRole: string | null = null,
): Promise<RlsTestResult> {
  return runRlsTest(db, { ...stepOptions(settings, signal), asRole });
}

/** 0 isolation holds; 1 broken, or what it needs is missing; 2 --as names no role; 4 the database failed. */
export function rlsExitCode(result: RlsTestResult): number {
  if (result.ok) return EXIT.ok;
  if (result.error === null || result.errorKind === 'missing') return EXIT.findings;
  return result.errorKind === 'usage' ? EXIT.usage : EXIT.database;
}

// ── CLI handlers ────────────────────────────────────────────────────────────────────────────

export interface PlanCommandOptions {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly noColor: boolean;
}

export async function runPlanCommand(config: Config, options: PlanCommandOptions, io: CommandIO): Promise<number> {
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

export interface ApplyCommandOptions {
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
}

const OUTCOME_EXIT: Record<StepResult['outcome'], number> = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  'rolled-back': EXIT.findings,
  failed: EXIT.database,
  refused: EXIT.refused,
  interrupted: 130,
};

export async function runApplyCommand(
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
  const { report, steps } = await makePlan(config, deps);
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
  const results: StepResult[] = [];
  const db = writableDatabase(target, config, settings);
  if (options.dryRun) {
    try {
      return await dryRunCommand(db, selected, report.findings, deps, settings, options, io, style, say);
    } finally {
      await db.close();
    }
  }
  let findings = report.findings;
  let exitCode: number = EXIT.ok;
  try {
    for (const [index, step] of selected.entries()) {
      const position = `[${index + 1}/${selected.length}]`;
      if (step.kind === 'info') {
        say(`${position} ${step.title}\n${indent(step.explanation)}\n`);
        continue;
      }
      if (step.kind === 'verify') {
        const after = await verify(config, deps);
        findings = after.findings;
        say(`${position} ${step.title}\n${renderText(after, { style, verbose: false })}`);
        if (after.summary.fail > 0 || after.summary.blocked > 0) exitCode = Math.max(exitCode, EXIT.findings);
        continue;
      }
      if (step.kind === 'rls-test') {
        const rls = await testRls(db, settings, options.signal, config.appRole ?? null);
        say(`${position} ${step.title}\n${renderRlsResult(rls, style)}`);
        if (!rls.ok) exitCode = Math.max(exitCode, rlsExitCode(rls));
        continue;
      }
      const confirmed = await confirmStep(step, target, options, io);
      if (confirmed !== true) {
        io.stderr(`mantis-sync-tui: ${confirmed}\n`);
        return EXIT.refused;
      }
      say(`${position} ${step.id} (${step.danger}) ${step.title}\n`);
      const result = await applyStep(db, step, findings, deps, settings, io, options.dryRun, options.signal);
      results.push(result);
      say(renderStepResult(result, style));
      if (result.findingsAfter && result.outcome === 'committed') findings = result.findingsAfter;
      const code = OUTCOME_EXIT[result.outcome];
      if (code !== EXIT.ok) {
        // Also on stderr, where a script's log catches it.
        if (result.error) io.stderr(`mantis-sync-tui: ${result.error.message}\n`);
        exitCode = code;
        break;
      }
    }
  } finally {
    await db.close();
  }
  if (options.json) io.stdout(`${JSON.stringify({ database: report.databases.issoh, results }, null, 2)}\n`);
  return exitCode;
}

/** Every SQL step on top of the ones before it, in one transaction that rolls back. */
async function dryRunCommand(
  db: Database,
  selected: readonly Step[],
  findings: readonly Finding[],
  deps: VerifyDependencies,
  settings: RemediationSettings,
  options: ApplyCommandOptions,
  io: CommandIO,
  style: ReturnType<typeof detectStyle>,
  say: (text: string) => void,
): Promise<number> {
  const sqlSteps = selected.filter((s) => s.kind === 'sql' || s.kind === 'rebuild');
  const results = await dryRunSteps(
    db,
    sqlSteps,
    findings,
    { manifest: deps.manifest, templates: deps.templates, spp: null },
    { ...stepOptions(settings, options.signal), exportDirectory: settings.exportDirectory ?? '.' },
  );
  results.forEach((result, index) => {
    const step = sqlSteps[index]!;
    say(
      `[${index + 1}/${sqlSteps.length}] ${step.id} (${step.danger}) ${step.title}\n${renderStepResult(result, style)}`,
    );
    audit(db, step, result, settings, io);
  });
  if (options.json)
    io.stdout(`${JSON.stringify({ database: db.target.redactedUrl, dryRun: true, results }, null, 2)}\n`);
  const worst = results.reduce(
    (code, r) =>
      Math.max(
        code,
        r.outcome === 'dry-run' ? (r.stillFailing.length > 0 ? EXIT.findings : EXIT.ok) : OUTCOME_EXIT[r.outcome],
      ),
    EXIT.ok as number,
  );
  say(`dry run: ${count(results.length, 'step')} checked in one transaction and rolled back; nothing was changed\n`);
  return worst;
}

function audit(
  db: Database,
  step: Step,
  result: StepResult,
  settings: RemediationSettings,
  io: Pick<CommandIO, 'env' | 'now'>,
): void {
  recordAttempt(io, settings.auditLog, db.target, {
    step: step.id,
    sql: step.sql,
    mode: result.mode,
    outcome: result.outcome,
    durationMs: result.durationMs,
    error: result.error?.message,
  });
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

export async function runTestRlsCommand(
  config: Config,
  settings: RemediationSettings,
  options: { json: boolean; noColor: boolean },
  io: CommandIO,
): Promise<number> {
  const target = requireIssoh(config, 'test-rls');
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  const db = writableDatabase(target, config, settings);
  try {
    const result = await testRls(db, settings, undefined, config.appRole ?? null);
    if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else
      io.stdout(renderRlsResult(result, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })));
    if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
    return rlsExitCode(result);
  } finally {
    await db.close();
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
