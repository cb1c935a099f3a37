/**
 * Colour and glyph rules (clig.dev): no colour under NO_COLOR, TERM=dumb, --no-color or a
 * non-TTY; ASCII glyphs where the terminal may not draw Unicode (TERM=dumb, vt100/vt220, and the
 * Linux console, whose font lacks the marks and the spinner's braille even under a UTF-8
 * locale). Glyphs alone carry the meaning; colour only repeats it.
 */
import type { Status } from '../core/finding.js';
import { styleToken, withoutTokens } from './terminal-text.js';

export interface Style {
  readonly color: boolean;
  readonly unicode: boolean;
}

export function detectStyle(options: {
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly noColor?: boolean;
}): Style {
  const term = options.env.TERM ?? '';
  const noColor = options.noColor === true || (options.env.NO_COLOR ?? '') !== '' || term === 'dumb' || !options.isTTY;
  const asciiTerm = term === 'dumb' || term.startsWith('vt1') || term.startsWith('vt2') || term === 'linux';
  return { color: !noColor, unicode: !asciiTerm };
}

export type Paint = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray' | 'bold' | 'dim';

/**
 * Colour as tokens, turned into escape sequences only where text leaves the program
 * (output/terminal-text.ts): the text painted may be a database's, and must not pass for ours.
 */
export function paint(style: Style, color: Paint, text: string): string {
  if (!style.color) return text;
  const end = color === 'bold' || color === 'dim' ? 'end-bold' : 'end-color';
  return `${styleToken(color)}${withoutTokens(text)}${styleToken(end)}`;
}

const GLYPHS: Record<Status, { unicode: string; ascii: string; color: Paint }> = {
  pass: { unicode: '✓', ascii: '[ok]', color: 'green' },
  fail: { unicode: '✗', ascii: '[FAIL]', color: 'red' },
  warn: { unicode: '!', ascii: '[warn]', color: 'yellow' },
  blocked: { unicode: '⊘', ascii: '[blocked]', color: 'magenta' },
  skip: { unicode: '–', ascii: '[skip]', color: 'gray' },
};

export function glyph(style: Style, status: Status): string {
  const g = GLYPHS[status];
  return paint(style, g.color, style.unicode ? g.unicode : g.ascii);
}
