/**
 * The environment switcher drawn over the screen's body: each environment of mantis-sync-tui.json
 * with its marks (production, read-only) and which one the app is on; the list scrolls to the
 * cursor on a short terminal. Draws only: the keys are keys.ts's.
 */
import { Box } from 'ink';
import { Line, type LineSegments } from '../components/Line.js';
import { scrollOffset } from '../scroll.js';
import { fit, width as textWidth, wrap } from '../text.js';
import { statusGlyph, symbols, type Theme, useTheme } from '../theme.js';
import type { SwitcherState } from './state.js';

type Properties = {
  readonly state: SwitcherState;
  readonly width: number;
  readonly height: number;
};

/** The title, a line per environment (as many as fit `height` lines), then why a choice was refused, wrapped. */
export function switcherLines(state: SwitcherState, theme: Theme, width: number, height: number): LineSegments[] {
  const sym = symbols(theme);
  const { environments, path } = state.file;
  const problem = state.problem
    ? wrap(`${statusGlyph(theme, 'fail')} ${state.problem}`, width).map(
        (line): LineSegments => [{ text: line, tone: 'red' }],
      )
    : [];
  const rows = Math.max(1, height - 1 - problem.length);
  const nameWidth = Math.min(40, Math.max(...environments.map((e) => textWidth(e.name))));
  const top = scrollOffset(0, state.cursor, rows, environments.length);
  const lines: LineSegments[] = [
    [
      { text: `Environments of ${path}`, bold: true },
      { text: `  ${environments.length} ${sym.dot} Enter switches ${sym.dot} Esc stays`, dim: true },
    ],
  ];
  environments.slice(top, top + rows).forEach((environment, i) => {
    const here = top + i === state.cursor;
    const current = environment.name === state.current;
    lines.push([
      { text: here ? `${sym.cursor} ` : '  ', tone: 'cyan', bold: here },
      { text: fit(environment.name, nameWidth, sym.ellipsis), bold: here || current, inverse: here },
      { text: environment.production ? '  production' : '', tone: 'red', bold: true },
      { text: environment.readOnly ? '  read-only' : '', tone: 'yellow' },
      { text: current ? `  ${sym.arrow} current` : '', tone: 'green' },
    ]);
  });
  return [...lines, ...problem];
}

export function Switcher({ state, width, height }: Properties) {
  const theme = useTheme();
  const lines = switcherLines(state, theme, width, height);
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      {lines.map((segments, i) => (
        <Line key={i} segments={segments} width={width} />
      ))}
    </Box>
  );
}
