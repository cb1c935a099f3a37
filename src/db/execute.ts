/**
 * Runs one plan step: in its own transaction (see transaction.ts), exports rows first when the
 * step drops a table, then re-introspects and re-checks INSIDE the transaction and commits only
 * when the findings the step is for no longer fail. A dry run does the same work and rolls back.
 */

import { runChecks } from '../core/checks/index.js';
import { DbError } from '../core/errors.js';
import type { ExportManifest } from '../core/export.js';
import type { Finding } from '../core/finding.js';
import type { Manifest } from '../core/manifest.js';
import type { Outcome, Step, StepResult } from '../core/plan.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Database } from './connect.js';
import { describeDbError } from './errors.js';
import {
  checkExportFiles,
  ExportDirectoryError,
  exportTables,
  type PreparedExport,
  prepareExportFor,
} from './export.js';
import { introspect } from './introspect.js';
import { type StepClient, type TransactionOptions, withStepTransaction } from './transaction.js';

export interface ExecuteContext {
  readonly manifest: Manifest;
  readonly templates: Readonly<Record<string, string>>;
  /** SPP's snapshot, for the topology checks that compare the two */
  readonly spp: Snapshot | null;
}

export interface ExecuteOptions extends TransactionOptions {
  readonly dryRun: boolean;
  /** where rows of dropped tables are exported */
  readonly exportDirectory: string;
}

/**
 * What keeps a step from committing: a finding it is for that still fails (or another failing
 * finding about the same object in the same group: a missing partition that now has wrong bounds),
 * and anything that passed before the step and fails after it.
 */
export function unsettled(
  mustPass: readonly string[],
  before: readonly Finding[],
  after: readonly Finding[],
): Finding[] {
  const failing = after.filter((f) => f.status === 'fail' || f.status === 'blocked');
  const targets = before.filter((f) => mustPass.includes(f.id));
  const wasOk = new Set(before.filter((f) => f.status !== 'fail' && f.status !== 'blocked').map((f) => f.id));
  return failing.filter(
    (f) =>
      mustPass.includes(f.id) ||
      targets.some((t) => t.database === f.database && t.object === f.object && t.group === f.group) ||
      wasOk.has(f.id),
  );
}

/** The work of one step inside an open transaction: export, run, re-introspect, re-check. */
async function runInTransaction(
  client: StepClient,
  step: Step,
  before: readonly Finding[],
  context: ExecuteContext,
  into: PreparedExport | null,
) {
  const exported = step.exportTables.length > 0 ? await exportTables(client, step.exportTables, into) : null;
  if (exported && into) await checkExportFiles(into.workPath, exported);
  await client.query(step.sql);
  // A migration set's steps are judged on what its intended state holds (--migrations).
  const snapshot = await introspect(
    { query: (text, values) => client.query(text, values) },
    { scope: context.manifest.migrations?.scope },
  );
  const after = runChecks({
    manifest: context.manifest,
    templates: context.templates,
    issoh: snapshot,
    spp: context.spp,
  });
  return { after, remaining: unsettled(step.mustPass, before, after), exported };
}

function settledResult(
  step: Step,
  mode: 'dry-run' | 'apply',
  outcome: Outcome,
  started: number,
  before: readonly Finding[],
  value: { after: readonly Finding[]; remaining: readonly Finding[]; exported: ExportManifest | null },
): StepResult {
  const open = new Set(value.remaining.map((f) => `${f.database}:${f.object}`));
  const objectOf = new Map(before.map((f) => [f.id, `${f.database}:${f.object}`]));
  return {
    stepId: step.id,
    mode,
    outcome,
    durationMs: Math.round(performance.now() - started),
    fixed: step.mustPass.filter((id) => !open.has(objectOf.get(id) ?? id)),
    stillFailing: value.remaining,
    findingsAfter: value.after,
    exported: value.exported,
    error: null,
  };
}

