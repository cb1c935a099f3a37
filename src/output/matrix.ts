/**
 * The target × group matrix of `verify --all` (and of a diff): each cell the worst status of that
 * group in that environment with how many findings have it, then each target's verdict. As text
 * for a CI log, and as Markdown for a job summary or a report.
 */
import { GROUP_TITLES, type Status, sortFindings } from '../core/finding.js';
import { type GateRun, gateExitCode, type MatrixCell, matrixOf, reportable, verdictWords } from '../core/gate.js';
import { DATABASE_LABEL } from './ci.js';
import { section } from './markdown.js';
import { glyph, paint, type Style } from './style.js';
import { showControls } from './terminal-text.js';

const PLAIN: Style = { color: false, unicode: true };

const cellText = (style: Style, cell: MatrixCell | undefined): string =>
  cell === undefined
    ? '·'
    : cell.status === 'pass'
      ? glyph(style, 'pass')
      : `${glyph(style, cell.status)} ${cell.count}`;

const targetName = (name: string | null) => name ?? '(URLs given)';

export function renderMatrixText(run: GateRun, style: Style): string {
  const matrix = matrixOf(run);
  const plainStyle = { ...PLAIN, unicode: style.unicode };
  const header = ['environment', ...matrix.groups, 'verdict'];
  const rows = matrix.rows.map((row) => [
    targetName(row.target.name),
    ...matrix.groups.map((group) => row.cells[group]),
    row.exitCode,
  ]);
  const width = (column: number) =>
    Math.max(
      header[column]!.length,
      ...rows.map((row) => {
        const value = row[column];
        return typeof value === 'string'
          ? value.length
          : typeof value === 'number'
            ? verdictWords(value).length
            : cellText(plainStyle, value).length;
      }),
    );
  const widths = header.map((_, column) => width(column));
  const lines: string[] = [
    paint(style, 'bold', `mantis-sync-tui ${run.command}`) +
      paint(
        style,
        'gray',
        ` · ${run.generatedAt} · ${run.targets.length} ${run.command === 'diff' ? 'comparison' : 'environments'} · fail on ${run.failOn}`,
      ),
    header
      .map((h, i) => paint(style, 'bold', h.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  ];
  for (const row of rows) {
    const cells = row.map((value, column) => {
      const pad = (text: string, visible: number) => text + ' '.repeat(Math.max(0, widths[column]! - visible));
      if (typeof value === 'string') return pad(value, value.length);
      if (typeof value === 'number')
        return pad(paint(style, value === 0 ? 'green' : 'red', verdictWords(value)), verdictWords(value).length);
      return pad(cellText(style, value), cellText(plainStyle, value).length);
    });
    lines.push(cells.join('  ').trimEnd());
  }
  lines.push('');
  for (const target of run.targets) {
    const gaps = sortFindings(reportable(target.findings));
    if (gaps.length === 0 && target.unreadable.length === 0) continue;
    lines.push(paint(style, 'bold', targetName(target.name)));
    for (const message of target.unreadable) lines.push(`  ${paint(style, 'red', message)}`);
    for (const f of gaps)
      lines.push(`  ${glyph(style, f.status)} ${f.code} ${f.title}  [${DATABASE_LABEL[f.database]}]`);
    lines.push('');
  }
  const counts = countVerdicts(matrix.rows.map((r) => r.exitCode));
  lines.push(
    `${paint(style, 'bold', 'Summary')}  ${counts.pass} pass · ${counts.fail} fail · ${counts.incomplete} incomplete  → ${verdictWords(gateExitCode(run))}`,
  );
  return `${lines.join('\n')}\n`;
}

const MARK: Record<Status, string> = { pass: '✓', fail: '✗', warn: '!', blocked: '⊘', skip: '–' };
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The matrix as a Markdown table, then each target's gaps in seed 003's evidence sections. */
export function renderMatrixMarkdown(run: GateRun): string {
  const matrix = matrixOf(run);
  const out = [
    `# mantis-sync-tui ${run.command}: ${run.targets.length} ${run.command === 'diff' ? 'comparison' : 'environments'}`,
    '',
    `Generated: ${run.generatedAt} by mantis-sync-tui ${run.version} · fail on ${run.failOn}`,
    '',
    `| Environment | ${matrix.groups.map((g) => GROUP_TITLES[g]).join(' | ')} | Verdict |`,
    `| --- | ${matrix.groups.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const row of matrix.rows) {
    const cells = matrix.groups.map((group) => {
      const c = row.cells[group];
      return c === undefined ? '·' : c.status === 'pass' ? '✓' : `${MARK[c.status]} ${c.count}`;
    });
    out.push(`| ${cell(targetName(row.target.name))} | ${cells.join(' | ')} | ${verdictWords(row.exitCode)} |`);
  }
  out.push('');
  for (const target of run.targets) {
    const gaps = sortFindings(reportable(target.findings));
    if (gaps.length === 0 && target.unreadable.length === 0) continue;
    out.push(`## ${targetName(target.name)}`, '');
    for (const message of target.unreadable) out.push(`- could not be read: ${cell(message)}`);
    if (target.unreadable.length > 0) out.push('');
    gaps.forEach((finding, index) => {
      out.push(...section(finding, index + 1));
    });
  }
  // A report is read in editors and terminals alike: data's control characters are shown, never kept.
  return showControls(`${out.join('\n').trimEnd()}\n`);
}

function countVerdicts(codes: readonly (0 | 1 | 4)[]) {
  return {
    pass: codes.filter((c) => c === 0).length,
    fail: codes.filter((c) => c === 1).length,
    incomplete: codes.filter((c) => c === 4).length,
  };
}
