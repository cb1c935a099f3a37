/** Below 60 columns or 15 rows the screens cannot be drawn legibly: say so instead of breaking. */
import { Box } from 'ink';
import { wrap } from '../text.js';
import { Line } from './Line.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

export const isTooSmall = (columns: number, rows: number): boolean => columns < MIN_COLUMNS || rows < MIN_ROWS;

type Properties = {
  readonly columns: number;
  readonly rows: number;
};

export function TooSmall({ columns, rows }: Properties) {
  const text = `Terminal too small: ${columns}x${rows}. mantis-sync-tui needs at least ${MIN_COLUMNS}x${MIN_ROWS}: enlarge the window, or press q to quit.`;
  const lines = wrap(text, Math.max(1, columns)).slice(0, Math.max(1, rows - 1));
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Line key={i} segments={[{ text: line, bold: i === 0 }]} width={columns} />
      ))}
    </Box>
  );
}
