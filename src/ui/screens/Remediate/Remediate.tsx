/**
 * Remediate: the plan as a list (number, id, danger, title; optional and information steps
 * marked; what each step did last), and the selected step's pane: what it did, why it is needed,
 * its explanation and its SQL, scrollable (Enter gives the pane the whole screen). At the bottom:
 * the confirmation being asked, or the step running with a spinner and its elapsed time, or the
 * last outcome. Every line is a pure function of the state and the width, so the keys know how
 * far the pane scrolls.
 */

import { Box } from 'ink';
import { brokenBy, describeImpact, placeOf } from '../../../core/contract.js';
import { type Finding, summarize } from '../../../core/finding.js';
import { isolationReport, type ReportTone, type RlsTestResult, wrongCells } from '../../../core/isolation.js';
import { needsOptionalTag, type Step, type StepResult } from '../../../core/plan.js';
import { POOLED_RLS_TEST } from '../../../core/write-settings.js';
import { ConfirmPrompt, confirmHeight } from '../../components/ConfirmByName.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { ProgressRow } from '../../components/ProgressRow.js';
import { RunningLine } from '../../components/RunningLine.js';
import { scrollOffset } from '../../scroll.js';
import { fit, shortObject, wrap } from '../../text.js';
import { statusGlyph, symbols, type Theme, type Tone, useTheme } from '../../theme.js';
import { isSqlStep, type RemediateState, type StepOutcome, selectedStep, selectedStepIndex } from './state.js';

type Properties = {
  readonly state: RemediateState;
  readonly width: number;
  readonly height: number;
};

export const DANGER_TONE: Record<Step['danger'], Tone> = { safe: 'green', moderate: 'yellow', severe: 'red' };

/** How many findings a result lists one by one before it says "… and N more". */
const LISTED = 8;

/** "TBL001 ×3, IDX001 ×15": the codes of many finding ids (id = database:code:object). */
export function summarizeWhy(ids: readonly string[]): string {
  const codes = new Map<string, number>();
  for (const id of ids) {
    const code = id.split(':')[1] ?? id;
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  return [...codes.entries()].map(([code, n]) => (n > 1 ? `${code} ×${n}` : code)).join(', ');
}

/** The glyph a step shows in the list for what it did last. */
function outcomeMark(outcome: StepOutcome | undefined, theme: Theme): Segment {
  // [ok] [FAIL] [warn] in ASCII: never [blocked], so 6 columns are enough.
  const size = theme.unicode ? 1 : 6;
  const blank = { text: ' '.repeat(size) };
  if (!outcome) return blank;
  const mark = (status: 'pass' | 'fail' | 'warn', tone: Tone): Segment => ({
    text: statusGlyph(theme, status).padEnd(size),
    tone,
  });
  if (outcome.kind === 'refused') return mark('fail', 'red');
  if (outcome.kind === 'rls') return outcome.result.ok ? mark('pass', 'green') : mark('fail', 'red');
  const r = outcome.result;
  if (r.outcome === 'committed') return mark('pass', 'green');
  // A dry run changed nothing: its own mark, never the ✓ of a committed step.
  if (r.outcome === 'dry-run')
    return { text: symbols(theme).dryRun.padEnd(size), tone: r.stillFailing.length === 0 ? 'cyan' : 'yellow' };
  return mark('fail', 'red');
}

function stepRow(
  step: Step,
  index: number,
  selected: boolean,
  outcome: StepOutcome | undefined,
  idWidth: number,
  theme: Theme,
  breaks = 0,
): LineSegments {
  const sym = symbols(theme);
  const tags = [needsOptionalTag(step) ? 'optional' : '', step.kind === 'info' ? 'info' : ''].filter(Boolean);
  const segments: Segment[] = [
    { text: selected ? `${sym.cursor} ` : '  ' },
    outcomeMark(outcome, theme),
    { text: ` ${String(index + 1).padStart(2)}. ` },
    { text: `${fit(step.id, idWidth, sym.ellipsis)} `, bold: selected },
    { text: `${step.danger.padEnd(9)}`, tone: DANGER_TONE[step.danger], bold: step.danger === 'severe' },
    ...(tags.length ? [{ text: `[${tags.join(', ')}] `, dim: true }] : []),
    // Before the title, which the width may cut: the mark must stay.
    ...(breaks > 0
      ? [
          {
            text: `[breaks ${breaks} app ${breaks === 1 ? 'statement' : 'statements'}] `,
            tone: 'red' as const,
            bold: true,
          },
        ]
      : []),
    { text: step.title },
  ];
  return selected ? segments.map((s) => ({ ...s, inverse: true })) : segments;
}

const refOf = (f: Finding) => `${f.code} ${shortObject(f.object)}`;

function findingList(
  lines: LineSegments[],
  refs: ReadonlyArray<{ code: string; object: string; title: string }>,
  glyph: string,
  tone: Tone,
  width: number,
  theme: Theme,
) {
  const sym = symbols(theme);
  for (const ref of refs.slice(0, LISTED)) {
    for (const [i, line] of wrap(`${ref.code} ${shortObject(ref.object)}: ${ref.title}`, width - 4).entries()) {
      lines.push([{ text: i === 0 ? `  ${glyph} ` : '    ', tone }, { text: line }]);
    }
  }
  if (refs.length > LISTED) lines.push([{ text: `    ${sym.ellipsis} and ${refs.length - LISTED} more`, dim: true }]);
}

function errorLines(lines: LineSegments[], head: string, error: StepResult['error'], width: number, theme: Theme) {
  wrap(`${statusGlyph(theme, 'fail')} ${head}: ${error?.message ?? 'unknown error'}`, width).forEach((line) => {
    lines.push([{ text: line, tone: 'red', bold: true }]);
  });
  if (error?.sqlstate) lines.push([{ text: '  SQLSTATE ', bold: true }, { text: error.sqlstate }]);
  if (error?.hint)
    wrap(`hint: ${error.hint}`, width - 2).forEach((line) => {
      lines.push([{ text: `  ${line}` }]);
    });
}

const REPORT_TONE: Record<ReportTone, Tone | undefined> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  plain: undefined,
  dim: 'gray',
  sql: 'cyan',
};

