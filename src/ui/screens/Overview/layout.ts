/**
 * Where the Overview puts its blocks, without Ink: the database panels (side by side from
 * SIDE_BY_SIDE columns, stacked below), the verification's lines, the topology, with blank lines
 * between them only where they fit. Overview.tsx draws by it, and the frame drawn before Ink loads
 * (first-frame.ts) puts the verification's lines on the row it gives, so they do not move when Ink
 * draws the whole Overview.
 */
import { type Finding, GROUP_TITLES, GROUPS, summarize } from '../../../core/finding.js';
import type { LineSegments } from '../../components/cut.js';
import { panelHeight } from '../../components/databaseLines.js';
import { statusGlyph, symbols, type Theme } from '../../symbols.js';
import { shortObject, truncate, wrap } from '../../text.js';
import type { VerificationState } from '../../verification/state.js';
import { type TopologyItem, topologyItems } from './topology.js';

/** Side by side from this width on. */
export const SIDE_BY_SIDE = 100;

/**
 * What is wrong and what to do, under the verdict: the failing checks named by group and object
 * (at most two lines), then the one key that acts on them. Pure: its height is part of the layout.
 */
export function diagnosisLines(verification: VerificationState, width: number, theme: Theme): LineSegments[] {
  const sym = symbols(theme);
  const findings = verification.findings ?? [];
  const s = summarize(findings);
  const { issoh, spp } = verification.databases;
  const next = (text: string): LineSegments => [
    { text: `  ${sym.arrow} next: `, bold: true },
    { text: truncate(text, Math.max(1, width - 10), sym.ellipsis) },
  ];
  if ([issoh, spp].some((db) => db.report?.status === 'error'))
    return [next('fix the connection said above, then r re-verifies')];
  if (issoh.report?.status !== 'ok') return [next('set DATABASE_URL (or --issoh-url) to IS-SOH and start again')];
  if (s.fail === 0 && s.blocked === 0)
    return [
      next(
        s.warn > 0
          ? '2 lists the warnings (f: failures only); 3 watches the syncs'
          : '3 watches the syncs; 6 shows partitions and health',
      ),
    ];
  const failing = findings.filter((f) => f.status === 'fail');
  const byGroup = GROUPS.map((group) => [group, failing.filter((f) => f.group === group)] as const).filter(
    ([, list]) => list.length > 0,
  );
  const named = byGroup
    .map(([group, list]) => `${GROUP_TITLES[group]}: ${[...new Set(list.map(objectName))].join(', ')}`)
    .join('; ');
  const lines: LineSegments[] = [];
  if (named !== '') {
    const glyph = `  ${statusGlyph(theme, 'fail')} `;
    const wrapped = wrap(named, width - glyph.length);
    const shown =
      wrapped.length > 2
        ? [wrapped[0]!, `${truncate(wrapped[1]!, width - glyph.length - 4, sym.ellipsis)} (2)`]
        : wrapped;
    shown.forEach((line, i) => {
      lines.push([{ text: i === 0 ? glyph : ' '.repeat(glyph.length), tone: 'red' }, { text: line }]);
    });
  }
  lines.push(
    next(
      `press 4 for Remediate: its plan fixes ${s.fail > 0 ? 'these' : 'what blocks the rest'} in order, step by step`,
    ),
  );
  return lines;
}

/** "organization", "auth.uid()": what a failing finding is about, short. */
const objectName = (f: Finding): string => shortObject(f.object);

export interface OverviewLayout {
  readonly wide: boolean;
  readonly panelWidth: number;
  /** a read database in 2 lines, the topology's presence checks on one line */
  readonly compact: boolean;
  readonly shortTopology: boolean;
  /** blank lines between the blocks */
  readonly gap: boolean;
  readonly items: TopologyItem[];
  readonly diagnosis: LineSegments[];
  /** the body's row (0: its first) of the verification's first line: waiting, failed, or its counts */
  readonly verificationRow: number;
}

export function overviewLayout(
  verification: VerificationState,
  width: number,
  height: number,
  theme: Theme,
): OverviewLayout {
  const { issoh, spp } = verification.databases;
  const wide = width >= SIDE_BY_SIDE;
  const items = topologyItems(verification.findings, verification.databases, symbols(theme), verification.intended);
  const panelWidth = wide ? Math.floor((width - 2) / 2) : width;
  // Full: panels of up to 4 lines and topology one item a line; compact (a read database in 2
  // lines, the presence checks on one line) when that does not fit; blank lines between blocks
  // only where they fit.
  const panels = (compact: boolean) => {
    const a = panelHeight(issoh, panelWidth, compact, theme);
    const b = panelHeight(spp, panelWidth, compact, theme);
    return wide ? Math.max(a, b) : a + b;
  };
  const schemas = items.filter((i) => !i.name.startsWith('FDW') && !i.name.startsWith('0024')).length;
  // Side by side: under the panels and under the verification; stacked, between the panels too.
  const gaps = wide ? 2 : 3;
  const diagnosis = verification.findings === null ? [] : diagnosisLines(verification, width, theme);
  const summary = 2 + diagnosis.length;
  const topology = (short: boolean) => (short ? 1 + items.length - schemas : 1 + items.length);
  // The first that fits without the blank lines: all in full, the topology short, then the panels short too.
  const fits = (panelsShort: boolean, topologyShort: boolean) =>
    panels(panelsShort) + summary + topology(topologyShort) <= height;
  const shortTopology = !fits(false, false) || panels(false) + summary + topology(false) + gaps > height;
  const compact = !fits(false, true);
  const gap = panels(compact) + summary + topology(shortTopology) + gaps <= height;
  return {
    wide,
    panelWidth,
    compact,
    shortTopology,
    gap,
    items,
    diagnosis,
    verificationRow: panels(compact) + (gap ? gaps - 1 : 0),
  };
}
