/**
 * How the app draws, without React: colour or not (NO_COLOR, --no-color, TERM=dumb), Unicode or
 * ASCII symbols (TERM=vt100, linux, dumb). The rules are src/output/style.ts's, shared with
 * `verify`. Glyphs carry the meaning; colour only repeats it, so nothing is lost without it. The
 * frame drawn before React and Ink load (first-frame.ts) draws with these too; theme.ts gives
 * the components the theme.
 */
import type { Status } from '../core/finding.js';
import { glyph, type Style } from '../output/style.js';

export type Theme = Style;

export type Tone = 'red' | 'green' | 'yellow' | 'magenta' | 'gray' | 'cyan';

/** The colour to pass to <Text color>, or undefined when colour is off. */
export const tone = (theme: Theme, color: Tone | undefined): Tone | undefined => (theme.color ? color : undefined);

export const STATUS_TONE: Record<Status, Tone> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  blocked: 'magenta',
  skip: 'gray',
};

/** The status glyph as plain text: ✓ ✗ ! ⊘ – or [ok] [FAIL] [warn] [blocked] [skip]. */
export const statusGlyph = (theme: Theme, status: Status): string =>
  glyph({ color: false, unicode: theme.unicode }, status);

/** Width of the widest glyph, so columns line up in ASCII mode too. */
export const glyphWidth = (theme: Theme): number => (theme.unicode ? 1 : '[blocked]'.length);

export interface Symbols {
  readonly cursor: string;
  readonly ellipsis: string;
  readonly open: string;
  readonly closed: string;
  readonly arrow: string;
  readonly dot: string;
  readonly rule: string;
  readonly up: string;
  readonly down: string;
  readonly enter: string;
  /** a step only dry-run (rolled back), never applied: not the ✓ of a committed one */
  readonly dryRun: string;
  readonly spinner: 'dots' | 'line';
}

const UNICODE: Symbols = {
  cursor: '›',
  ellipsis: '…',
  open: '▾',
  closed: '▸',
  arrow: '→',
  dot: '·',
  rule: '─',
  up: '↑',
  down: '↓',
  enter: 'Enter',
  dryRun: '○',
  spinner: 'dots',
};

const ASCII: Symbols = {
  cursor: '>',
  ellipsis: '...',
  open: '-',
  closed: '+',
  arrow: '->',
  dot: '-',
  rule: '-',
  up: 'Up',
  down: 'Down',
  enter: 'Enter',
  dryRun: '[dry]',
  spinner: 'line',
};

export const symbols = (theme: Theme): Symbols => (theme.unicode ? UNICODE : ASCII);