/** test-rls's report (core/isolation.ts): the matrix lines cut to the width, the rest wrapped. */
export function rlsLines(result: RlsTestResult, width: number, theme: Theme): LineSegments[] {
  return isolationReport(result, theme.unicode, width).flatMap(({ text, tone, grid }) =>
    (grid ? [fit(text, width)] : wrap(text, width)).map(
      (line): LineSegments => [{ text: line, tone: REPORT_TONE[tone], bold: tone === 'fail' && !grid }],
    ),
  );
}

/** What a step did, in full: the result's lines at the top of its pane. */
export function outcomeLines(outcome: StepOutcome, width: number, theme: Theme): LineSegments[] {
  const lines: LineSegments[] = [];
  const ok = statusGlyph(theme, 'pass');
  const bad = statusGlyph(theme, 'fail');
  const head = (text: string, tone: Tone) =>
    wrap(text, width).forEach((line) => {
      lines.push([{ text: line, tone, bold: true }]);
    });
  if (outcome.kind === 'refused') {
    head(`${bad} ${outcome.message}`, 'red');
    return lines;
  }
  if (outcome.kind === 'rls') return rlsLines(outcome.result, width, theme);
  const r = outcome.result;
  const took = `${r.durationMs} ms`;
  switch (r.outcome) {
    case 'committed':
      head(
        `${ok} committed in ${took}: ${outcome.fixed.length} ${outcome.fixed.length === 1 ? 'finding' : 'findings'} fixed`,
        'green',
      );
      findingList(lines, outcome.fixed, ok, 'green', width, theme);
      if (r.exported) {
        wrap(
          `rows exported first to ${r.exported.directory}: ${r.exported.tables.map((t) => `${t.table} ${t.rows}`).join(', ')}`,
          width - 2,
        ).forEach((line) => {
          lines.push([{ text: `  ${line}` }]);
        });
      }
      break;
    case 'dry-run': {
      const left = r.stillFailing.length;
      const dry = symbols(theme).dryRun;
      head(
        `${dry} dry run in ${took}, rolled back (nothing was changed): would fix ${outcome.fixed.length}${left ? `, would leave ${left} failing` : '; a applies it'}`,
        left === 0 ? 'cyan' : 'yellow',
      );
      findingList(lines, outcome.fixed, dry, 'cyan', width, theme);
      findingList(
        lines,
        r.stillFailing.map((f) => ({ code: f.code, object: f.object, title: f.title })),
        bad,
        'red',
        width,
        theme,
      );
      if (r.exported)
        lines.push([
          { text: `  would export first: ${r.exported.tables.map((t) => `${t.table} ${t.rows} rows`).join(', ')}` },
        ]);
      break;
    }
    case 'rolled-back':
      head(`${bad} rolled back after ${took}, nothing was changed: still failing inside the transaction:`, 'red');
      findingList(
        lines,
        r.stillFailing.map((f) => ({ code: f.code, object: f.object, title: f.title })),
        bad,
        'red',
        width,
        theme,
      );
      break;
    default:
      errorLines(lines, `${r.outcome} after ${took}, nothing was changed`, r.error, width, theme);
  }
  return lines;
}

