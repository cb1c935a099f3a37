/**
 * Checklist: the findings grouped as seed 001's validation tasks, each group with its counts
 * (found passing of expected), collapsible; each finding with its status glyph, title, object and
 * database. Enter opens the detail pane in place of the list.
 */
import { Box, Text } from 'ink';
import { type Finding, type Summary, summarize } from '../../../core/finding.js';
import { FindingDetail } from '../../components/FindingDetail.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { ProgressRow } from '../../components/ProgressRow.js';
import { scrollOffset } from '../../scroll.js';
import { fit, fitName, shortObject, wrap } from '../../text.js';
import { glyphWidth, STATUS_TONE, statusGlyph, symbols, type Theme, useTheme } from '../../theme.js';
import { DATABASE_KEYS, type VerificationState } from '../../verification/state.js';
import { type ChecklistState, checklistRows, isNarrowed, type Row, selectedIndex } from './state.js';

type Properties = {
  readonly verification: VerificationState;
  readonly checklist: ChecklistState;
  readonly width: number;
  readonly height: number;
};

const DATABASE = { issoh: 'IS-SOH', spp: 'SPP' } as const;

/** Lines above the list: why a database was not read, so a short list is never mistaken for a clean one. */
export function noticeLines(verification: VerificationState, width: number, theme: Theme): LineSegments[] {
  if (verification.findings === null) return [];
  return DATABASE_KEYS.flatMap((key): LineSegments[] => {
    const db = verification.databases[key];
    const report = db.report;
    const lines = (status: 'fail' | 'skip', text: string, tone: 'red' | 'yellow') =>
      wrap(`${statusGlyph(theme, status)} ${text}`, width)
        .slice(0, 4)
        .map((line): LineSegments => [{ text: line, tone }]);
    if (db.phase === 'missing' || report?.status === 'missing')
      return lines('skip', `${db.label} not checked: ${report?.error ?? 'no URL'}`, 'yellow');
    if (report?.status === 'error')
      return lines('fail', `not read, its checks are missing: ${report.error ?? ''}`, 'red');
    return [];
  });
}

/** The list viewport's height inside a body of `height` lines. */
export const listViewport = (verification: VerificationState, width: number, height: number, theme: Theme): number =>
  Math.max(1, height - 1 - noticeLines(verification, width, theme).length);

/** "✓ 8 pass", "✗ 4 fail", …: the non-zero counts, each with its glyph (the glyph carries the meaning without colour). */
export function countSegments(summary: Summary, theme: Theme, withPass = true): Segment[] {
  const statuses = (['pass', 'fail', 'warn', 'blocked', 'skip'] as const).filter(
    (s) => (withPass || s !== 'pass') && summary[s] > 0,
  );
  return statuses.map((status) => ({
    text: `  ${statusGlyph(theme, status)} ${summary[status]} ${status}`,
    tone: STATUS_TONE[status],
  }));
}

/**
 * The title without the object when the object only repeats it ("index missing: public.idx_x"
 * → "index missing"): the object has its own column.
 */
export function shortTitle(finding: Finding): string {
  const escaped = finding.object.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`: ${escaped}(?=$|:| [A-Z(])`);
  const match = pattern.exec(finding.title);
  if (!match) return finding.title;
  const rest = finding.title.slice(match.index + match[0].length).replace(/^:/, '');
  return `${finding.title.slice(0, match.index)}${rest === '' ? '' : `:${rest}`}`;
}

export function rowSegments(row: Row, selected: boolean, width: number, narrowed: boolean, theme: Theme): LineSegments {
  const sym = symbols(theme);
  const cursor = selected ? `${sym.cursor} ` : '  ';
  const mark = (segments: Segment[]): LineSegments =>
    selected ? segments.map((s) => ({ ...s, inverse: true })) : segments;
  if (row.kind === 'group') {
    const s = row.summary;
    return mark([
      { text: cursor },
      { text: `${row.collapsed ? sym.closed : sym.open} ` },
      { text: fit(row.title, 24), bold: true },
      { text: `${s.pass}/${s.total} pass`, tone: s.pass === s.total ? 'green' : undefined },
      ...countSegments(s, theme, false),
      ...(narrowed ? [{ text: `  (${row.shown} shown)`, dim: true }] : []),
    ]);
  }
  const f = row.finding;
  const objectWidth = Math.max(12, Math.min(36, Math.floor(width * 0.26)));
  const fixed = cursor.length + 2 + glyphWidth(theme) + 1 + 7 + 1 + objectWidth + 1 + 6;
  const titleWidth = Math.max(8, width - fixed);
  return mark([
    { text: `${cursor}  ` },
    {
      text: `${statusGlyph(theme, f.status).padEnd(glyphWidth(theme))} `,
      tone: STATUS_TONE[f.status],
      bold: f.status === 'fail',
    },
    { text: `${f.code} `, dim: true },
    { text: fit(shortTitle(f), titleWidth, sym.ellipsis) },
    { text: ` ${fitName(shortObject(f.object), objectWidth, sym.ellipsis)}`, dim: !selected },
    { text: ` ${DATABASE[f.database]}`.padEnd(7) },
  ]);
}

