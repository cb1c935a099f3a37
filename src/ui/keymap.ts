/**
 * Keys → what they do, as data: a pure function from (state, key) to reducer actions and
 * effects, and the hints the status bar and Help show. One table, so the status bar never
 * advertises a key that does nothing here.
 */
import type { Key } from 'ink';
import type { AppAction, AppState } from './appState.js';
import type { WriteRequest } from './hooks/useWrites.js';
import { CONFIRMATIONS_HELP, confirmHints } from './keyCommands.js';
import { SCREEN_TITLES, TAB_SCREENS } from './navigation.js';
import { checklistRows, selectedIndex } from './screens/Checklist/state.js';
import {
  type HealthContext,
  type HealthLayout,
  healthContext,
  healthHelp,
  healthHints,
  healthKeys,
  healthQuestionKeys,
  isHealthQuestion,
} from './screens/Health/keys.js';
import type { HealthTask } from './screens/Health/state.js';
import {
  type MonitorContext,
  type MonitorLayout,
  monitorContext,
  monitorFilterKeys,
  monitorHelp,
  monitorHints,
  monitorKeys,
} from './screens/Monitor/keys.js';
import {
  type RemediateContext,
  type RemediateLayout,
  remediateConfirmKeys,
  remediateContext,
  remediateHelp,
  remediateHints,
  remediateKeys,
} from './screens/Remediate/keys.js';
import {
  type RollbackContext,
  type RollbackLayout,
  rollbackConfirmKeys,
  rollbackContext,
  rollbackHelp,
  rollbackHints,
  rollbackKeys,
} from './screens/Rollback/keys.js';
import type { Symbols } from './theme.js';

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
  /** Monitor: sample now (screens/Monitor/useMonitor.ts); Health: read again, run a confirmed step (screens/Health/useHealth.ts) */
  | { readonly type: 'monitor-refresh' }
  | { readonly type: 'health-reload' }
  | { readonly type: 'health-run'; readonly task: HealthTask; readonly dryRun?: boolean };

export type Command = { readonly action: AppAction } | { readonly effect: Effect };

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

const act = (action: AppAction): Command => ({ action });
const effect = (e: Effect): Command => ({ effect: e });

/** Where the keys are being read: decides both what a key does and what the status bar shows. */
export type KeyContext =
  | 'too-small'
  | 'filter'
  | 'detail'
  | 'checklist'
  | 'overview'
  | 'help'
  | 'placeholder'
  | RemediateContext
  | RollbackContext
  | MonitorContext
  | HealthContext;

export function keyContext(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>): KeyContext {
  if (layout.tooSmall) return 'too-small';
  const { screen } = state.navigation;
  if (screen === 'checklist') {
    if (state.checklist.editing) return 'filter';
    if (state.checklist.detail) return 'detail';
    return 'checklist';
  }
  if (screen === 'overview' || screen === 'help') return screen;
  return (
    remediateContext(state) ?? rollbackContext(state) ?? monitorContext(state) ?? healthContext(state) ?? 'placeholder'
  );
}

/** Up/down in every list-like place: arrows, j/k, PgUp/PgDn, Home/End and g/G. */
function movement(input: string, key: KeyPress, page: number): number | 'start' | 'end' | null {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp || (input === 'b' && !key.ctrl) || (key.ctrl && input === 'u')) return -page;
  if (key.pageDown || input === ' ' || (key.ctrl && input === 'd')) return page;
  if (key.home || input === 'g') return 'start';
  if (key.end || input === 'G') return 'end';
  return null;
}

