/**
 * The deploy gate on the command line: --fail-on, the CI formats, and where a report goes
 * (stdout, or --output FILE with the text on stdout; GitHub's job summary when it is set).
 */
import { relative } from 'node:path';
import type { VerifyContract } from '../commands/contract.js';
import { appendToFile, writeReportFile } from '../commands/report-file.js';
import { DEFAULT_FAIL_ON, FAIL_ON, type FailOn, type GateRun, type GateTarget } from '../core/gate.js';
import type { CommandIO } from '../core/io.js';
import { type Report, unreadableReasons } from '../core/report.js';
import type { CiOptions } from '../output/ci.js';
import type { Format } from './usage.js';
import { UsageError } from './usage.js';

export function failOnOf(flags: { readonly failOn?: string | undefined }): FailOn {
  if (flags.failOn === undefined) return DEFAULT_FAIL_ON;
  if (!(FAIL_ON as readonly string[]).includes(flags.failOn))
    throw new UsageError(`--fail-on must be ${FAIL_ON.join(', ')} (got ${JSON.stringify(flags.failOn)})`);
  return flags.failOn as FailOn;
}

/** --output FILE, checked before anything is read. */
export function outputOf(flags: { readonly output?: string | undefined }): string | undefined {
  if (flags.output === '') throw new UsageError('--output needs a file to write the report to');
  return flags.output;
}

/**
 * The report in a CI format, or undefined for the command's own formats (text, markdown, json).
 * Each format's builder is loaded when it is asked for (JUnit's and SARIF's libraries are large):
 * `verify --json` does not wait for them.
 */
export async function renderCi(format: Format, run: GateRun, options: CiOptions): Promise<string | undefined> {
  if (format === 'junit') return (await import('../output/junit.js')).renderJunit(run, options);
  if (format === 'sarif') return (await import('../output/sarif.js')).renderSarif(run, options);
  if (format === 'github') return (await import('../output/github.js')).renderGithub(run, options);
  return undefined;
}

/**
 * The report in `format` on stdout; with --output, in the file instead and the text on stdout.
 * `github` also appends the job summary to $GITHUB_STEP_SUMMARY when the runner sets it.
 */
export async function emitReport(
  args: {
    readonly format: Format;
    readonly output: string | undefined;
    readonly run: GateRun;
    /** the command's own rendering in `format` (text, markdown, json and the CI formats alike) */
    readonly render: (format: Format) => Promise<string>;
  },
  io: Pick<CommandIO, 'stdout' | 'env'>,
): Promise<void> {
  if (args.output !== undefined) {
    writeReportFile(args.output, await args.render(args.format));
    io.stdout(await args.render('text'));
  } else {
    io.stdout(await args.render(args.format));
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (args.format === 'github' && summary) {
    const { renderGithubSummary } = await import('../output/github.js');
    appendToFile(summary, renderGithubSummary(args.run), '$GITHUB_STEP_SUMMARY');
  }
}

/** A database verify waits for; a message is "<database>: <what happened>: <fix>", and while waiting, what happened is enough. */
export const waitingLine = (label: string, reason: string, budgetMs: number): string =>
  `mantis-sync-tui: ${label} does not answer yet (${reason.split(': ')[1] ?? reason}): waiting up to ${Math.round(budgetMs / 1000)} s for it to come up\n`;

/** One environment's report (or the URLs given) as the gate sees it. */
export function gateTargetOf(name: string | null, report: Report): GateTarget {
  return {
    name,
    findings: report.findings,
    unreadable: unreadableReasons(report),
    report,
  };
}

/** A statement's file named from the working directory (the repository's root in CI). */
export function ciOptionsOf(contract: VerifyContract | undefined): CiOptions {
  return contract ? { sourceRoot: relative(process.cwd(), contract.loaded.appDirectory) } : {};
}
