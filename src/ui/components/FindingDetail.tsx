/**
 * One finding in full: where its object was created (file:line), expected, actual, impact, what blocks it, the evidence SQL and the fix
 * SQL, scrollable. Its lines are a pure function of the finding and the width, so the keys know
 * how far it can scroll.
 */
import { Box } from 'ink';
import { CODES } from '../../core/codes.js';
import type { Finding } from '../../core/finding.js';
import { wrap } from '../text.js';
import { STATUS_TONE, statusGlyph, symbols, type Theme, useTheme } from '../theme.js';
import { Line, type LineSegments } from './Line.js';

type Properties = {
  readonly finding: Finding;
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
};

const LABEL = 12;
const DATABASE = { issoh: 'IS-SOH', spp: 'SPP' } as const;

/** The scrolled part of the pane. */
export function detailLines(finding: Finding, width: number, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const lines: LineSegments[] = [];
  const blank = () => lines.push([{ text: ' ' }]);
  const field = (label: string, value: string, tone?: 'red' | 'yellow' | 'magenta') => {
    wrap(value, width - LABEL).forEach((line, i) => {
      lines.push([
        { text: (i === 0 ? label : '').padEnd(LABEL), bold: i === 0 },
        { text: line, tone },
      ]);
    });
  };
  const sql = (title: string, text: string) => {
    lines.push([{ text: title, bold: true }]);
    for (const line of wrap(text.trimEnd(), width - 2)) lines.push([{ text: `  ${line}`, tone: 'cyan' }]);
  };
  for (const line of wrap(finding.title, width)) lines.push([{ text: line, bold: true }]);
  blank();
  field('Object', finding.object);
  // The migration file and line that created the object (--migrations), or the application's statement.
  if (finding.location) field('Source', `${finding.location.file}:${finding.location.line}`);
  field('Database', DATABASE[finding.database]);
  field('Expected', finding.expected);
  field('Actual', finding.actual, finding.status === 'fail' ? 'red' : finding.status === 'warn' ? 'yellow' : undefined);
  field('Impact', finding.impact);
  field(
    'Blocked by',
    finding.blockedBy.length === 0
      ? 'nothing'
      : finding.blockedBy
          .map((code) => `${code} (${CODES[code as keyof typeof CODES]?.meaning ?? 'prerequisite'})`)
          .join(', '),
    finding.blockedBy.length ? 'magenta' : undefined,
  );
  blank();
  sql('Evidence SQL  (Y copies it)', finding.evidence);
  blank();
  if (finding.fix) sql('Fix SQL  (y copies it)', finding.fix);
  else
    lines.push(
      [{ text: 'Fix SQL', bold: true }],
      [{ text: `  none: a person must decide ${sym.dot} no safe automatic fix`, dim: true }],
    );
  return lines;
}

/** How far the pane can scroll at this size. */
export const detailMaxScroll = (finding: Finding, width: number, height: number, theme: Theme): number =>
  Math.max(0, detailLines(finding, width, theme).length - Math.max(1, height - 1));

export function FindingDetail({ finding, width, height, scroll }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const lines = detailLines(finding, width, theme);
  const viewport = Math.max(1, height - 1);
  const top = Math.max(0, Math.min(scroll, lines.length - viewport));
  const shown = lines.slice(top, top + viewport);
  const position =
    lines.length > viewport
      ? `lines ${top + 1}-${Math.min(lines.length, top + viewport)} of ${lines.length}${theme.unicode ? ` ${sym.up}${sym.down}` : ''}`
      : '';
  const head = `${finding.code} ${sym.dot} ${finding.status} ${sym.dot} ${finding.severity} ${sym.dot} ${DATABASE[finding.database]}`;
  const gap = Math.max(2, width - head.length - statusGlyph(theme, finding.status).length - 1 - position.length);
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      <Line
        segments={[
          { text: `${statusGlyph(theme, finding.status)} `, tone: STATUS_TONE[finding.status], bold: true },
          { text: head, bold: true },
          { text: ' '.repeat(gap) },
          { text: position, dim: true },
        ]}
        width={width}
      />
      {shown.map((segments, i) => (
        <Line key={top + i} segments={segments} width={width} />
      ))}
    </Box>
  );
}
