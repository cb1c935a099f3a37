/**
 * What a screen is to the shell: one record, exported by the screen's folder and listed once in
 * screens/index.ts. The shell (App, appState, keymap, layout, the message line, Help, the header
 * and the status bar) loops over that list and names no screen.
 */
import type { ReactNode } from 'react';
import type { ContractSource } from '../commands/contract.js';
import type { VerifyDependencies } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import type { Finding } from '../core/finding.js';
import type { WatchSettings } from '../core/monitor.js';
import type { RemediationSettings } from '../core/write-settings.js';
import type { AppAction, AppState } from './appState.js';
import type { LineSegments } from './components/Line.js';
import type { WriteRunner } from './hooks/useWriteRunner.js';
import type { KeyBinding } from './keyTypes.js';
import type { Theme } from './theme.js';

/** Throughput of the session: items/min summed over the active syncs, one sample per tick (server time). */
export interface ThroughputSample {
  readonly at: number;
  readonly perMin: number;
}

/** What one screen offers the others, through the shell (which knows neither). */
export interface Provided {
  readonly throughput: readonly ThroughputSample[];
}

export const NOTHING_PROVIDED: Provided = { throughput: [] };

/** What a screen needs from the verification and from the live feed. */
export interface ScreenNeeds {
  /** shows the verification's results: the message line says when they were read and that r reads them again */
  readonly verification: boolean;
  /** the Watcher's samples: it runs while this screen is shown */
  readonly feed: boolean;
}

export interface ScreenProps {
  readonly app: AppState;
  readonly provided: Provided;
  readonly width: number;
  readonly height: number;
}

/** A screen's keys: where they are read (its own context names) and its key bindings, each written once. */
export interface ScreenKeys {
  readonly context: (app: AppState) => string;
  /** contexts where every key is text or an answer: of the keys that work everywhere, only the Ctrl keys apply */
  readonly modal: (context: string) => boolean;
  /** in the status bar's order, most useful first; the shell adds "screens", help and quit (or Ctrl-C where every key is taken) */
  readonly bindings: readonly KeyBinding[];
}

/** What a screen's work (its reads and writes) is given by the shell. */
export interface WorkContext {
  readonly id: string;
  readonly config: Config;
  /** where exports and reports go: the current directory */
  readonly directory: string;
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly settings: RemediationSettings;
  /** the manifest and SQL templates, loaded once, when first needed */
  readonly dependencies: () => VerifyDependencies;
  readonly contract: ContractSource | undefined;
  readonly watch: Partial<WatchSettings> | undefined;
  readonly state: AppState;
  readonly dispatch: (action: AppAction) => void;
  readonly getState: () => AppState;
  /** the screen shown ('help' included) and what it needs */
  readonly shown: string;
  readonly shownNeeds: ScreenNeeds | null;
  /** the one runner for writes: one at a time across the app */
  readonly writes: WriteRunner;
  /** the app's re-verification (r) */
  readonly reverify: () => void;
  /** text to the clipboard (OSC 52) */
  readonly copy: (text: string) => void;
}

/** A screen's work: handles the requests its keys make (Command's `work` effect). */
export type ScreenWork = (request: unknown) => void;

export interface ScreenDefinition<S = unknown> {
  /** its name in the state, in navigation and in its actions */
  readonly id: string;
  /** the number key that opens it; the tab bar follows this order */
  readonly key: string;
  readonly title: string;
  readonly needs: ScreenNeeds;
  initial(config: Config): S;
  /** action types (prefixes) this screen's reducer handles */
  readonly owns: readonly string[];
  reduce(slice: S, action: AppAction, app: AppState): S;
  /** actions that come from the work, not from a key: they leave the message line alone */
  isEvent(action: AppAction): boolean;
  /** new verification results arrived */
  withFindings?(slice: S, findings: readonly Finding[]): S;
  provides?(slice: S): Partial<Provided>;
  readonly Component: (props: ScreenProps) => ReactNode;
  /** loads its view's code, kept apart so that it is not loaded before the first frame (lazyView.tsx) */
  load?(): Promise<unknown>;
  /** the geometry its keys read (KeyLayout.screens[id]); computed only while it is shown */
  layout?(app: AppState, columns: number, bodyHeight: number, theme: Theme, provided: Provided): unknown;
  readonly keys: ScreenKeys;
  /** the message line while the screen takes text (a filter being typed), else null */
  messageLine?(app: AppState, theme: Theme): LineSegments | null;
  useWork?(context: WorkContext): ScreenWork | undefined;
}

/** A screen's own state in the app's state. */
export const sliceOf = <S>(app: AppState, id: string): S => app.screens[id] as S;

/** The app's state with one screen's state replaced (tests and fixtures). */
export const withSlice = <S>(app: AppState, id: string, slice: S): AppState => ({
  ...app,
  screens: { ...app.screens, [id]: slice },
});
