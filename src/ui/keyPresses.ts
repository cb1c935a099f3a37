/**
 * One read from the terminal as the key presses it holds. Over a slow link several presses arrive
 * in one read ("jj⏎"), and Ink hands a run without an escape sequence over as one string, so "j"
 * then Enter would reach the keys as the text "j\r" and do nothing. Each character is given back
 * as Ink gives it when it arrives alone (Enter, Tab, Backspace, Delete, Ctrl+letter, a letter).
 */
import type { KeyPress } from './keyTypes.js';

export type Press = readonly [input: string, key: KeyPress];

const ESCAPE = '\u001b';

export function keyPresses(input: string, key: KeyPress): Press[] {
  const characters = [...input];
  if (characters.length < 2 || input.includes(ESCAPE) || key.ctrl || key.meta) return [[input, key]];
  return characters.map(pressOf);
}

function pressOf(character: string): Press {
  switch (character) {
    case '\r':
      return ['', { return: true }];
    case '\t':
      return ['', { tab: true }];
    case '\b':
      return ['', { backspace: true }];
    case '\u007f':
      return ['', { delete: true }];
  }
  const code = character.codePointAt(0)!;
  // Ctrl+A … Ctrl+Z arrive as 1 … 26; Ink names them by their letter.
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ctrl: true }];
  return [character, /^[A-Z]$/.test(character) ? { shift: true } : {}];
}
