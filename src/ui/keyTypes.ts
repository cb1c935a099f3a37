/**
 * The vocabulary of keys every screen's keys.ts and the app's keymap speak: a key press, what a
 * key does (an action for the reducer, or an effect: the shell's own, or a request for the shown
 * screen's work), the layout keys read, the hints and Help sections they show. Types only, so a room's keys and the keymap that dispatches to them
 * both import it and neither imports the other back.
 */
import type { Key } from 'ink';
import type { AppAction } from './appState.js';

export type KeyPress = Partial<
  Pick<
    Key,
    | 'upArrow'
    | 'downArrow'
    | 'leftArrow'
    | 'rightArrow'
    | 'pageUp'
    | 'pageDown'
    | 'home'
    | 'end'
    | 'return'
    | 'escape'
    | 'ctrl'
    | 'shift'
    | 'tab'
    | 'backspace'
    | 'delete'
    | 'meta'
  >
>;

export type Effect =
  | { readonly type: 'quit' }
  | { readonly type: 'redraw' }
  | { readonly type: 'reverify' }
  | { readonly type: 'export' }
  /** a request for the shown screen's work (its reads and writes), in the screen's own words */
  | { readonly type: 'work'; readonly request: unknown };

export type Command = { readonly action: AppAction } | { readonly effect: Effect };

/** What the keys need to know of the layout the state is drawn in. */
export interface KeyLayout {
  readonly tooSmall: boolean;
  /** how far Help can scroll */
  readonly helpMax: number;
  /** lines moved by PgUp / PgDn on Help */
  readonly page: number;
  /** the shown screen's own geometry (its definition's layout), by its id */
  readonly screens: Readonly<Record<string, unknown>>;
}

export interface HelpSection {
  readonly title: string;
  readonly keys: ReadonlyArray<readonly [string, string]>;
}

export interface Hint {
  readonly keys: string;
  readonly label: string;
}
