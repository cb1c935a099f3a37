/**
 * Rollback: seed 001's rollback of 0024 as a dry run first (run when the screen opens, and on d):
 * what it would drop and what is already gone, the rows of each table and partition, the CASCADE
 * dependents outside 0024 (each must be allowed, c), and what would be exported where. a rolls
 * back after the database name is typed; x discards the rows instead of exporting them, said in
 * red. After a rollback: where the export went and how to restore it.
 */

import { basename, dirname } from 'node:path';
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { quote } from 'shell-quote';
import { describeImpact } from '../../../core/contract.js';
import { safePathComponent } from '../../../core/io.js';
import { type Dependent, type RollbackResult, rollbackTitle } from '../../../core/rollback.js';
import { count } from '../../../core/words.js';
import { ConfirmPrompt, confirmHeight } from '../../components/ConfirmByName.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { RunningLine } from '../../components/RunningLine.js';
import { fit, wrap } from '../../text.js';
import { statusGlyph, symbols, type Theme, useTheme } from '../../theme.js';
import {
  dependentName,
  dependentsOf,
  dropCount,
  type RestoreRun,
  type RollbackRun,
  type RollbackState,
  restorable,
  rowTotals,
} from './state.js';

type Properties = {
  readonly state: RollbackState;
  readonly width: number;
  readonly height: number;
};

