/**
 * Overview: IS-SOH and SPP side by side (stacked below 100 columns), the verification summary,
 * and the topology of seed 000 (core, serve, public views, spp, the FDW link each way). On a
 * short terminal the same facts are drawn in fewer lines rather than cut off.
 */
import { Box, Text } from 'ink';
import { DatabasePanel } from '../../components/DatabasePanel.js';
import { Line, type LineSegments, type Segment } from '../../components/Line.js';
import { ProgressRow } from '../../components/ProgressRow.js';
import { fit } from '../../text.js';
import { STATUS_TONE, statusGlyph, type Theme, useTheme } from '../../theme.js';
import type { VerificationState } from '../../verification/state.js';
import { overviewLayout } from './layout.js';
import { summaryLines, waitingText } from './summary.js';
import type { TopologyItem } from './topology.js';

type Properties = {
  readonly verification: VerificationState;
  readonly width: number;
  readonly height: number;
};

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
  const { issoh, spp } = verification.databases;
  const { wide, panelWidth, compact, items, diagnosis, shortTopology, gap } = overviewLayout(
    verification,
    width,
    height,
    theme,
  );
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