export function headerSegments(verification: VerificationState, checklist: ChecklistState, theme: Theme): LineSegments {
  const sym = symbols(theme);
  const findings = verification.findings ?? [];
  const summary = summarize(findings);
  if (!isNarrowed(checklist))
    return [{ text: `${summary.total} checks`, bold: true }, ...countSegments(summary, theme)];
  // While narrowed, what narrows it comes first: it is what the eye looks for.
  const shown = checklistRows(findings, checklist).filter((r) => r.kind === 'finding').length;
  const narrowing: Segment[] = [{ text: `${shown} of ${summary.total} shown`, bold: true }];
  if (checklist.filter.trim() !== '')
    narrowing.push({ text: `  ${sym.dot} filter "${checklist.filter}"`, tone: 'cyan' });
  if (checklist.failuresOnly) narrowing.push({ text: `  ${sym.dot} failures only`, tone: 'cyan' });
  return [...narrowing, { text: `  ${sym.dot}` }, ...countSegments(summary, theme)];
}

export function Checklist({ verification, checklist, width, height }: Properties) {
  const theme = useTheme();
  const findings = verification.findings;
  if (findings === null) {
    return (
      <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
        <Line segments={[{ text: 'Checklist', bold: true }]} width={width} />
        {verification.error ? (
          <Line segments={[{ text: `verification failed: ${verification.error}`, tone: 'red' }]} width={width} />
        ) : null}
        {DATABASE_KEYS.map((key) => {
          const db = verification.databases[key];
          if (db.phase === 'reading')
            return (
              <ProgressRow
                key={key}
                label={db.label}
                text={`connecting and reading the catalog${symbols(theme).ellipsis}`}
                width={width}
              />
            );
          const report = db.report;
          const ok = report?.status === 'ok';
          return (
            <Line
              key={key}
              segments={[
                { text: `${db.label.padEnd(7)} `, bold: true },
                ok
                  ? { text: `${statusGlyph(theme, 'pass')} read in ${report?.elapsedMs ?? '?'} ms`, tone: 'green' }
                  : {
                      text: `${statusGlyph(theme, report?.status === 'error' ? 'fail' : 'skip')} ${report?.error ?? ''}`,
                      tone: report?.status === 'error' ? 'red' : 'yellow',
                    },
              ]}
              width={width}
            />
          );
        })}
      </Box>
    );
  }
  const detailFinding = checklist.detail ? findings.find((f) => f.id === checklist.detail?.id) : undefined;
  if (checklist.detail && detailFinding) {
    return <FindingDetail finding={detailFinding} width={width} height={height} scroll={checklist.detail.scroll} />;
  }
  const notices = noticeLines(verification, width, theme);
  const viewport = listViewport(verification, width, height, theme);
  const rows = checklistRows(findings, checklist);
  const index = selectedIndex(rows, checklist);
  const offset = scrollOffset(checklist.offset, index, viewport, rows.length);
  const narrowed = isNarrowed(checklist);
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      <Line segments={headerSegments(verification, checklist, theme)} width={width} />
      {notices.map((segments, i) => (
        <Line key={`notice-${i}`} segments={segments} width={width} />
      ))}
      {rows.length === 0 ? (
        <Text>{narrowed ? '  nothing matches: Esc clears the filter' : '  no findings'}</Text>
      ) : (
        rows
          .slice(offset, offset + viewport)
          .map((row, i) => (
            <Line
              key={i}
              segments={rowSegments(row, offset + i === index, width, narrowed, theme)}
              width={width}
              fill={offset + i === index}
            />
          ))
      )}
    </Box>
  );
}
