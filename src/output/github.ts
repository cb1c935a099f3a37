/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`),
 * within what GitHub shows of one step (10 error and 10 warning annotations: past that, the tenth
 * says how many more there are), and the Markdown job summary for $GITHUB_STEP_SUMMARY.
 *
 * The escaping is the runner's own (actions/toolkit's command.ts, documented with the workflow
 * commands): written here because @actions/core writes straight to process.stdout and exports
 * neither escape function; the tests hold these lines against @actions/core's.
 */
import { type Finding, sortFindings } from '../core/finding.js';
import {
  failingStatuses,
  type GateRun,
  type GateTarget,
  gateExitCode,
  reportable,
  targetPrefix,
  verdictWords,
} from '../core/gate.js';
import { type CiOptions, DATABASE_LABEL, sourcePath } from './ci.js';
import { renderMarkdown } from './markdown.js';
import { renderMatrixMarkdown } from './matrix.js';

/** GitHub keeps this many annotations of each kind per step and drops the rest. */
export const ANNOTATIONS_PER_KIND = 10;

const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

function command(kind: 'error' | 'warning' | 'notice', properties: Record<string, string | number>, message: string) {
  const props = Object.entries(properties)
    .map(([name, value]) => `${name}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${kind}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

interface Annotation {
  readonly properties: Record<string, string | number>;
  readonly message: string;
}

function annotationOf(target: GateTarget, finding: Finding, options: CiOptions): Annotation {
  return {
    // In the order @actions/core writes them: title, file, line.
    properties: {
      title: `${targetPrefix(target)}${finding.code} ${finding.object} [${DATABASE_LABEL[finding.database]}]`,
      ...(finding.location ? { file: sourcePath(finding.location, options), line: finding.location.line } : {}),
    },
    message: [
      finding.title,
      `expected: ${finding.expected}`,
      `actual: ${finding.actual}`,
      ...(finding.fix ? [`fix: ${finding.fix}`] : []),
    ].join('\n'),
  };
}

/** At most ANNOTATIONS_PER_KIND lines: the first ones, and a last that counts the rest. */
function withinLimit(kind: 'error' | 'warning', annotations: readonly Annotation[], noun: string): string[] {
  if (annotations.length <= ANNOTATIONS_PER_KIND) return annotations.map((a) => command(kind, a.properties, a.message));
  const shown = annotations.slice(0, ANNOTATIONS_PER_KIND - 1);
  const rest = annotations.length - shown.length;
  return [
    ...shown.map((a) => command(kind, a.properties, a.message)),
    command(
      kind,
      { title: `${rest} more ${noun}` },
      `${rest} more ${noun} than GitHub shows as annotations: the job summary lists them all`,
    ),
  ];
}

/** The annotations (errors: what fails the gate; warnings: the rest that is not a pass), then one line with the verdict. */
export function renderGithub(run: GateRun, options: CiOptions = {}): string {
  const failing = failingStatuses(run.failOn);
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  for (const target of run.targets) {
    for (const message of target.unreadable)
      errors.push({ properties: { title: `${targetPrefix(target)}database not read` }, message });
    for (const finding of sortFindings(reportable(target.findings)))
      (failing.includes(finding.status) ? errors : warnings).push(annotationOf(target, finding, options));
  }
  const exit = gateExitCode(run);
  return `${[
    ...withinLimit('error', errors, 'failing findings'),
    ...withinLimit('warning', warnings, 'warnings'),
    `mantis-sync-tui ${run.command}: ${errors.length} failing, ${warnings.length} warnings (fail on ${run.failOn}) → ${verdictWords(exit)}`,
  ].join('\n')}\n`;
}

/** The job summary: verify's evidence report for one pair, the matrix and each target's gaps for several. */
export function renderGithubSummary(run: GateRun): string {
  const [only] = run.targets;
  if (run.targets.length === 1 && only?.report)
    return `${only.name ? `**Environment:** ${only.name}\n\n` : ''}${renderMarkdown(only.report)}`;
  return renderMatrixMarkdown(run);
}
