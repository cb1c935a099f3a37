/**
 * The vocabulary of keys every screen's keys.ts and the app's keymap speak: a key press, what a
 * key does (an action for the reducer, or an effect: the shell's own, or a request for the shown
 * screen's work), the layout keys read, the hints and Help sections they show. Types only, so a room's keys and the keymap that dispatches to them
 * both import it and neither imports the other back.
 */
import type { Key } from 'ink';
import type { AppAction, AppState } from './appState.js';

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
  /** E: the environments of mantis-sync-tui.json listed, to switch to one */
  | { readonly type: 'environments' }
  | { readonly type: 'switch-environment'; readonly name: string }
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
  /** the keys it names, as its binding writes them */
  readonly names: readonly KeyName[];
}

/**
 * A key a binding answers to: one character ('a', ' ', '/', 'G'), a named key ('up', 'down',
 * 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'esc', 'tab', 'shift-tab',
 * 'backspace'), a Ctrl chord ('ctrl-u'), or a wildcard: 'text' (any printable text no other
 * binding there takes) or 'any' (any key no other binding there takes).
 */
export type KeyName = string;

/** A key as Ink reports it. */
export interface Press {
  readonly input: string;
  readonly key: KeyPress;
}

/**
 * One key binding, written once: the keys it answers to, where it works, what it does, its line
 * in Help and its hint on the status bar. The dispatcher, the status bar and Help are all read
 * from these records (bindings.ts), so none can name a key another does not.
 */
export interface KeyBinding<C extends string = string> {
  readonly keys: readonly KeyName[];
  /** the contexts where it works: its owner's context names */
  readonly in: readonly C[];
  /** its line in Help */
  readonly help: string;
  /** Help's section, when not its owner's (a confirmation's keys, a finding's detail) */
  readonly section?: string;
  /** its label on the status bar (by context, where it differs or is shown in some only); none: Help only */
  readonly hint?: string | Readonly<Partial<Record<C, string>>>;
  /** the keys the status bar names, when not all of them (a subset of keys) */
  readonly hintKeys?: readonly KeyName[];
  readonly run: (app: AppState, press: Press, layout: KeyLayout) => Command[];
}
