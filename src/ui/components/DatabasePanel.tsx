/**
 * One database on the Overview: where it is (redacted: host and database only), what answered
 * (server version, user), how the session is set up (read-only, pooled or direct, TLS), how long
 * the read took; or, in its place, why it could not be read and how to fix it.
 */
import { Box } from 'ink';
import { symbols, useTheme } from '../theme.js';
import type { DatabaseState } from '../verification/state.js';
import { databaseLines, where } from './databaseLines.js';
import { Line } from './Line.js';
import { ProgressRow } from './ProgressRow.js';

type Properties = {
  readonly db: DatabaseState;
  readonly width: number;
  /** fewer lines, for a short terminal */
  readonly compact: boolean;
};

export function DatabasePanel({ db, width, compact }: Properties) {
  const theme = useTheme();
  if (db.phase === 'reading') {
    return (
      <Box flexDirection="column" flexShrink={0}>
        <ProgressRow
          label={db.label}
          text={`connecting and reading the catalog${symbols(theme).ellipsis}`}
          width={width}
        />
        <Line segments={[{ text: `  ${where(db)}` }]} width={width} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" flexShrink={0}>
      {databaseLines(db, width, compact, theme).map((segments, i) => (
        <Line key={i} segments={segments} width={width} />
      ))}
    </Box>
  );
}
