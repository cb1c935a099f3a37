/**
 * apply: the plan's steps, one confirmed, transactional, re-verified step at a time (or all of
 * them in one transaction that rolls back, for a dry run). Every step's attempt is in the audit
 * log, written here, whichever face asked.
 */

import { type AuditedAttempt, beginAttempt, refuseWithoutAuditLog } from '../audit.js';
import type { Config } from '../core/config.js';
import type { ContractImpact } from '../core/contract.js';
import { AuditLogError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { type AuditIO, fileStamp, safePathComponent } from '../core/io.js';
import type { RlsTestResult } from '../core/isolation.js';
import type { LockWait } from '../core/lock-wait.js';
import type { Step, StepResult } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import type { Database } from '../db/connect.js';
import { dryRunSteps, executeStep } from '../db/execute.js';
import { stepOptions, writableDatabase } from '../db/session.js';
import { contractProbes } from './contract.js';
import { probeIsolation } from './test-rls.js';
import { type VerifyContract, type VerifyDependencies, verify } from './verify.js';

/** Ctrl-C during apply's first read (the plan), or any read: the server cancels it too (db/cancel). */
export { cancelRunningReads } from '../db/cancel.js';

export interface ApplyStepOptions {
  readonly dryRun: boolean;
  readonly signal?: AbortSignal | undefined;
  /** told while a step waits for a lock (what, who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
  readonly io: AuditIO;
}

/** One SQL step on its own session. Throws AuditLogError when its audit line cannot be written after it ran. */
export async function applyStep(
  config: Config,
  settings: RemediationSettings,
  step: Step,
  before: readonly Finding[],
  deps: VerifyDependencies,
  options: ApplyStepOptions,
): Promise<StepResult> {
  refuseWithoutAuditLog(options.io, settings.auditLog);
  const db = writableDatabase(requireIssoh(config, 'apply'), config, settings);
  try {
    return await runStep(db, step, before, deps, settings, options);
  } finally {
    await db.close();
  }
}

async function runStep(
  db: Database,
  step: Step,
  before: readonly Finding[],
  deps: VerifyDependencies,
  settings: RemediationSettings,
  options: ApplyStepOptions,
): Promise<StepResult> {
  const stamp = fileStamp(options.io.now());
  const exportDirectory =
    settings.exportDirectory ?? `mantis-rebuild-${safePathComponent(db.target.database)}-${stamp}-${step.id}`;
  const attempt = beginStep(db, step, options.dryRun ? 'dry-run' : 'apply', exportDirectory, settings, options.io);
  let result: StepResult;
  try {
    result = await executeStep(
      db,
      step,
      before,
      { manifest: deps.manifest, templates: deps.templates, spp: null },
      { ...stepOptions(settings, options.signal, options.onWaiting), dryRun: options.dryRun, exportDirectory },
    );
  } catch (error) {
    attempt.finish({ outcome: 'failed', durationMs: 0, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  audit(attempt, step, result);
  return result;
}

/** What happens as apply goes through the steps, in order; `position` is "[2/5]". */
export type ApplyEvent =
  | { readonly kind: 'info'; readonly position: string; readonly step: Step }
  | { readonly kind: 'verified'; readonly position: string; readonly step: Step; readonly report: Report }
  | { readonly kind: 'rls'; readonly position: string; readonly step: Step; readonly result: RlsTestResult }
  | { readonly kind: 'applying'; readonly position: string; readonly step: Step }
  | { readonly kind: 'applied'; readonly position: string; readonly step: Step; readonly result: StepResult };

export interface ApplyOptions {
  /** the steps to run, in order (the plan's, or the one --step names) */
  readonly steps: readonly Step[];
  /** the plan's findings: what the first step is judged against */
  readonly findings: readonly Finding[];
  readonly deps: VerifyDependencies;
  /** asked before every SQL step: true, or why it is not applied (which stops the run) */
  readonly confirm: (step: Step) => Promise<true | string>;
  readonly onEvent: (event: ApplyEvent) => void;
  readonly signal?: AbortSignal | undefined;
  /** told while a step waits for a lock (what, who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
  readonly io: AuditIO;
}

export interface ApplyResult {
  readonly results: readonly StepResult[];
  /** why a step was not confirmed: nothing after it ran */
  readonly refusal: string | null;
}

/** The steps on one session; stops at the first step that does not commit. */
export async function apply(
  config: Config,
  settings: RemediationSettings,
  options: ApplyOptions,
): Promise<ApplyResult> {
  refuseWithoutAuditLog(options.io, settings.auditLog);
  const db = writableDatabase(requireIssoh(config, 'apply'), config, settings);
  const results: StepResult[] = [];
  let findings = options.findings;
  try {
    for (const [index, step] of options.steps.entries()) {
      const position = `[${index + 1}/${options.steps.length}]`;
      if (step.kind === 'info') {
        options.onEvent({ kind: 'info', position, step });
        continue;
      }
      if (step.kind === 'verify') {
        const report = await verify(config, options.deps);
        findings = report.findings;
        options.onEvent({ kind: 'verified', position, step, report });
        continue;
      }
      if (step.kind === 'rls-test') {
        const result = await probeIsolation(db, config, settings, options.signal);
        options.onEvent({ kind: 'rls', position, step, result });
        continue;
      }
      const confirmed = await options.confirm(step);
      if (confirmed !== true) return { results, refusal: confirmed };
      options.onEvent({ kind: 'applying', position, step });
      const result = await runStep(db, step, findings, options.deps, settings, {
        dryRun: false,
        signal: options.signal,
        onWaiting: options.onWaiting,
        io: options.io,
      });
      results.push(result);
      options.onEvent({ kind: 'applied', position, step, result });
      if (result.findingsAfter && result.outcome === 'committed') findings = result.findingsAfter;
      if (result.outcome !== 'committed') break;
    }
  } finally {
    await db.close();
  }
  return { results, refusal: null };
}

export interface DryRunOptions {
  readonly steps: readonly Step[];
  readonly findings: readonly Finding[];
  readonly deps: VerifyDependencies;
  readonly signal?: AbortSignal | undefined;
  /** told while the dry run waits for a lock (what, who holds it), and null when the wait ends */
  readonly onWaiting?: ((wait: LockWait | null) => void) | undefined;
  readonly io: AuditIO;
  /** the application's statements: checked before the first step and after each, inside the dry run */
  readonly contract?: VerifyContract | undefined;
}

export interface DryRunResult {
  readonly steps: readonly Step[];
  readonly results: readonly StepResult[];
  /** what the steps do to the application's statements (with a contract) */
  readonly impact: ContractImpact | null;
  /** why the statements could not be checked inside the dry run */
  readonly impactError: string | null;
}

/** Every SQL step on top of the ones before it, in one transaction that rolls back; the SQL steps and their results. */
export async function dryRunApply(
  config: Config,
  settings: RemediationSettings,
  options: DryRunOptions,
): Promise<DryRunResult> {
  refuseWithoutAuditLog(options.io, settings.auditLog);
  const db = writableDatabase(requireIssoh(config, 'apply'), config, settings);
  try {
    const steps = options.steps.filter((s) => s.kind === 'sql' || s.kind === 'rebuild');
    const observer = options.contract ? contractProbes<number>(options.contract) : null;
    const exportDirectory = settings.exportDirectory ?? '.';
    const attempts: AuditedAttempt[] = [];
    for (const step of steps) {
      try {
        attempts.push(beginStep(db, step, 'dry-run', exportDirectory, settings, options.io));
      } catch (error) {
        // The steps whose intent was written are closed as not tried.
        for (const attempt of attempts)
          attempt.finish({ outcome: 'refused', durationMs: 0, error: (error as Error).message });
        throw error;
      }
    }
    let results: StepResult[];
    try {
      results = await dryRunSteps(
        db,
        steps,
        options.findings,
        { manifest: options.deps.manifest, templates: options.deps.templates, spp: null },
        { ...stepOptions(settings, options.signal, options.onWaiting), exportDirectory, observe: observer?.observe },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const attempt of attempts) attempt.finish({ outcome: 'failed', durationMs: 0, error: message });
      throw error;
    }
    results.forEach((result, index) => {
      audit(attempts[index]!, steps[index]!, result);
    });
    const stretches = steps.map((step, index) => ({ stepId: step.id, point: index }));
    return { steps, results, ...(observer ? observer.impact(-1, stretches) : { impact: null, impactError: null }) };
  } finally {
    await db.close();
  }
}

/**
 * The step's intent line, before its transaction: a log that cannot take it refuses the step
 * (ConfigError) before anything of it happens.
 */
function beginStep(
  db: Database,
  step: Step,
  mode: 'dry-run' | 'apply',
  exportDirectory: string,
  settings: RemediationSettings,
  io: AuditIO,
): AuditedAttempt {
  const exporting = mode === 'apply' && step.exportTables.length > 0;
  return beginAttempt(
    io,
    settings.auditLog,
    db.target,
    {
      step: step.id,
      sql: step.sql,
      mode,
      changes:
        mode === 'dry-run'
          ? `nothing: ${step.title}, run and rolled back`
          : `${step.title}${exporting ? `, the rows of ${step.exportTables.join(', ')} exported first to ${exportDirectory}` : ''}`,
      tables: step.exportTables,
      exportDirectory: exporting ? exportDirectory : null,
    },
    `${step.id} was not ${mode === 'dry-run' ? 'tried' : 'applied'}`,
  );
}

/** The step's outcome line; a log that fails after the intent stops the run with the step's outcome named. */
function audit(attempt: AuditedAttempt, step: Step, result: StepResult): void {
  const failed = attempt.finish({
    outcome: result.outcome,
    durationMs: result.durationMs,
    error: result.error?.message,
  });
  if (failed) throw new AuditLogError(`${step.id} ${result.outcome}`, failed);
}
