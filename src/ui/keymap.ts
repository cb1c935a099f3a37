/**
 * Which key does what, for every screen in the list: the keys that work everywhere (quit, Help,
 * the number keys and Tab), then the shown screen's own (its definition's keys). Pure.
 */
import type { AppState } from './appState.js';
import { helpHints, helpKeys } from './help/keys.js';
import { act, CONFIRMATIONS_HELP, effect } from './keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from './keyTypes.js';
import { HELP } from './navigation.js';
import { screenOf, TABS } from './shell.js';
import type { Symbols } from './theme.js';

/** Where the keys are being read: 'too-small', 'help', or the shown screen's own context name. */
export function keyContext(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>): string {
  if (layout.tooSmall) return 'too-small';
  return screenOf(state.navigation.screen)?.keys.context(state) ?? HELP;
}

/** The number keys and Tab, as the status bar shows them. */
const screensHint = (): Hint => ({ keys: `1-${TABS.length}/Tab`, label: 'screens' });

export function commandsForKey(state: AppState, input: string, key: KeyPress, layout: KeyLayout): Command[] {
  if (key.ctrl && input === 'c') return [effect({ type: 'quit' })];
  if (key.ctrl && input === 'l') return [effect({ type: 'redraw' })];
  if (layout.tooSmall) return input === 'q' ? [effect({ type: 'quit' })] : [];
  const screen = screenOf(state.navigation.screen);
  const context = keyContext(state, layout);
  // A filter being typed or a question being answered takes every key (but Ctrl-C).
  if (screen?.keys.modal(context)) return screen.keys.commands(state, context, input, key, layout);

  // Keys that work everywhere else.
  if (input === 'q') return [effect({ type: 'quit' })];
  if (input === '?')
    return [act(state.navigation.screen === HELP ? { type: 'nav/back' } : { type: 'nav/go', screen: HELP })];
  const tab = TABS.find((s) => s.key === input);
  if (tab) return [act({ type: 'nav/go', screen: tab.id })];
  if (key.tab) return [act({ type: 'nav/cycle', by: key.shift ? -1 : 1 })];

  if (!screen) return helpKeys(input, key, layout);
  return screen.keys.commands(state, context, input, key, layout);
}

/** The keys that work where the keys are read now, most useful first; the status bar shows as many as fit. */
export function keyHints(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>, sym: Symbols): Hint[] {
  const quit: Hint = { keys: 'q', label: 'quit' };
  if (layout.tooSmall) return [quit];
  const screen = screenOf(state.navigation.screen);
  if (!screen) return [...helpHints(sym), screensHint(), quit];
  const context = screen.keys.context(state);
  const own = screen.keys.hints(context, sym);
  // Where every key is text or an answer, only Ctrl-C leaves.
  if (screen.keys.modal(context)) return [...own, { keys: 'Ctrl-C', label: 'quit' }];
  return [...own, screensHint(), { keys: '?', label: 'help' }, quit];
}

/** Every key, for the Help screen. */
export function helpSections(sym: Symbols): HelpSection[] {
  return [
    {
      title: 'Everywhere',
      keys: [
        [TABS.map((s) => s.key).join(' '), TABS.map((s) => s.title).join(', ')],
        ['Tab  Shift-Tab', 'next / previous screen'],
        ['?', 'this help (again to close)'],
        ['Esc', 'back: close the detail, clear the filter, leave the screen'],
        ['Ctrl-L', 'redraw the screen'],
        ['q  Ctrl-C', 'quit (the terminal is restored)'],
      ],
    },
    ...TABS.flatMap((s) => s.keys.help(sym)),
    CONFIRMATIONS_HELP,
  ];
}
