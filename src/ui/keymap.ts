import type { AppState } from './appState.js';
import { act, CONFIRMATIONS_HELP, confirmHints, effect } from './keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from './keyTypes.js';
import { SCREEN_TITLES, TAB_SCREENS } from './navigation.js';
import {
  type ChecklistContext,
  checklistContext,
  checklistFilterKeys,
  checklistHelp,
  checklistHints,
  checklistKeys,
} from './screens/Checklist/keys.js';
import {
  type HealthContext,
  healthContext,
  healthHelp,
  healthHints,
  healthKeys,
  healthQuestionKeys,
  isHealthQuestion,
} from './screens/Health/keys.js';
import { helpHints, helpKeys } from './screens/Help/keys.js';
import {
  type MonitorContext,
  monitorContext,
  monitorFilterKeys,
  monitorHelp,
  monitorHints,
  monitorKeys,
} from './screens/Monitor/keys.js';
import { OVERVIEW_HELP, overviewHints, overviewKeys } from './screens/Overview/keys.js';
import {
  type RemediateContext,
  remediateConfirmKeys,
  remediateContext,
  remediateHelp,
  remediateHints,
  remediateKeys,
} from './screens/Remediate/keys.js';
import {
  type RollbackContext,
  rollbackConfirmKeys,
  rollbackContext,
  rollbackHelp,
  rollbackHints,
  rollbackKeys,
} from './screens/Rollback/keys.js';
import type { Symbols } from './theme.js';

/** Where the keys are being read: decides both what a key does and what the status bar shows. */
export type KeyContext =
  | 'too-small'
  | 'overview'
  | 'help'
  | 'placeholder'
  | ChecklistContext
  | RemediateContext
  | RollbackContext
  | MonitorContext
  | HealthContext;

export function keyContext(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>): KeyContext {
  if (layout.tooSmall) return 'too-small';
  const { screen } = state.navigation;
  if (screen === 'overview' || screen === 'help') return screen;
  return (
    checklistContext(state) ??
    remediateContext(state) ??
    rollbackContext(state) ??
    monitorContext(state) ??
    healthContext(state) ??
    'placeholder'
  );
}

export function commandsForKey(state: AppState, input: string, key: KeyPress, layout: KeyLayout): Command[] {
  if (key.ctrl && input === 'c') return [effect({ type: 'quit' })];
  if (key.ctrl && input === 'l') return [effect({ type: 'redraw' })];
  const context = keyContext(state, layout);
  if (context === 'too-small') return input === 'q' ? [effect({ type: 'quit' })] : [];

  // A filter being typed or a question being answered takes every key (but Ctrl-C).
  if (context === 'filter') return checklistFilterKeys(input, key, layout);
  if (context === 'confirm-name' || context === 'confirm-yes-no')
    return state.navigation.screen === 'remediate'
      ? remediateConfirmKeys(state, input, key)
      : rollbackConfirmKeys(state, input, key);
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

  switch (context) {
    case 'help':
      return helpKeys(input, key, layout);
    case 'overview':
      return overviewKeys(input, key);
    case 'placeholder':
      return key.escape ? [act({ type: 'nav/back' })] : [];
    case 'checklist':
    case 'detail':
      return checklistKeys(state, context, input, key, layout);
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

/** The keys that work in this context, most useful first; the status bar shows as many as fit. */
export function keyHints(context: KeyContext, sym: Symbols): Hint[] {
  const tail: Hint[] = [
    { keys: '?', label: 'help' },
    { keys: 'q', label: 'quit' },
  ];
  // Where every key is text or an answer, only Ctrl-C leaves.
  const ctrlC: Hint = { keys: 'Ctrl-C', label: 'quit' };
  switch (context) {
    case 'too-small':
      return [{ keys: 'q', label: 'quit' }];
    case 'filter':
      return [...checklistHints(context, sym), ctrlC];
    case 'detail':
    case 'checklist':
      return [...checklistHints(context, sym), ...tail];
    case 'overview':
      return [...overviewHints(), ...tail];
    case 'help':
      return [...helpHints(sym), { keys: 'q', label: 'quit' }];
    case 'placeholder':
      return [{ keys: 'Esc', label: 'back' }, { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' }, ...tail];
    case 'monitor':
      return [...monitorHints(context, sym), ...tail];
    case 'monitor-filter':
      return [...monitorHints(context, sym), ctrlC];
    case 'health':
      return [...healthHints(context, sym), ...tail];
    case 'health-yes-no':
    case 'health-name':
    case 'health-dry-run':
      return [...healthHints(context, sym), ctrlC];
    case 'confirm-yes-no':
    case 'confirm-name':
      return [...confirmHints(context === 'confirm-name' ? 'name' : 'yes-no'), ctrlC];
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
    OVERVIEW_HELP,
    ...checklistHelp(sym),
    remediateHelp(sym),
    rollbackHelp(sym),
    CONFIRMATIONS_HELP,
    monitorHelp(sym),
    healthHelp(sym),
  ];
}
