/**
 * One database panel's lines on the Overview, as plain segments without Ink: DatabasePanel.tsx draws
 * them, and the Overview's layout (screens/Overview/layout.ts) counts them, as does the frame drawn
 * before Ink loads (first-frame.ts), which puts the verification's lines where the Overview does.
 */

import { STATUS_TONE, statusGlyph, symbols, type Theme } from '../symbols.js';
import { width as textWidth, wrap } from '../text.js';
import type { DatabaseState } from '../verification/state.js';
import type { LineSegments, Segment } from './cut.js';

/** At most this many lines per panel: a long error is cut after its fourth line. */
export const PANEL_LINES = 4;

export const where = (db: DatabaseState): string =>
  `${db.report?.host ?? db.host ?? '?'}/${db.report?.database ?? db.database ?? '?'}${db.source ? ` (from ${db.source})` : ''}`;

/** The panel's lines once the database was read, failed, or has no URL (4 at most; 2 when compact and read). */
export function databaseLines(db: DatabaseState, width: number, compact: boolean, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const label: Segment = { text: `${db.label.padEnd(7)}`, bold: true };
  const report = db.report;
  const explain = (head: Segment, text: string, tone: 'red' | 'yellow'): LineSegments[] => {
    if (compact) {
      // On a short terminal the reason follows the label, wrapped over the panel's lines.
      const prefix = `${label.text}${head.text}: `;
      const wrapped = wrap(prefix + text, width);
      const first = wrapped[0] ?? '';
      return [
        [label, head, { text: first.slice(prefix.length - 2), tone }],
        ...wrapped.slice(1).map((line): LineSegments => [{ text: line, tone }]),
      ].slice(0, PANEL_LINES);
    }
    return [[label, head], ...wrap(text, width - 2).map((line): LineSegments => [{ text: `  ${line}`, tone }])].slice(
      0,
      PANEL_LINES,
    );
  };
  if (db.phase === 'missing' || report?.status === 'missing') {
    return explain(
      { text: `${statusGlyph(theme, 'skip')} not checked`, tone: 'yellow', bold: true },
      report?.error ?? 'no URL',
      'yellow',
    );
  }
  if (!report) return [[label, { text: 'waiting' }]];
  if (report.status === 'error') {
    return explain(
      { text: `${statusGlyph(theme, 'fail')} could not be read`, tone: STATUS_TONE.fail, bold: true },
      report.error ?? 'unknown error',
      'red',
    );
  }
  const read: Segment[] = [
    { text: `${statusGlyph(theme, 'pass')} read`, tone: 'green' },
    { text: report.elapsedMs !== null ? ` in ${report.elapsedMs} ms` : '' },
    { text: report.latencyMs !== null ? ` ${sym.dot} round trip ${report.latencyMs} ms` : '' },
  ];
  // Who the tool is connected as comes first: where a line is cut, the server's version gives way, not the user.
  const user = `user ${report.user ?? '?'}${report.superuser ? ' (superuser)' : ''}`;
  const server = `${user} ${sym.dot} ${report.serverVersion ?? 'unknown server'}`;
  const session: Segment[] = [
    report.readOnly ? { text: 'read-only', tone: 'green' } : { text: 'read-write', tone: 'yellow' },
    // The timeouts the server applied to the read, not the ones asked for.
    {
      text:
        report.lockTimeout !== null ? ` (lock ${report.lockTimeout}, statement ${report.statementTimeout ?? '?'})` : '',
      dim: true,
    },
    { text: ` ${sym.dot} ` },
    { text: report.pooled ? 'pooled' : 'direct' },
    { text: ` ${sym.dot} ` },
    report.ssl ? { text: 'TLS', tone: 'green' } : { text: 'no TLS', tone: 'yellow' },
  ];
  // In a narrow panel the timeouts give way, so the words after them (pooled, TLS) are never cut;
  // on the compact panel's one line, the user before them as well.
  const before = compact ? textWidth(`${user} ${sym.dot} `) : 0;
  if (2 + before + session.reduce((sum, s) => sum + textWidth(s.text), 0) > width) session.splice(1, 1);
  const waited =
    report.waitedMs > 0 ? ` ${sym.dot} waited ${(report.waitedMs / 1000).toFixed(1)} s for the server` : '';
  if (compact) {
    return [
      [label, ...read, { text: ` ${sym.dot} ${where(db)}` }],
      [
        { text: `  ${user} ${sym.dot} ` },
        ...session,
        { text: ` ${sym.dot} ${report.serverVersion ?? 'unknown server'}` },
      ],
    ];
  }
  return [
    [
      label,
      ...read,
      { text: ` (connect + ${report.queries} ${report.queries === 1 ? 'query' : 'queries'})${waited}`, dim: true },
    ],
    [{ text: `  ${where(db)}` }],
    [{ text: `  ${server}` }],
    [{ text: '  ' }, ...session],
  ];
}

/** How many lines the panel takes. */
export const panelHeight = (db: DatabaseState, width: number, compact: boolean, theme: Theme): number =>
  db.phase === 'reading' ? 2 : databaseLines(db, width, compact, theme).length;
