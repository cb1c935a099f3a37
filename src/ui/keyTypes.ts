/**
 * The vocabulary of keys every screen's keys.ts and the app's keymap speak: a key press, what a
 * key does (an action for the reducer or an effect for a hook), the layout keys read, the hints
 * and Help sections they show. Types only, so a room's keys and the keymap that dispatches to them
 * both import it and neither imports the other back.
 */
import type { Key } from 'ink';
import type { AppAction } from './appState.js';
import type { WriteRequest } from './hooks/useWrites.js';
import type { HealthTask } from './screens/Health/state.js';

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
  | { readonly type: 'copy'; readonly what: 'fix' | 'evidence' }
  | { readonly type: 'export' }
  /** Remediate and Rollback: plan, dry-run, apply, test RLS, roll back, restore (hooks/useWrites.ts) */
  | { readonly type: 'write'; readonly request: WriteRequest }
  /** Monitor: sample now (its useMonitor.ts); Health: read again, run a confirmed step (its useHealth.ts) */
  | { readonly type: 'monitor-refresh' }
  | { readonly type: 'health-reload' }
  | { readonly type: 'health-run'; readonly task: HealthTask; readonly dryRun?: boolean };

export type Command = { readonly action: AppAction } | { readonly effect: Effect };

/** What Health's keys read of its layout (its layout.ts computes it). */
export interface HealthLayout {
  /** how far the report can scroll */
  readonly max: number;
  readonly page: number;
}

/** What Monitor's keys read of its layout (its layout.ts computes it). */
export interface MonitorLayout {
  /** syncs shown at once */
  readonly rows: number;
}

/** What Remediate's keys read of its layout (its layout.ts computes it). */
export interface RemediateLayout {
  /** steps shown at once */
  readonly list: number;
  /** how far the step's pane can scroll */
  readonly paneMax: number;
  readonly page: number;
}

/** What Rollback's keys read of its layout (its layout.ts computes it). */
export interface RollbackLayout {
  /** how far the page can scroll */
  readonly max: number;
  readonly page: number;
}

/** What the keys need to know of the layout the state is drawn in. */
export interface KeyLayout {
  readonly tooSmall: boolean;
  /** rows of the checklist shown at once */
  readonly listViewport: number;
  /** how far the open detail pane can scroll */
  readonly detailMax: number;
  /** how far Help can scroll */
  readonly helpMax: number;
  /** lines moved by PgUp / PgDn */
  readonly page: number;
  /** each screen's own geometry (its layout.ts) */
  readonly remediate?: RemediateLayout;
  readonly rollback?: RollbackLayout;
  readonly monitor?: MonitorLayout;
  readonly health?: HealthLayout;
}

export interface HelpSection {
  readonly title: string;
  readonly keys: ReadonlyArray<readonly [string, string]>;
}

export interface Hint {
  readonly keys: string;
  readonly label: string;
}
