/** Text renderers for plan, apply results and the RLS test. */

import { brokenBy, type ContractImpact, describeImpact, placeOf } from '../core/contract.js';
import { isolationReport, type ReportTone, type RlsTestResult } from '../core/isolation.js';
import { needsOptionalTag, type Step, type StepResult } from '../core/plan.js';
import type { DatabaseReport } from '../core/report.js';
import { count } from '../core/words.js';
import { glyph, type Paint, paint, type Style } from './style.js';

const DANGER_COLOR = { safe: 'green', moderate: 'yellow', severe: 'red' } as const;

export function renderPlan(
  db: DatabaseReport,
  steps: readonly Step[],
  options: { style: Style; verbose: boolean; impact?: ContractImpact | null; impactError?: string | null },
): string {
  const { style } = options;
  const lines = [
    paint(style, 'bold', `Plan for ${db.label} ${db.host}/${db.database}`) +
      paint(style, 'gray', ` · ${count(steps.length, 'step')}`),
    '',
  ];
  steps.forEach((step, index) => {
    const danger = paint(style, DANGER_COLOR[step.danger], step.danger.padEnd(8));
    const tags = [needsOptionalTag(step) ? 'optional' : '', step.kind === 'info' ? 'information' : ''].filter(Boolean);
    lines.push(
      `${String(index + 1).padStart(2)}. ${step.id.padEnd(34)} ${danger} ${step.title}${tags.length ? paint(style, 'gray', ` (${tags.join(', ')})`) : ''}`,
    );
    if (step.why.length > 0) lines.push(paint(style, 'gray', `      why: ${summarizeWhy(step.why)}`));
    const breaks = brokenBy(options.impact ?? null, step.id);
    if (breaks.length > 0)
      lines.push(
        paint(
          style,
          'red',
          `      breaks application statements that work today: ${breaks.map((r) => `${placeOf(r)} (${r.id})`).join(', ')}`,
        ),
      );
    if (options.verbose) {
      if (step.explanation) lines.push(...step.explanation.split('\n').map((l) => `      ${l}`));
      if (step.sql) lines.push(...step.sql.split('\n').map((l) => paint(style, 'cyan', `      ${l}`)));
    }
  });
  if (options.impact || options.impactError)
    lines.push('', ...renderImpact(options.impact ?? null, options.impactError ?? null, steps, style));
  lines.push(
    '',
    paint(
      style,
      'gray',
      'Apply: mantis-sync-tui apply --yes [--step ID] [--dry-run]; severe steps also need --confirm=<database>.',
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** The application's statements through the dry run, as plan and apply --dry-run print them. */
export function renderImpact(
  impact: ContractImpact | null,
  error: string | null,
  steps: readonly Step[],
  style: Style,
  titleOf = (stepId: string) => `step ${steps.findIndex((s) => s.id === stepId) + 1} (${stepId})`,
  subject = 'these steps',
): string[] {
  if (!impact) return [paint(style, 'yellow', `Application contract: not checked: ${error}`)];
  const [head, ...rest] = describeImpact(impact, titleOf, subject);
  const worse = impact.failingAfter > impact.failingNow;
  return [
    `${paint(style, 'bold', 'Application contract')} ${paint(style, worse ? 'red' : 'gray', head ?? '')}`,
    ...rest.map((line) => `  ${paint(style, line.includes(' breaks ') ? 'red' : 'green', line)}`),
  ];
}

function summarizeWhy(ids: readonly string[]): string {
  const codes = new Map<string, number>();
  for (const id of ids) {
    const code = id.split(':')[1] ?? id;
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  return [...codes.entries()].map(([code, n]) => (n > 1 ? `${code} ×${n}` : code)).join(', ');
}

export function renderStepResult(result: StepResult, style: Style): string {
  const took = `${result.durationMs} ms`;
  switch (result.outcome) {
    case 'committed':
      return `    ${glyph(style, 'pass')} committed in ${took}: ${count(result.fixed.length, 'finding')} fixed${result.exported ? `; rows exported to ${result.exported.directory} (${result.exported.tables.map((t) => `${t.table}: ${t.rows}`).join(', ')})` : ''}\n`;
    case 'dry-run':
      return `    ${glyph(style, result.stillFailing.length === 0 ? 'pass' : 'warn')} dry run (rolled back) in ${took}: would fix ${count(result.fixed.length, 'finding')}${result.stillFailing.length ? `, would leave ${result.stillFailing.length} failing: ${result.stillFailing.map((f) => `${f.code} ${f.object}`).join('; ')}` : ''}\n`;
    case 'rolled-back':
      return `    ${glyph(style, 'fail')} rolled back after ${took}: these still fail inside the transaction: ${result.stillFailing.map((f) => `${f.code} ${f.object}`).join('; ')}\n`;
    default:
      // Its error is said once, on stderr (src/cli/write-policy.ts): here only how the step ended.
      return `    ${glyph(style, 'fail')} ${result.outcome} after ${took}\n`;
  }
}

const TONE: Record<ReportTone, Paint | null> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  plain: null,
  dim: 'gray',
  sql: 'cyan',
};

/** The isolation matrix, wrong cells with their probes, and the verdict (core/isolation.ts lays it out). */
export function renderRlsResult(result: RlsTestResult, style: Style): string {
  // A test that could not run says why once, on stderr (src/cli/test-rls.ts): not here as well.
  const { error } = result;
  const lines = isolationReport(result, style.unicode)
    .filter(({ text }) => error === null || !text.includes(error))
    .map(({ text, tone }) => `    ${TONE[tone] ? paint(style, TONE[tone], text) : text}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