export function commandsForKey(state: AppState, input: string, key: KeyPress, layout: KeyLayout): Command[] {
  if (key.ctrl && input === 'c') return [effect({ type: 'quit' })];
  if (key.ctrl && input === 'l') return [effect({ type: 'redraw' })];
  const context = keyContext(state, layout);
  if (context === 'too-small') return input === 'q' ? [effect({ type: 'quit' })] : [];

  if (context === 'filter') {
    if (key.escape) return [act({ type: 'filter/clear' })];
    if (key.return) return [act({ type: 'filter/accept' })];
    if (key.backspace || key.delete) return [act({ type: 'filter/backspace' })];
    if (key.upArrow || key.downArrow)
      return [act({ type: 'list/move', by: key.upArrow ? -1 : 1, viewport: layout.listViewport })];
    if (key.ctrl || key.meta || key.tab) return [];
    return input ? [act({ type: 'filter/input', text: input })] : [];
  }
  // A confirmation takes every key (but Ctrl-C): the typed name, y/N.
  if (context === 'confirm-name' || context === 'confirm-yes-no')
    return state.navigation.screen === 'remediate'
      ? remediateConfirmKeys(state, input, key)
      : rollbackConfirmKeys(state, input, key);
  // The Monitor's filter and Health's questions take every key too.
  if (context === 'monitor-filter') return monitorFilterKeys(input, key, layout);
  if (isHealthQuestion(context)) return healthQuestionKeys(state, context, input, key);

  // Keys that work everywhere else.
  if (input === 'q') return [effect({ type: 'quit' })];
  if (input === '?')
    return [act(state.navigation.screen === 'help' ? { type: 'nav/back' } : { type: 'nav/go', screen: 'help' })];
  const number = Number.parseInt(input, 10);
  if (/^[1-9]$/.test(input) && number <= TAB_SCREENS.length)
    return [act({ type: 'nav/go', screen: TAB_SCREENS[number - 1]! })];
  if (key.tab) return [act({ type: 'nav/cycle', by: key.shift ? -1 : 1 })];

  const move = movement(input, key, layout.page);
  switch (context) {
    case 'help':
      if (key.escape) return [act({ type: 'nav/back' })];
      if (move !== null) {
        const by = move === 'start' ? -Infinity : move === 'end' ? Infinity : move;
        return [act({ type: 'nav/help-scroll', by, max: layout.helpMax })];
      }
      return [];
    case 'overview':
      if (input === 'r') return [effect({ type: 'reverify' })];
      if (input === 'e') return [effect({ type: 'export' })];
      if (key.return) return [act({ type: 'nav/go', screen: 'checklist' })];
      return [];
    case 'placeholder':
      if (key.escape) return [act({ type: 'nav/back' })];
      return [];
    case 'detail':
      if (key.escape || key.leftArrow || input === 'h') return [act({ type: 'detail/close' })];
      if (move !== null) return [act({ type: 'detail/scroll', by: move, max: layout.detailMax })];
      if (input === 'y') return [effect({ type: 'copy', what: 'fix' })];
      if (input === 'Y') return [effect({ type: 'copy', what: 'evidence' })];
      if (input === 'r') return [effect({ type: 'reverify' })];
      if (input === 'e') return [effect({ type: 'export' })];
      return [];
    case 'checklist': {
      if (move !== null) return [act({ type: 'list/move', by: move, viewport: layout.listViewport })];
      if (key.return) return [act({ type: 'list/open' })];
      if (key.leftArrow || input === 'h') return [act({ type: 'list/collapse' })];
      if (key.rightArrow || input === 'l') {
        const rows = checklistRows(state.verification.findings ?? [], state.checklist);
        const row = rows[selectedIndex(rows, state.checklist)];
        return [act(row?.kind === 'finding' ? { type: 'list/open' } : { type: 'list/expand' })];
      }
      if (input === '/') return [act({ type: 'filter/start' })];
      if (input === 'f') return [act({ type: 'list/failures-only' })];
      if (input === 'r') return [effect({ type: 'reverify' })];
      if (input === 'e') return [effect({ type: 'export' })];
      if (input === 'y') return [effect({ type: 'copy', what: 'fix' })];
      if (input === 'Y') return [effect({ type: 'copy', what: 'evidence' })];
      if (key.escape) {
        const { filter, failuresOnly } = state.checklist;
        if (filter !== '') return [act({ type: 'filter/clear' })];
        if (failuresOnly) return [act({ type: 'list/failures-only' })];
        return [act({ type: 'nav/back' })];
      }
      return [];
    }
    case 'monitor':
      return monitorKeys(state, input, key, layout);
    case 'health':
      return healthKeys(state, input, key, layout);
    case 'remediate':
    case 'remediate-pane':
      return remediateKeys(state, context, input, key, layout);
    case 'rollback':
    case 'rollback-cascade':
      return rollbackKeys(state, context, input, key, layout);
  }
}

export interface Hint {
  readonly keys: string;
  readonly label: string;
}