const two = (n: number) => String(n).padStart(2, '0');
const clock = (iso: string) => {
  const d = new Date(iso);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

/** "./mantis-rollback-db-20261121T231500/": where the export goes, as the person sees it from here. */
export const shownDirectory = (directory: string): string => `./${basename(directory)}/`;

/** `mantis-sync-tui restore ./mantis-rollback-…`, run from the directory the export is in. */
export const restoreCommand = (directory: string): string =>
  `mantis-sync-tui restore ${quote([`./${basename(directory)}`])}`;

function said(lines: LineSegments[], text: string, width: number, segment: Omit<Segment, 'text'> = {}, indent = '') {
  wrap(text, width - indent.length).forEach((line) => {
    lines.push([{ text: `${indent}${line}`, ...segment }]);
  });
}

/** The verdict of a run: the first thing to read. */
function verdictLines(lines: LineSegments[], run: RollbackRun, width: number, theme: Theme) {
  const r = run.result;
  const ok = statusGlyph(theme, 'pass');
  const bad = statusGlyph(theme, 'fail');
  const when = `at ${clock(run.at)} (${r.durationMs} ms)`;
  const unallowed = r.dependents.filter((d) => !run.allowCascade.includes(dependentName(d)));
  // Nothing of 0024 here: the prerequisites' own failures are not the rollback's doing.
  if (
    run.mode === 'dry-run' &&
    dropCount(r) === 0 &&
    (r.outcome === 'dry-run' || r.outcome === 'rolled-back') &&
    r.remaining.length === 0
  ) {
    said(
      lines,
      `${statusGlyph(theme, 'skip')} nothing to roll back ${when}: no object of 0024 is present here; every statement of seed 001's rollback would be skipped`,
      width,
      { bold: true },
    );
    return;
  }
  switch (r.outcome) {
    case 'dry-run':
      said(
        lines,
        `${ok} dry run ${when}: the rollback below ran, was checked, and was rolled back; nothing was changed`,
        width,
        { tone: 'green', bold: true },
      );
      return;
    case 'committed':
      said(lines, `${ok} rolled back ${when}: 0024 is gone, the prerequisites are intact`, width, {
        tone: 'green',
        bold: true,
      });
      return;
    case 'refused':
      if (r.dependents.some((d) => d.blocker)) {
        const blockers = r.dependents.filter((d) => d.blocker);
        said(
          lines,
          `${bad} ${run.mode === 'dry-run' ? 'dry run' : 'rollback'} refused ${when}: ${blockersTyped(blockers)}; change ${blockers.length === 1 ? 'it' : 'them'} first (the SQL is under the list), then d again`,
          width,
          { tone: 'red', bold: true },
        );
      } else if (unallowed.length > 0) {
        said(
          lines,
          `${bad} ${run.mode === 'dry-run' ? 'dry run' : 'rollback'} refused ${when}: CASCADE would also drop ${unallowed.length === 1 ? 'an object' : `${unallowed.length} objects`} 0024 did not create: allow each with c (or drop it yourself first), then d again`,
          width,
          { tone: 'red', bold: true },
        );
      } else {
        said(lines, `${bad} ${r.error ?? 'refused'} (${when})`, width, { tone: 'red', bold: true });
      }
      return;
    case 'rolled-back':
      said(
        lines,
        `${bad} the rollback would not complete and was rolled back ${when}, nothing changed:${r.remaining.length ? ` still present: ${r.remaining.join(', ')};` : ''}${r.brokenPrerequisites.length ? ` prerequisites broken: ${r.brokenPrerequisites.map((f) => f.code).join(', ')}` : ''}`,
        width,
        { tone: 'red', bold: true },
      );
      return;
    default:
      said(lines, `${bad} ${r.outcome} ${when}: ${r.error ?? ''}; nothing was changed`, width, {
        tone: 'red',
        bold: true,
      });
  }
}

/**
 * The columns that block the rollback, and what they hold: "holds data" (with the count) only
 * where a value is there, "empty" where none is (CASCADE would take the column, no data).
 */
function blockersTyped(blockers: readonly Dependent[]): string {
  const full = blockers.filter((d) => (d.values ?? 0) > 0);
  const empty = blockers.filter((d) => d.values === 0);
  const values = count(
    full.reduce((sum, d) => sum + (d.values ?? 0), 0),
    'value',
  );
  if (blockers.length === 1) {
    const held = full.length === 1 ? ` and holds data (${values})` : empty.length === 1 ? ' and is empty' : '';
    return `a column outside 0024 is typed with its enums${held}`;
  }
  const typed = `${blockers.length} columns outside 0024 are typed with its enums`;
  if (full.length === blockers.length) return `${typed} and hold data (${values})`;
  if (empty.length === blockers.length) return `${typed} and are empty`;
  const parts = [
    ...(full.length > 0 ? [`${full.length} ${full.length === 1 ? 'holds' : 'hold'} data (${values})`] : []),
    ...(empty.length > 0 ? [`${empty.length} ${empty.length === 1 ? 'is' : 'are'} empty`] : []),
  ];
  return `${typed}: ${parts.join(', ')}`;
}

/** After a rollback: where the rows went and how to put them back. */
function appliedLines(lines: LineSegments[], run: RollbackRun, width: number, theme: Theme) {
  const r = run.result;
  if (r.outcome !== 'committed') return;
  const sym = symbols(theme);
  if (r.exported && r.exported.tables.length > 0) {
    const rows = r.exported.tables.reduce((sum, t) => sum + t.rows, 0);
    const files = r.exported.tables.length;
    said(
      lines,
      `Exported and checked: ${rows} ${rows === 1 ? 'row' : 'rows'} in ${files} ${files === 1 ? 'file' : 'files'}, with manifest.json (row counts, sha256, the server's fingerprint, partitions)`,
      width,
      { bold: true },
    );
    said(lines, `${shownDirectory(run.directory)}  in ${dirname(run.directory)}`, width, { tone: 'cyan' }, '  ');
    said(lines, `restore with u here, or in ${dirname(run.directory)} with:`, width, {}, '  ');
    // The command alone on its line, never wrapped: it is copied whole (the path relative to the directory just named).
    lines.push([{ text: `    ${restoreCommand(run.directory)}`, bold: true }]);
  } else if (run.discardData) {
    said(lines, `${sym.arrow} rows were NOT exported (discard data)`, width, { tone: 'red', bold: true });
  } else {
    said(lines, 'nothing was exported: no 0024 table was left to export', width, { dim: true });
  }
}

function rowsLines(
  lines: LineSegments[],
  r: RollbackResult,
  state: RollbackState,
  run: RollbackRun,
  width: number,
  theme: Theme,
) {
  const sym = symbols(theme);
  if (r.rowCounts.length > 0) {
    const totals = rowTotals(r);
    lines.push([
      { text: run.mode === 'apply' ? 'Rows before the rollback' : 'Rows', bold: true },
      {
        text: `  ${totals.rows} in ${r.rowCounts.filter((c) => c.partitionOf === null).length} tables (partitions counted in their table)`,
        dim: true,
      },
    ]);
    const nameWidth = Math.max(20, Math.min(44, width - 14));
    for (const count of r.rowCounts) {
      const indent = count.partitionOf ? '    ' : '  ';
      lines.push([
        { text: `${indent}${fit(count.table, nameWidth - indent.length + 2, sym.ellipsis)}` },
        { text: String(count.rows).padStart(10), bold: count.rows > 0 && count.partitionOf === null },
      ]);
    }
  }
  const totals = rowTotals(r);
  if (run.mode === 'apply') return;
  if (state.discardData) {
    said(
      lines,
      `${sym.arrow} DISCARD DATA is on (x): ${totals.rows > 0 ? `these ${totals.rows} rows will NOT be exported; once the rollback commits they are gone for good` : 'nothing will be exported'}. The database name must still be typed.`,
      width,
      { tone: 'red', bold: true },
    );
  } else if (totals.rows > 0) {
    const files = r.exported?.tables ?? [];
    said(
      lines,
      `Export before any DROP: ${totals.rows} rows, a COPY text file per table, checked (lines = rows), to ./mantis-rollback-${safePathComponent(state.targets[run.database]?.database ?? 'db')}-<time>/ here`,
      width,
      { bold: true },
    );
    for (const t of files)
      lines.push([
        { text: `  ${fit(t.file, Math.max(20, Math.min(44, width - 14)), sym.ellipsis)}` },
        { text: `${String(t.rows).padStart(10)} rows` },
      ]);
  } else if (r.rowCounts.length > 0) {
    said(lines, 'Export: nothing to export, the tables hold no rows', width, { dim: true });
  }
}

/** Everything below the header, scrolled as one page. */
/** A restore's outcome: the rows put back per table, or why nothing was. */
function restoredLines(lines: LineSegments[], run: RestoreRun, width: number, theme: Theme) {
  const r = run.result;
  const ok = r.outcome === 'committed';
  const head = ok
    ? `Restored at ${clock(run.at)} in ${r.durationMs} ms: 0024 re-created, ${r.tables.reduce((sum, t) => sum + t.restored, 0)} rows put back from ${shownDirectory(run.directory)}`
    : `Restore ${r.outcome === 'interrupted' ? 'interrupted: rolled back' : r.outcome}${r.error ? `: ${r.error}` : ''}; nothing was changed`;
  said(lines, `${statusGlyph(theme, ok ? 'pass' : 'fail')} ${head}`, width, { tone: ok ? 'green' : 'red', bold: true });
  for (const t of r.tables) {
    const expired = t.skippedExpired > 0 ? ` (${t.skippedExpired} expired cache entries left out)` : '';
    said(lines, `${t.table}: ${t.restored} of ${t.exported} rows${expired}`, width, {}, '  ');
  }
}

export function rollbackLines(state: RollbackState, width: number, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const lines: LineSegments[] = [];
  // One blank line between sections, never two.
  const blank = () => {
    if (lines.length > 0 && lines.at(-1)?.[0]?.text !== ' ') lines.push([{ text: ' ' }]);
  };
  const refusal = state.refusals[state.database];
  if (refusal) {
    said(lines, `${statusGlyph(theme, 'fail')} writes refused: ${refusal}`, width, { tone: 'red' });
    blank();
  }
  if (state.restored && state.restored.database === state.database) {
    restoredLines(lines, state.restored, width, theme);
    blank();
  }
  const applied = state.applied;
  if (applied && applied !== state.last) {
    lines.push([{ text: `Rolled back at ${clock(applied.at)}:`, bold: true }]);
    appliedLines(lines, applied, width, theme);
    blank();
  }
  const run = state.last;
  if (!run) {
    if (!state.running)
      said(lines, 'No dry run yet: d runs it (it also runs when the screen opens).', width, { dim: true });
    return lines;
  }
  const r = run.result;
  verdictLines(lines, run, width, theme);
  if (run.mode === 'apply') appliedLines(lines, run, width, theme);
  if (run.impact) {
    const [head, ...rest] = describeImpact(run.impact, () => 'the rollback', 'the rollback');
    said(lines, `Application contract: ${head}`, width, {
      tone: run.impact.failingAfter > run.impact.failingNow ? 'red' : 'green',
      bold: true,
    });
    for (const line of rest) said(lines, line, width, { tone: 'red' }, '  ');
  } else if (run.impactError)
    said(lines, `Application contract not checked: ${run.impactError}`, width, { tone: 'yellow' });
  blank();
  const dependents = dependentsOf(state);
  if (dependents.length > 0) {
    lines.push([
      { text: `CASCADE outside 0024 (${dependents.length})`, bold: true, tone: 'red' },
      { text: '  the rollback refuses until each is allowed: c allows the selected one', dim: true },
    ]);
    dependents.forEach((d, i) => {
      const allowed = state.allowed.includes(dependentName(d));
      const selected = i === state.selected;
      const what = `${d.dependent}${d.relation && !d.dependent.includes(d.relation) ? ` (${d.relationKind ?? 'relation'} ${d.relation})` : ''}${d.blocker && typeof d.values === 'number' ? ` (${d.values > 0 ? count(d.values, 'value') : 'empty'})` : ''}`;
      lines.push([
        { text: selected ? `${sym.cursor} ` : '  ', inverse: selected },
        {
          text: d.blocker ? 'BLOCKER: change it  ' : allowed ? '[x] may be dropped  ' : '[ ] not allowed     ',
          tone: allowed && !d.blocker ? 'yellow' : 'red',
          bold: true,
          inverse: selected,
        },
        { text: what, inverse: selected },
      ]);
    });
    const blockers = dependents.filter((d) => d.blocker && d.fix);
    if (blockers.length > 0) {
      // Typed with a 0024 enum: DROP TYPE cannot go on while they use it; this keeps their values as text.
      said(lines, `Change these first (${blockers.length}); their values are kept as text:`, width, { bold: true });
      for (const d of blockers) said(lines, d.fix!, width, { tone: 'cyan' }, '  ');
    }
    blank();
  }
  rowsLines(lines, r, state, run, width, theme);
  if (r.items.length > 0) {
    blank();
    const drops = dropCount(r);
    const done = run.mode === 'apply' && r.outcome === 'committed';
    lines.push([
      { text: rollbackTitle(r), bold: true },
      {
        text: `  ${drops} ${done ? 'dropped' : 'to drop'} ${sym.dot} ${r.items.length - drops} already gone (skipped)`,
        dim: true,
      },
    ]);
    for (const item of r.items) {
      lines.push([
        {
          text: item.present ? (done ? '  dropped ' : '  drop  ') : done ? '  skipped ' : '  skip  ',
          tone: item.present ? 'red' : 'gray',
        },
        { text: `${item.kind.padEnd(9)}` },
        { text: item.object, dim: !item.present },
        ...(item.present ? [] : [{ text: ' (already gone)', dim: true }]),
      ]);
    }
  }
  return lines;
}

export interface RollbackGeometry {
  readonly lines: LineSegments[];
  readonly rows: number;
  readonly max: number;
  readonly footerRows: number;
}

export function rollbackGeometry(state: RollbackState, width: number, height: number, theme: Theme): RollbackGeometry {
  const lines = rollbackLines(state, width, theme);
  const footerRows = state.pending ? confirmHeight(state.pending, width, theme) : 1;
  const rows = Math.max(1, height - 1 - footerRows);
  return { lines, rows, max: Math.max(0, lines.length - rows), footerRows };
}

function headerSegments(state: RollbackState, position: string, theme: Theme): Segment[] {
  const sym = symbols(theme);
  const target = state.targets[state.database];
  if (!target)
    return [
      { text: 'Rollback: ', bold: true },
      { text: 'no URL for IS-SOH: set DATABASE_URL (or --issoh-url)', tone: 'yellow' },
    ];
  // What is rolled back is known from the dry run opening the screen (0024, or the --migrations set's directory).
  const shown = state.last ?? state.applied;
  const what = shown ? ` of ${shown.result.migrations ?? '0024'}` : '';
  const segments: Segment[] = [{ text: `Rollback${what} on ${target.label} ${target.database}`, bold: true }];
  if (state.discardData) segments.push({ text: `  ${sym.dot} DISCARD DATA`, tone: 'red', bold: true });
  if (position) segments.push({ text: `  ${sym.dot} ${position}`, dim: true });
  segments.push({ text: `  ${sym.dot} ${target.host}`, dim: true });
  return segments;
}

export function Rollback({ state, width, height }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const g = rollbackGeometry(state, width, height, theme);
  const top = Math.max(0, Math.min(state.scroll, g.max));
  const running = state.running;
  let footer: ReactNode;
  if (state.pending) footer = <ConfirmPrompt confirm={state.pending} width={width} />;
  else if (state.restoring) {
    const after = state.cancelling ? 'cancelling: the transaction rolls back' : 'q cancels it (rolled back) and quits';
    footer = (
      <RunningLine
        text="restoring 0024 and the exported rows"
        startedAt={state.restoring.startedAt}
        after={after}
        width={width}
      />
    );
  } else if (running) {
    const after = state.cancelling ? 'cancelling: the transaction rolls back' : 'q cancels it (rolled back) and quits';
    footer = (
      <RunningLine
        text={
          running.mode === 'dry-run'
            ? 'dry run of the rollback (rolled back)'
            : running.discardData
              ? 'rolling back 0024, rows discarded'
              : 'exporting rows and rolling back 0024'
        }
        startedAt={running.startedAt}
        after={after}
        width={width}
      />
    );
  } else {
    const restore = restorable(state) ? ` ${sym.dot} u restore export` : '';
    footer = (
      <Line
        segments={[
          { text: `a roll back (type the name) ${sym.dot} d dry run ${sym.dot} x discard data${restore}`, dim: true },
        ]}
        width={width}
      />
    );
  }
  const position =
    g.lines.length > g.rows ? `lines ${top + 1}-${Math.min(g.lines.length, top + g.rows)} of ${g.lines.length}` : '';
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      <Line segments={headerSegments(state, position, theme)} width={width} />
      <Box flexDirection="column" flexShrink={0} height={g.rows} overflow="hidden">
        {g.lines.slice(top, top + g.rows).map((segments, i) => (
          <Line key={top + i} segments={segments} width={width} />
        ))}
      </Box>
      {footer}
    </Box>
  );
}
