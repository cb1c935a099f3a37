/**
 * The deploy gate on the command line: --fail-on, the CI formats, and where a report goes
 * (stdout, or --output FILE with the text on stdout; GitHub's job summary when it is set).
 */
import { appendToFile, writeReportFile } from '../commands/report-file.js';
import { DEFAULT_FAIL_ON, FAIL_ON, type FailOn, type GateRun } from '../core/gate.js';
import type { CommandIO } from '../core/io.js';
import type { CiOptions } from '../output/ci.js';
import { renderGithub, renderGithubSummary } from '../output/github.js';
import { renderJunit } from '../output/junit.js';
import { renderSarif } from '../output/sarif.js';
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

/** The report in a CI format, or undefined for the command's own formats (text, markdown, json). */
export function renderCi(format: Format, run: GateRun, options: CiOptions): string | undefined {
  if (format === 'junit') return renderJunit(run, options);
  if (format === 'sarif') return renderSarif(run, options);
  if (format === 'github') return renderGithub(run, options);
  return undefined;
}

/**
 * The report in `format` on stdout; with --output, in the file instead and the text on stdout.
 * `github` also appends the job summary to $GITHUB_STEP_SUMMARY when the runner sets it.
 */
export function emitReport(
  args: {
    readonly format: Format;
    readonly output: string | undefined;
    readonly run: GateRun;
    /** the command's own rendering in `format` (text, markdown, json and the CI formats alike) */
    readonly render: (format: Format) => string;
  },
  io: Pick<CommandIO, 'stdout' | 'env'>,
): void {
  if (args.output !== undefined) {
    writeReportFile(args.output, args.render(args.format));
    io.stdout(args.render('text'));
  } else {
    io.stdout(args.render(args.format));
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (args.format === 'github' && summary) appendToFile(summary, renderGithubSummary(args.run), '$GITHUB_STEP_SUMMARY');
}
