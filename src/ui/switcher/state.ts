/**
 * The environment switcher (E): the environments of mantis-sync-tui.json listed over the screen,
 * a cursor on one, Enter switches to it. Pure; the shell's reducer holds one of these while it is
 * open, and App.tsx carries out the switch.
 */
import type { EnvironmentsFile } from '../../core/environments.js';

export interface SwitcherState {
  /** the file as it was read when E was pressed */
  readonly file: EnvironmentsFile;
  /** the environment the app is on, or null (URLs given without --env) */
  readonly current: string | null;
  readonly cursor: number;
  /** why the last choice could not be switched to (a variable not set): the CLI's line, the app stays */
  readonly problem: string | null;
}

export type SwitcherAction =
  | { readonly type: 'switcher/open'; readonly file: EnvironmentsFile; readonly current: string | null }
  | { readonly type: 'switcher/move'; readonly by: -1 | 1 | 'start' | 'end' }
  | { readonly type: 'switcher/refused'; readonly problem: string }
  | { readonly type: 'switcher/close' };

export function switcherReducer(state: SwitcherState | null, action: SwitcherAction): SwitcherState | null {
  switch (action.type) {
    case 'switcher/open': {
      // The cursor starts on the environment the app is on, so Enter alone changes nothing.
      const at = action.file.environments.findIndex((e) => e.name === action.current);
      return { file: action.file, current: action.current, cursor: Math.max(0, at), problem: null };
    }
    case 'switcher/move': {
      if (!state) return state;
      const last = state.file.environments.length - 1;
      const { by } = action;
      const cursor = by === 'start' ? 0 : by === 'end' ? last : Math.max(0, Math.min(last, state.cursor + by));
      return cursor === state.cursor ? state : { ...state, cursor, problem: null };
    }
    case 'switcher/refused':
      return state && { ...state, problem: action.problem };
    case 'switcher/close':
      return null;
    default:
      return state;
  }
}

/** The environment under the cursor. */
export const chosen = (state: SwitcherState): string | undefined => state.file.environments[state.cursor]?.name;
