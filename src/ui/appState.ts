/**
 * The whole app's state: navigation, verification, the write running, the one-line message, and
 * each screen's own state under its id. The reducer that combines them is built from the list of
 * screens (shell.ts); this module names no screen.
 */
import type { NavigationAction, NavigationState } from './navigation.js';
import type { SwitcherAction, SwitcherState } from './switcher/state.js';
import type { VerificationAction, VerificationState } from './verification/state.js';

export interface Message {
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

export interface AppState {
  readonly navigation: NavigationState;
  readonly verification: VerificationState;
  /** each screen's own state, by the screen's id */
  readonly screens: Readonly<Record<string, unknown>>;
  /** the write running now, in words ("step 0024-03"): the app runs one at a time */
  readonly writing: string | null;
  /** while the running write waits for a lock: the wait, in the words the CLI prints */
  readonly waiting: string | null;
  /** the last effect's outcome ("copied …", "wrote …"); cleared by the next key */
  readonly message: Message | null;
  /** the environment switcher (E), over the screen while it is open */
  readonly switcher: SwitcherState | null;
}

/** The runner's events (hooks/useWriteRunner.ts). */
export type WriteAction =
  | { readonly type: 'write/started'; readonly what: string }
  | { readonly type: 'write/waiting'; readonly line: string | null }
  | { readonly type: 'write/ended' };

/** A screen's own action: its type starts with one of the prefixes its definition owns. */
export interface ScreenAction {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type AppAction =
  | NavigationAction
  | SwitcherAction
  | VerificationAction
  | WriteAction
  | { readonly type: 'message'; readonly message: Message | null }
  | ScreenAction;
