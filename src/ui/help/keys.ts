/** Help's keys, as data: what a key does (pure) and the status-bar hints; keymap.ts calls in here. */
import { act, movement } from '../keyCommands.js';
import type { Command, Hint, KeyLayout, KeyPress } from '../keyTypes.js';
import type { Symbols } from '../theme.js';

/** Keys on Help (after the keys that work everywhere, ? among them). */
export function helpKeys(input: string, key: KeyPress, layout: KeyLayout): Command[] {
  if (key.escape) return [act({ type: 'nav/back' })];
  const move = movement(input, key, layout.page);
  if (move !== null) {
    const by = move === 'start' ? -Infinity : move === 'end' ? Infinity : move;
    return [act({ type: 'nav/help-scroll', by, max: layout.helpMax })];
  }
  return [];
}

/** The status bar, most useful first (the screens and quit are added by the caller; ? closes Help, Esc says so). */
export function helpHints(sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  return [
    { keys: 'Esc', label: 'back' },
    { keys: `${updown}/jk`, label: 'scroll' },
  ];
}