/** One line for the bottom: the last outcome, for a step that may have left the plan. */
export function outcomeSummary(outcome: StepOutcome, theme: Theme): Segment[] {
  const ok = statusGlyph(theme, 'pass');
  const bad = statusGlyph(theme, 'fail');
  const id = { text: `${outcome.stepId} `, bold: true };
  if (outcome.kind === 'refused') return [{ text: `${bad} `, tone: 'red' }, id, { text: outcome.message, tone: 'red' }];
  if (outcome.kind === 'rls') {
    if (outcome.result.error)
      return [{ text: `${bad} `, tone: 'red' }, id, { text: `could not run: ${outcome.result.error}`, tone: 'red' }];
    const result = outcome.result;
    const wrong = wrongCells(result).length;
    return result.ok
      ? [
          { text: `${ok} `, tone: 'green' },
          id,
          { text: `isolation holds: ${result.cells.filter((c) => c.probed).length} cells as expected, rolled back` },
        ]
      : [
          { text: `${bad} `, tone: 'red' },
          id,
          {
            text: `isolation BROKEN: ${[wrong > 0 ? `${wrong} cells wrong` : '', ...result.problems.map((p) => p.split(':')[0])].filter(Boolean).join('; ')}`,
            tone: 'red',
          },
        ];
  }
  const r = outcome.result;
  switch (r.outcome) {
    case 'committed':
      return [
        { text: `${ok} `, tone: 'green' },
        id,
        {
          text: `committed in ${r.durationMs} ms: ${outcome.fixed.length} ${outcome.fixed.length === 1 ? 'finding' : 'findings'} fixed`,
        },
      ];
    case 'dry-run':
      return r.stillFailing.length === 0
        ? [
            { text: `${symbols(theme).dryRun} `, tone: 'cyan' },
            id,
            { text: `dry run: would fix ${outcome.fixed.length}; rolled back, nothing changed` },
          ]
        : [
            { text: `${symbols(theme).dryRun} `, tone: 'yellow' },
            id,
            {
              text: `dry run: would leave ${r.stillFailing.length} failing: ${r.stillFailing.map((f) => refOf(f)).join('; ')}`,
            },
          ];
    case 'rolled-back':
      return [
        { text: `${bad} `, tone: 'red' },
        id,
        { text: `rolled back: still failing ${r.stillFailing.map((f) => refOf(f)).join('; ')}`, tone: 'red' },
      ];
    default:
      return [
        { text: `${bad} `, tone: 'red' },
        id,
        {
          text: `${r.outcome}: ${r.error?.message ?? ''}${r.error?.sqlstate ? ` (SQLSTATE ${r.error.sqlstate})` : ''}`,
          tone: 'red',
        },
      ];
  }
}

/** The selected step's pane: its outcome, why, explanation and SQL. */
export function paneLines(state: RemediateState, step: Step, width: number, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const lines: LineSegments[] = [];
  const blank = () => lines.push([{ text: ' ' }]);
  const outcome = state.outcomes[step.id];
  if (outcome) {
    lines.push(...outcomeLines(outcome, width, theme));
    blank();
  }
  const impact = state.plan?.impact ?? null;
  const breaks = brokenBy(impact, step.id);
  const mends = impact?.steps.find((s) => s.stepId === step.id)?.mends ?? [];
  if (breaks.length > 0) {
    lines.push([
      { text: `Breaks application statements that work today (a asks for the database name)`, tone: 'red', bold: true },
    ]);
    for (const r of breaks)
      wrap(`${placeOf(r)} ${r.id}: ${r.sqlstate} ${r.message}`, width - 2).forEach((line) => {
        lines.push([{ text: `  ${line}`, tone: 'red' }]);
      });
    blank();
  }
  if (mends.length > 0) {
    wrap(`Mends application statements: ${mends.map(placeOf).join(', ')}`, width).forEach((line) => {
      lines.push([{ text: line, tone: 'green' }]);
    });
    blank();
  }
  const findings = state.plan?.findings ?? [];
  if (step.why.length > 0) {
    const why = step.why.map((id) => findings.find((f) => f.id === id)).filter((f): f is Finding => f !== undefined);
    if (why.length > 0 && why.length <= 6) {
      lines.push([{ text: 'Why', bold: true }]);
      for (const f of why) {
        wrap(`${f.code} ${shortObject(f.object)}: ${f.title} (${f.status})`, width - 2).forEach((line) => {
          lines.push([{ text: `  ${line}` }]);
        });
      }
    } else {
      wrap(`Why: ${step.why.length} findings: ${summarizeWhy(step.why)}`, width).forEach((line, i) => {
        lines.push([{ text: line, bold: i === 0 }]);
      });
    }
    blank();
  }
  if (step.explanation) {
    for (const line of wrap(step.explanation, width)) lines.push([{ text: line }]);
    blank();
  }
  if (isSqlStep(step)) {
    const sql = step.sql.trimEnd();
    const count = sql.split('\n').length;
    lines.push([
      { text: `SQL  `, bold: true },
      {
        text: `${count} ${count === 1 ? 'line' : 'lines'}, one transaction ${sym.dot} d dry-runs it ${sym.dot} a applies it`,
        dim: true,
      },
    ]);
    for (const line of wrap(sql, width - 2)) lines.push([{ text: `  ${line}`, tone: 'cyan' }]);
  } else if (step.kind === 'rls-test') {
    if (!outcome)
      lines.push([
        { text: `t or Enter runs it: two organizations, a user each, as role authenticated; rolled back`, dim: true },
      ]);
  } else if (step.kind === 'verify') {
    lines.push([{ text: 'a or Enter re-verifies: the checklist runs again, and the plan is read again', dim: true }]);
  }
  while (lines.length > 0 && lines.at(-1)?.[0]?.text === ' ') lines.pop();
  return lines;
}

