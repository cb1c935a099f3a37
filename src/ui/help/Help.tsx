/** Help: every key, grouped by where it works; scrolls when the terminal is short. */
import { Box } from 'ink';
import { Line, type LineSegments } from '../components/Line.js';
import { helpSections } from '../keymap.js';
import { fit, width as textWidth, wrap } from '../text.js';
import { symbols, type Theme, useTheme } from '../theme.js';

/** The widest the keys' column gets; wider keys take a line of their own. */
const KEY_COLUMN = 26;

type Properties = {
  readonly width: number;
  readonly height: number;
  readonly scroll: number;
};

/** Every line of Help at `width` columns: a description too long for its line wraps under itself, never cut. */
export function helpLines(theme: Theme, width = Infinity): LineSegments[] {
  const sym = symbols(theme);
  const lines: LineSegments[] = [];
  const sections = helpSections(sym);
  const keyWidth = Math.min(KEY_COLUMN, Math.max(...sections.flatMap((s) => s.keys.map(([k]) => textWidth(k)))) + 2);
  const keyCell = (text: string): LineSegments[number] => ({ text, tone: 'cyan', bold: true });
  sections.forEach((section, i) => {
    if (i > 0) lines.push([{ text: ' ' }]);
    lines.push([{ text: section.title, bold: true }]);
    for (const [keys, description] of section.keys) {
      // Keys wider than their column get a line of their own; the description goes under them.
      const own = textWidth(keys) > keyWidth - 2;
      if (own) lines.push([keyCell(`  ${keys}`)]);
      const parts = wrap(description, Math.max(20, width - keyWidth - 2));
      parts.forEach((part, i) => {
        lines.push([
          keyCell(i === 0 && !own ? `  ${fit(keys, keyWidth, sym.ellipsis)}` : ' '.repeat(keyWidth + 2)),
          { text: part },
        ]);
      });
    }
  });
  lines.push(
    [{ text: ' ' }],
    [
      { text: 'Glyphs: ', bold: true },
      {
        text: theme.unicode
          ? '✓ pass  ✗ fail  ! warn  ⊘ blocked  – skip'
          : '[ok] pass  [FAIL] fail  [warn] warn  [blocked] blocked  [skip] skip',
      },
    ],
  );
  return lines;
}

/** The last answer, kept: every frame's layout asks (Help open or not), and the terminal's size seldom changes. */
let lastMaxScroll: {
  readonly height: number;
  readonly theme: Theme;
  readonly width: number;
  readonly max: number;
} | null = null;

export function helpMaxScroll(height: number, theme: Theme, width = Infinity): number {
  const last = lastMaxScroll;
  if (last && last.height === height && last.theme === theme && last.width === width) return last.max;
  const max = Math.max(0, helpLines(theme, width).length - height);
  lastMaxScroll = { height, theme, width, max };
  return max;
}

export function Help({ width, height, scroll }: Properties) {
  const theme = useTheme();
  const lines = helpLines(theme, width);
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      {lines.slice(top, top + height).map((segments, i) => (
        <Line key={i} segments={segments} width={width} />
      ))}
    </Box>
  );
}
