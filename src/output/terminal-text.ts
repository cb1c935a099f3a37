/**
 * Text on its way to a terminal (issue 22): nothing a database holds may act on the operator's
 * terminal. An organization name with ESC]52 writes the clipboard, ESC]0 the title, a bare CR
 * overwrites the line. So every control character is shown, never sent: `\u001b`, `\u000d`, …
 * (also inside a JSON string, where that is the same escape JSON itself uses). The tool's own
 * colours and its progress line's CR are not control characters in the text: renderers write
 * them as tokens (`styleToken`), and only `forTerminal`, where text leaves the program, turns
 * a token into its sequence, after every real control character was made visible.
 */

/** The only sequences the tool itself sends to a text terminal. */
const SEQUENCES = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
  gray: '\u001b[90m',
  'end-bold': '\u001b[22m',
  'end-color': '\u001b[39m',
  /** back to the start of the line and clear it: a progress line drawn again in place */
  'redraw-line': '\r\u001b[K',
  /** to the start of the line above, the rest of this line cleared, all below cleared: a table drawn again in place */
  'line-up': '\u001b[F',
  'clear-line-end': '\u001b[K',
  'clear-below': '\u001b[J',
} as const;
export type TerminalSequence = keyof typeof SEQUENCES;

/** A non-character of Unicode's own: never text a person typed, so it can mark a token. */
const TOKEN = '\uFDD0';
/**
 * Two private-use characters drawn when the program starts: a token is the mark, this key and its
 * code. Text from a database that holds the mark (and a guess at the code) is still shown, not
 * obeyed: it cannot know the key (one in 6400², too many to try in one value).
 */
const KEY = [0, 1].map(() => String.fromCharCode(0xe000 + Math.floor(Math.random() * 0x1900))).join('');
const NAMES = Object.keys(SEQUENCES) as TerminalSequence[];

/** The token a renderer writes where the terminal should get `sequence`. */
export const styleToken = (sequence: TerminalSequence): string =>
  `${TOKEN}${KEY}${String.fromCharCode(0x41 + NAMES.indexOf(sequence))}`;

const visible = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** C0 controls but newline and tab, DEL, C1 controls, and the token mark itself when it comes from data. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Every control character made visible: what text faces and Markdown show of data. */
export function showControls(text: string): string {
  return text.replace(CONTROL, visible).replaceAll(TOKEN, visible(TOKEN));
}

/**
 * Where text leaves the program for a terminal or a pipe: data's control characters shown, the
 * tool's own tokens turned into their sequences (or dropped, when `sequences` is false).
 */
export function forTerminal(text: string, sequences = true): string {
  let out = text.replace(CONTROL, visible);
  out = out.replace(new RegExp(`${TOKEN}(${KEY}[A-Z])?`, 'g'), (_, token: string | undefined) => {
    const name = token === undefined ? undefined : NAMES[token.charCodeAt(KEY.length) - 0x41];
    if (name === undefined) return token === undefined ? visible(TOKEN) : visible(TOKEN) + token;
    return sequences ? SEQUENCES[name] : '';
  });
  return out;
}

/** A token mark that came in with data is shown, so data can never pass for the tool's own sequence. */
export const withoutTokens = (text: string): string => text.replaceAll(TOKEN, visible(TOKEN));