export interface RemediateGeometry {
  readonly header: LineSegments[];
  readonly notices: LineSegments[];
  readonly listRows: number;
  readonly listOffset: number;
  readonly paneRows: number;
  readonly pane: LineSegments[];
  readonly paneMax: number;
  readonly footerRows: number;
}

function headerLines(state: RemediateState, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const plan = state.plan;
  if (!state.target)
    return [
      [
        { text: 'Remediate: ', bold: true },
        { text: 'IS-SOH has no URL: set DATABASE_URL (or --issoh-url)', tone: 'yellow' },
      ],
    ];
  const where = `Plan for ${state.target.label} ${state.target.database}`;
  const host = { text: `  ${sym.dot} ${state.target.host}`, dim: true };
  if (!plan) return [[{ text: where, bold: true }, host]];
  const s = summarize(plan.findings);
  const segments: Segment[] = [
    { text: where, bold: true },
    { text: `  ${sym.dot} ${plan.steps.length} steps  ${sym.dot} ` },
    { text: `${statusGlyph(theme, 'fail')} ${s.fail} failing`, tone: s.fail > 0 ? 'red' : undefined },
    { text: `  ${statusGlyph(theme, 'blocked')} ${s.blocked} blocked`, tone: s.blocked > 0 ? 'magenta' : undefined },
  ];
  if (state.committed > 0) segments.push({ text: `  ${sym.dot} ${state.committed} applied`, tone: 'green' });
  if (state.planning) segments.push({ text: `  ${sym.dot} planning again${sym.ellipsis}`, tone: 'cyan' });
  segments.push(host);
  const left = plan.steps.filter((st) => isSqlStep(st) && !st.optional).length;
  const lines: LineSegments[] = [segments];
  if (plan.impact) {
    const [head] = describeImpact(plan.impact, (id) => id);
    const worse = plan.impact.failingAfter > plan.impact.failingNow;
    lines.push([
      { text: 'Application contract: ', bold: true },
      { text: head ?? '', tone: worse ? 'red' : plan.impact.failingAfter > 0 ? 'yellow' : 'green' },
    ]);
  } else if (plan.impactError)
    lines.push([{ text: `Application contract not checked: ${plan.impactError}`, tone: 'yellow' }]);
  if (left === 0 && s.fail === 0 && s.blocked === 0) {
    lines.push([
      {
        text: `${statusGlyph(theme, 'pass')} nothing left to apply: t tests RLS isolation, r re-verifies`,
        tone: 'green',
      },
    ]);
  }
  return lines;
}

