/**
 * One line of the screen, from plain segments, cut to the width it is given: the app never lets
 * Ink wrap a line, so the frame's height is always what the layout says.
 */
import { Box, Text } from 'ink';
import { width as textWidth } from '../text.js';
import { tone, useTheme } from '../theme.js';
import { cutSegments, type LineSegments, type Segment } from './cut.js';

// Where lines are cut (cut.ts, free of Ink) is where their parts are defined.
export type { LineSegments, Segment } from './cut.js';

type Properties = {
  readonly segments: LineSegments;
  readonly width: number;
  /** pad with spaces to the full width (for an inverse selection bar) */
  readonly fill?: boolean;
};

export function Line({ segments, width, fill = false }: Properties) {
  const theme = useTheme();
  const cut = cutSegments(segments, width, theme);
  const used = cut.reduce((sum, s) => sum + textWidth(s.text), 0);
  const padding: Segment[] =
    fill && used < width ? [{ text: ' '.repeat(width - used), inverse: cut.at(-1)?.inverse }] : [];
  const parts = [...cut, ...padding];
  if (used === 0 && padding.length === 0) return <Text> </Text>;
  const text = (s: Segment, key: number) => (
    <Text
      key={key}
      color={tone(theme, s.tone)}
      backgroundColor={tone(theme, s.background)}
      bold={s.bold ?? false}
      dimColor={theme.color && (s.dim ?? false)}
      inverse={s.inverse ?? false}
    >
      {s.text}
    </Text>
  );
  if (!parts.some((s) => NON_ASCII.test(s.text)) || parts.some((s) => WIDE.test(s.text)))
    return <Text wrap="truncate-end">{parts.map(text)}</Text>;
  // Ink measures each text node whole, and a node with any non-ASCII character takes
  // string-width's grapheme-by-grapheme path, several times slower. A Monitor row whose
  // organization ends in "…" would be measured that way entirely: the non-ASCII runs ("…", "›",
  // "·") are nodes of their own, so only they are. A line with characters two columns wide is
  // left whole to Ink, which measures and cuts them right (the segments are cut by code points).
  return (
    <Box flexDirection="row" height={1}>
      {asciiRuns(parts).map(text)}
    </Box>
  );
}

const NON_ASCII = /[^\x20-\x7e]/;
/** Two columns wide (Hangul, CJK, fullwidth forms) or outside the Basic Multilingual Plane (emoji). */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\ud800-\udfff]/;
const RUNS = /[\x20-\x7e]+|[^\x20-\x7e]+/g;

/** The segments cut where text turns from printable ASCII to anything else and back, styles kept. */
export function asciiRuns(segments: LineSegments): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    if (!NON_ASCII.test(segment.text)) out.push(segment);
    else for (const [run] of segment.text.matchAll(RUNS)) out.push({ ...segment, text: run });
  }
  return out;
}