/** The keys that work in this context, most useful first; the status bar shows as many as fit. */
export function keyHints(context: KeyContext, sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  const tail: Hint[] = [
    { keys: '?', label: 'help' },
    { keys: 'q', label: 'quit' },
  ];
  switch (context) {
    case 'too-small':
      return [{ keys: 'q', label: 'quit' }];
    case 'filter':
      return [
        { keys: 'type', label: 'to filter' },
        { keys: 'Enter', label: 'keep' },
        { keys: 'Esc', label: 'clear' },
        { keys: updown, label: 'move' },
        { keys: 'Ctrl-C', label: 'quit' },
      ];
    case 'detail':
      return [
        { keys: `${updown}/jk`, label: 'scroll' },
        { keys: 'y', label: 'copy fix SQL' },
        { keys: 'Y', label: 'copy evidence' },
        { keys: 'Esc', label: 'back' },
        { keys: 'PgUp/PgDn', label: 'page' },
        ...tail,
      ];
    case 'checklist':
      return [
        { keys: `${updown}/jk`, label: 'move' },
        { keys: 'Enter', label: 'open' },
        { keys: '/', label: 'filter' },
        { keys: 'f', label: 'failures' },
        { keys: 'y', label: 'copy SQL' },
        { keys: 'r', label: 're-verify' },
        { keys: 'e', label: 'export' },
        { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' },
        ...tail,
      ];
    case 'overview':
      return [
        { keys: 'Enter', label: 'checklist' },
        { keys: 'r', label: 're-verify' },
        { keys: 'e', label: 'export report' },
        { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' },
        ...tail,
      ];
    case 'help':
      return [
        { keys: 'Esc', label: 'back' },
        { keys: `${updown}/jk`, label: 'scroll' },
        { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' },
        { keys: 'q', label: 'quit' },
      ];
    case 'placeholder':
      return [{ keys: 'Esc', label: 'back' }, { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' }, ...tail];
    case 'monitor':
      return [...monitorHints(context, sym), ...tail];
    case 'monitor-filter':
      return [...monitorHints(context, sym), { keys: 'Ctrl-C', label: 'quit' }];
    case 'health':
      return [...healthHints(context, sym), ...tail];
    case 'health-yes-no':
    case 'health-name':
    case 'health-dry-run':
      return [...healthHints(context, sym), { keys: 'Ctrl-C', label: 'quit' }];
    case 'confirm-yes-no':
    case 'confirm-name':
      return [...confirmHints(context === 'confirm-name' ? 'name' : 'yes-no'), { keys: 'Ctrl-C', label: 'quit' }];
    case 'remediate':
    case 'remediate-pane':
      return [...remediateHints(context, sym), ...tail];
    case 'rollback':
    case 'rollback-cascade':
      return [...rollbackHints(context, sym), ...tail];
  }
}

/** Every key, for the Help screen. */
export function helpSections(sym: Symbols): HelpSection[] {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return [
    {
      title: 'Everywhere',
      keys: [
        [TAB_SCREENS.map((_, i) => `${i + 1}`).join(' '), TAB_SCREENS.map((s) => SCREEN_TITLES[s]).join(', ')],
        ['Tab  Shift-Tab', 'next / previous screen'],
        ['?', 'this help (again to close)'],
        ['Esc', 'back: close the detail, clear the filter, leave the screen'],
        ['Ctrl-L', 'redraw the screen'],
        ['q  Ctrl-C', 'quit (the terminal is restored)'],
      ],
    },
    {
      title: 'Overview and Checklist',
      keys: [
        ['r', 're-verify both databases'],
        ['e', 'write the Markdown report to mantis-verify-<date>.md here'],
        ['Enter', 'Overview: open the checklist'],
      ],
    },
    {
      title: 'Checklist',
      keys: [
        [`${updown}  j k`, 'move'],
        ['PgUp PgDn  g G', 'page, first, last'],
        ['Enter', 'open a finding; open or close a group'],
        ['← →  h l', 'close / open the group'],
        ['/', 'filter by code, title, object, database (Enter keeps, Esc clears)'],
        ['f', 'failures only, on or off'],
        ['y', 'copy the fix SQL (or the evidence when there is no fix) via OSC 52'],
        ['Y', 'copy the evidence SQL'],
      ],
    },
    {
      title: 'Finding detail',
      keys: [
        [`${updown}  j k  PgUp PgDn`, 'scroll'],
        ['y  Y', 'copy the fix / evidence SQL'],
        ['Esc', 'back to the list'],
      ],
    },
    remediateHelp(sym),
    rollbackHelp(sym),
    CONFIRMATIONS_HELP,
    monitorHelp(sym),
    healthHelp(sym),
  ];
}