export function remediateGeometry(
  state: RemediateState,
  width: number,
  height: number,
  theme: Theme,
): RemediateGeometry {
  const header = headerLines(state, theme);
  // A pooled URL refuses the writes, not the RLS test: it only ever rolls back (as test-rls says).
  const notices = state.refusal
    ? [
        ...wrap(`${statusGlyph(theme, 'fail')} ${state.refusal}`, width)
          .slice(0, 4)
          .map((line): LineSegments => [{ text: line, tone: 'red' }]),
        ...wrap(`t runs the RLS test through it all the same: ${POOLED_RLS_TEST}`, width)
          .slice(0, 2)
          .map((line): LineSegments => [{ text: line, dim: true }]),
      ]
    : [];
  const steps = state.plan?.steps ?? [];
  const footerRows = state.pending ? confirmHeight(state.pending.confirm, width, theme) : 1;
  const avail = Math.max(2, height - header.length - notices.length - footerRows - 1);
  const listRows = state.zoom ? 0 : Math.min(steps.length, Math.max(3, Math.floor(avail * 0.45)), avail - 1);
  const paneRows = Math.max(1, avail - listRows);
  const step = selectedStep(state);
  const pane = step ? paneLines(state, step, width, theme) : [];
  const index = selectedStepIndex(state);
  return {
    header,
    notices,
    listRows,
    listOffset: scrollOffset(state.offset, index, listRows, steps.length),
    paneRows,
    pane,
    paneMax: Math.max(0, pane.length - paneRows),
    footerRows,
  };
}

function footer(state: RemediateState, width: number, theme: Theme) {
  const sym = symbols(theme);
  if (state.pending) return <ConfirmPrompt confirm={state.pending.confirm} width={width} />;
  const running = state.running;
  if (running) {
    const verb =
      running.action === 'dry-run'
        ? 'dry run of'
        : running.action === 'rls-test'
          ? 'testing RLS isolation:'
          : 'applying';
    const after = state.cancelling
      ? 'cancelling: the statement is cancelled and the transaction rolled back'
      : 'q cancels it (rolled back) and quits';
    return <RunningLine text={`${verb} ${running.stepId}`} startedAt={running.startedAt} after={after} width={width} />;
  }
  if (state.last)
    return <Line segments={[{ text: 'last: ', dim: true }, ...outcomeSummary(state.last, theme)]} width={width} />;
  return (
    <Line
      segments={[
        {
          text: `a applies the selected step after a confirmation ${sym.dot} d dry-runs it ${sym.dot} t tests RLS`,
          dim: true,
        },
      ]}
      width={width}
    />
  );
}

export function Remediate({ state, width, height }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const g = remediateGeometry(state, width, height, theme);
  const steps = state.plan?.steps ?? [];
  const step = selectedStep(state);
  const index = selectedStepIndex(state);
  const top = Math.max(0, Math.min(state.scroll, g.paneMax));
  const idWidth = Math.min(30, Math.max(8, ...steps.map((s) => s.id.length)));
  const shown = g.pane.slice(top, top + g.paneRows);
  const position =
    g.pane.length > g.paneRows
      ? ` lines ${top + 1}-${Math.min(g.pane.length, top + g.paneRows)} of ${g.pane.length} `
      : '';
  const title = step
    ? ` ${step.id} ${sym.dot} ${step.danger} ${sym.dot} ${step.kind}${step.optional ? ' (optional)' : ''} `
    : '';
  const rule = Math.max(0, width - 2 - title.length - position.length);
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      {g.header.map((segments, i) => (
        <Line key={`h${i}`} segments={segments} width={width} />
      ))}
      {g.notices.map((segments, i) => (
        <Line key={`n${i}`} segments={segments} width={width} />
      ))}
      {!state.plan ? (
        <>
          {state.planning ? (
            <ProgressRow label="" text={`reading IS-SOH and planning${sym.ellipsis}`} width={width} />
          ) : null}
          {state.planError
            ? wrap(`${statusGlyph(theme, 'fail')} could not plan: ${state.planError}`, width)
                .slice(0, 4)
                .map((line, i) => <Line key={`e${i}`} segments={[{ text: line, tone: 'red' }]} width={width} />)
            : null}
        </>
      ) : (
        <>
          {steps.slice(g.listOffset, g.listOffset + g.listRows).map((s, i) => (
            <Line
              key={s.id}
              segments={stepRow(
                s,
                g.listOffset + i,
                g.listOffset + i === index,
                state.outcomes[s.id],
                idWidth,
                theme,
                brokenBy(state.plan?.impact ?? null, s.id).length,
              )}
              width={width}
              fill={g.listOffset + i === index}
            />
          ))}
          <Line
            segments={[
              { text: `${sym.rule}${sym.rule}` },
              { text: title, bold: true },
              { text: sym.rule.repeat(Math.floor(rule / sym.rule.length)) },
              { text: position, dim: true },
            ]}
            width={width}
          />
          <Box flexDirection="column" flexShrink={0} height={g.paneRows} overflow="hidden">
            {shown.map((segments, i) => (
              <Line key={top + i} segments={segments} width={width} />
            ))}
          </Box>
        </>
      )}
      <Box flexGrow={1} />
      {footer(state, width, theme)}
    </Box>
  );
}
