/**
 * The confirmation drawn at the bottom of a screen: "…? [y/N]" for safe and moderate changes;
 * for severe ones the database name typed (ConfirmByName: the exact name and Enter confirm,
 * Esc cancels, a wrong name refuses). Which key does what is keymap's; this only draws.
 */
import { Box } from 'ink';
import { useContext } from 'react';
import { typeNameTo } from '../../core/words.js';
import type { Confirm } from '../confirm.js';
import type { Place } from '../place.js';
import { PlaceContext } from '../placeContext.js';
import { wrap } from '../text.js';
import { symbols, type Theme, useTheme } from '../theme.js';
import { Line, type LineSegments } from './Line.js';

type Properties = {
  readonly confirm: Confirm;
  readonly width: number;
};

/** At most this many lines of question: the prompt never pushes the screen off. */
const MAX_QUESTION_LINES = 4;

/** `place`: the environment the typed name is asked in ("Type mantis_issoh to roll back PRODUCTION"). */
export function confirmLines(confirm: Confirm, width: number, theme: Theme, place?: Place): LineSegments[] {
  const sym = symbols(theme);
  const lines: LineSegments[] = [];
  if (confirm.kind === 'yes-no') {
    const text = `${confirm.question} [y/N]`;
    for (const line of wrap(text, width).slice(0, MAX_QUESTION_LINES))
      lines.push([{ text: line, bold: true, tone: 'yellow' }]);
    return lines;
  }
  if (confirm.warning) {
    for (const line of wrap(`${sym.arrow} ${confirm.warning}`, width).slice(0, MAX_QUESTION_LINES))
      lines.push([{ text: line, bold: true, tone: 'red' }]);
  }
  for (const line of wrap(confirm.question, width).slice(0, MAX_QUESTION_LINES))
    lines.push([{ text: line, bold: true, tone: 'yellow' }]);
  lines.push([
    { text: `${typeNameTo(confirm.expected, confirm.action, place?.environment)}: `, bold: true },
    { text: confirm.typed, tone: confirm.expected.startsWith(confirm.typed) ? 'cyan' : 'red' },
    { text: theme.unicode ? '▏' : '_', tone: 'cyan' },
    { text: `   Enter confirms ${sym.dot} Esc cancels`, dim: true },
  ]);
  return lines;
}

/** Lines the prompt takes at this width. */
export const confirmHeight = (confirm: Confirm | null, width: number, theme: Theme): number =>
  confirm ? confirmLines(confirm, width, theme).length : 0;

export function ConfirmPrompt({ confirm, width }: Properties) {
  const theme = useTheme();
  const place = useContext(PlaceContext);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {confirmLines(confirm, width, theme, place).map((segments, i) => (
        <Line key={i} segments={segments} width={width} />
      ))}
    </Box>
  );
}

/** The severe confirmation: the database name, typed. */
export function ConfirmByName({ confirm, width }: Properties) {
  return confirm.kind === 'name' ? <ConfirmPrompt confirm={confirm} width={width} /> : null;
}
