/**
 * Overview: IS-SOH and SPP side by side (stacked below 100 columns), the verification summary,
 * and the topology of seed 000 (core, serve, public views, spp, the FDW link each way). On a
 * short terminal the same facts are drawn in fewer lines rather than cut off.
 */
import { Box, Text } from 'ink';
import { type Finding, GROUP_TITLES, GROUPS, summarize } from '../../../core/finding.js';
import { DatabasePanel, panelHeight } from '../../components/DatabasePanel.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { ProgressRow } from '../../components/ProgressRow.js';
import { fit, shortObject, truncate, wrap } from '../../text.js';
import { STATUS_TONE, statusGlyph, symbols, type Theme, useTheme } from '../../theme.js';
import type { VerificationState } from '../../verification/state.js';
import { summaryLines, waitingText } from './summary.js';
import { type TopologyItem, topologyItems } from './topology.js';

type Properties = {
  readonly verification: VerificationState;
  readonly width: number;
  readonly height: number;
};

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

/** `seed000`: the topology is seed 000's (the built-in 0024), said beside the title. */
function topologyLines(
  items: readonly TopologyItem[],
  compact: boolean,
  theme: Theme,
  seed000: boolean,
): LineSegments[] {
  const glyph = (item: TopologyItem): Segment => ({
    text: `${statusGlyph(theme, item.status)} `,
    tone: STATUS_TONE[item.status],
  });
  const detail = (item: TopologyItem): Segment => ({
    text: item.detail,
    tone: item.status === 'pass' || item.status === 'skip' ? undefined : STATUS_TONE[item.status],
  });
  if (compact) {
    // The four presence checks on one line; the links and anything misplaced one line each.
    const schemas = items.filter((i) => !i.name.startsWith('FDW') && !i.name.startsWith('0024'));
    const rest = items.filter((i) => !schemas.includes(i));
    return [
      [{ text: 'Topology  ', bold: true }, ...schemas.flatMap((i) => [glyph(i), { text: `${i.name}  ` }])],
      ...rest.map((i): LineSegments => [{ text: '  ' }, glyph(i), { text: `${i.name}  `, bold: true }, detail(i)]),
    ];
  }
  const nameWidth = Math.max(...items.map((t) => t.name.length)) + 2;
  return [
    [
      { text: 'Topology', bold: true },
      { text: seed000 ? '  (seed 000: IS-SOH holds core and serve, SPP holds spp)' : '', dim: true },
    ],
    ...items.map(
      (i): LineSegments => [{ text: '  ' }, glyph(i), { text: fit(i.name, nameWidth), bold: true }, detail(i)],
    ),
  ];
}

export function Overview({ verification, width, height }: Properties) {
  const theme = useTheme();
  const sym = symbols(theme);
  const { issoh, spp } = verification.databases;
  const wide = width >= SIDE_BY_SIDE;
  const items = topologyItems(verification.findings, verification.databases, sym, verification.intended);
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
  const blank = gap ? <Text> </Text> : null;
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      {wide ? (
        <Box flexDirection="row" flexShrink={0}>
          <Box width={panelWidth} flexShrink={0}>
            <DatabasePanel db={issoh} width={panelWidth} compact={compact} />
          </Box>
          <Box width={2} flexShrink={0} />
          <Box width={panelWidth} flexShrink={0}>
            <DatabasePanel db={spp} width={panelWidth} compact={compact} />
          </Box>
        </Box>
      ) : (
        <>
          <DatabasePanel db={issoh} width={width} compact={compact} />
          {blank}
          <DatabasePanel db={spp} width={width} compact={compact} />
        </>
      )}
      {blank}
      {verification.findings === null ? (
        verification.error ? (
          <Line
            segments={[
              { text: 'Verification  ', bold: true },
              { text: `failed: ${verification.error}`, tone: 'red' },
            ]}
            width={width}
          />
        ) : (
          <ProgressRow label="" text={waitingText(theme)} width={width} />
        )
      ) : (
        <>
          {summaryLines(verification, theme).map((segments, i) => (
            <Line key={`s${i}`} segments={segments} width={width} />
          ))}
          {diagnosis.map((segments, i) => (
            <Line key={`d${i}`} segments={segments} width={width} />
          ))}
        </>
      )}
      {blank}
      {topologyLines(items, shortTopology, theme, verification.intended === null).map((segments, i) => (
        <Line key={i} segments={segments} width={width} />
      ))}
    </Box>
  );
}