function failedResult(step: Step, mode: 'dry-run' | 'apply', started: number, error: unknown): StepResult {
  const dbError = error instanceof DbError ? error : null;
  return {
    stepId: step.id,
    mode,
    outcome:
      dbError?.kind === 'lock-held'
        ? 'refused'
        : dbError?.kind === 'interrupted'
          ? 'interrupted'
          : // the export directory cannot be made, or filled up mid-export: rolled back, a usage matter
            error instanceof ExportDirectoryError
            ? 'unusable-export'
            : 'failed',
    durationMs: Math.round(performance.now() - started),
    fixed: [],
    stillFailing: [],
    findingsAfter: null,
    exported: null,
    error: {
      message: error instanceof Error ? error.message : String(error),
      sqlstate: dbError?.sqlstate ?? null,
      hint: dbError?.hint ?? null,
    },
  };
}

const assertSqlStep = (step: Step) => {
  if (step.kind !== 'sql' && step.kind !== 'rebuild') throw new Error(`step ${step.id} is not an SQL step`);
};

export async function executeStep(
  db: Database,
  step: Step,
  before: readonly Finding[],
  context: ExecuteContext,
  options: ExecuteOptions,
): Promise<StepResult> {
  assertSqlStep(step);
  const started = performance.now();
  const mode = options.dryRun ? 'dry-run' : 'apply';
  // The export directory is made before the transaction, so before any lock.
  let into: PreparedExport | null = null;
  try {
    if (step.exportTables.length > 0 && !options.dryRun)
      into = await prepareExportFor(db, options.exportDirectory, step.exportTables);
    const { committed, value } = await withStepTransaction(db, options, async (client) => {
      const value = await runInTransaction(client, step, before, context, into);
      const commit = !options.dryRun && value.remaining.length === 0;
      // Complete, checked, and the step about to commit: the export gets its final name.
      return {
        commit,
        value: { ...value, exported: commit && value.exported && into ? into.seal(value.exported) : value.exported },
      };
    });
    return settledResult(
      step,
      mode,
      committed ? 'committed' : options.dryRun ? 'dry-run' : 'rolled-back',
      started,
      before,
      value,
    );
  } catch (error) {
    return failedResult(step, mode, started, error);
  } finally {
    into?.discard();
  }
}

/**
 * A dry run of several steps at once: one transaction, each step on top of the ones before it
 * (each in a savepoint, so a failing step does not hide the others), then ROLLBACK.
 */
export async function dryRunSteps(
  db: Database,
  steps: readonly Step[],
  before: readonly Finding[],
  context: ExecuteContext,
  options: Omit<ExecuteOptions, 'dryRun'> & {
    /** looks at the transaction before the first step (-1) and after each one (its index): the application's statements */
    readonly observe?: ((client: StepClient, after: number) => Promise<void>) | undefined;
  },
): Promise<StepResult[]> {
  steps.forEach(assertSqlStep);
  const dry = { ...options, dryRun: true };
  const started = performance.now();
  try {
    const { value } = await withStepTransaction(db, dry, async (client) => {
      const results: StepResult[] = [];
      let current = before;
      await options.observe?.(client, -1);
      for (const [index, step] of steps.entries()) {
        const stepStarted = performance.now();
        await client.query('SAVEPOINT mantis_step');
        try {
          const value = await runInTransaction(client, step, current, context, null);
          await client.query('RELEASE SAVEPOINT mantis_step');
          results.push(settledResult(step, 'dry-run', 'dry-run', stepStarted, current, value));
          current = value.after;
        } catch (error) {
          if (options.signal?.aborted) throw error;
          await client.query('ROLLBACK TO SAVEPOINT mantis_step');
          results.push(
            failedResult(
              step,
              'dry-run',
              stepStarted,
              describeDbError(error, db.target, db.options.connectTimeoutMs, 'write'),
            ),
          );
        }
        await options.observe?.(client, index);
      }
      return { commit: false, value: results };
    });
    return value;
  } catch (error) {
    return steps.map((step) => failedResult(step, 'dry-run', started, error));
  }
}
