/**
 * Every command's `--json`, built here from its typed result (contract's is in output/contract.ts,
 * watch's tick in output/watch.ts): one shape per command, listed in the README ("JSON output").
 * `database` is the object verify reports (`url` redacted) where the command read the database
 * first (plan, apply, dry run or not), and the redacted URL where it did not (rollback, restore,
 * maintain, health).
 */
import type { DatabaseTarget } from '../core/config.js';
import type { ContractImpact } from '../core/contract.js';
import { type Finding, summarize } from '../core/finding.js';
import type { GateRun } from '../core/gate.js';
import type { HealthReport } from '../core/health.js';
import type { RlsTestResult } from '../core/isolation.js';
import type { MaintainOutcome } from '../core/maintenance.js';
import type { Step, StepResult } from '../core/plan.js';
import { type DatabaseReport, type Report, verdictOf } from '../core/report.js';
import type { RestoreResult, RollbackResult } from '../core/rollback.js';

const document = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** What a plan's steps (or a rollback) do to the application's statements, when a contract was given. */
export interface ContractJson {
  readonly impact: ContractImpact | null;
  readonly error: string | null;
}

const withContract = (contract: ContractJson | null | undefined) => (contract ? { contract } : {});

/** verify: the report (version, generatedAt, databases, findings, summary, …) with its verdict and what went unchecked. */
export const verifyJson = (report: Report) => document({ ...report, ...verdictOf(report) });

/** plan: { database, steps, contract? } */
export const planJson = (database: DatabaseReport, steps: readonly Step[], contract?: ContractJson | null) =>
  document({ database, steps, ...withContract(contract) });

/** apply: { database, dryRun, results, contract? }; one shape whether it ran or dry-ran. */
export const applyJson = (
  database: DatabaseReport,
  dryRun: boolean,
  results: readonly StepResult[],
  contract?: ContractJson | null,
) => document({ database, dryRun, results, ...withContract(contract) });

/** test-rls: the whole result, every cell with its probes. */
export const testRlsJson = (result: RlsTestResult) => document(result);

/** health: { database, serverTime, partitions, coverage, health, unavailable } */
export const healthJson = (report: HealthReport) => document(report);

/** maintain: { database, task, outcome, value, durationMs, error } */
export const maintainJson = (target: DatabaseTarget, outcome: MaintainOutcome) =>
  document({ database: target.redactedUrl, task: outcome.task, ...outcome.result });

/** rollback: { database, outcome, items, rowCounts, dependents, exported, …, contract? } */
export const rollbackJson = (target: DatabaseTarget, result: RollbackResult, contract?: ContractJson | null) =>
  document({ database: target.redactedUrl, ...result, ...withContract(contract) });

/** restore: { database, outcome, tables, partitions, absent, fingerprint, durationMs, error } */
export const restoreJson = (target: DatabaseTarget, result: RestoreResult) =>
  document({ database: target.redactedUrl, ...result });

/** verify --all: { version, generatedAt, failOn, environments: [{ name, verdict, …, exitCode, report }] } */
export const verifyAllJson = (
  run: Pick<GateRun, 'version' | 'generatedAt' | 'failOn'>,
  environments: ReadonlyArray<{ readonly name: string; readonly report: Report; readonly exitCode: number }>,
) =>
  document({
    version: run.version,
    generatedAt: run.generatedAt,
    failOn: run.failOn,
    environments: environments.map(({ name, report, exitCode }) => ({
      name,
      ...verdictOf(report),
      exitCode,
      report,
    })),
  });

/** diff: { version, generatedAt, findings, unreadable, uncompared, summary } */
export const diffJson = <Diff extends { readonly findings: readonly Finding[] }>(
  run: Pick<GateRun, 'version' | 'generatedAt'>,
  result: Diff,
) => document({ version: run.version, generatedAt: run.generatedAt, ...result, summary: summarize(result.findings) });

/** A value a person typed, quoted in a message as it was typed (its spaces and quotes visible). */
export const quoted = (value: string) => JSON.stringify(value);
