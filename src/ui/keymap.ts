/**
 * Which key does what, for every screen in the list: the shell's bindings (quit, Help, the number
 * keys and Tab, redraw), Help's own, and the shown screen's (its definition's keys). The
 * dispatcher, the status bar and Help are all read from these records (bindings.ts). Pure.
 */
import type { AppState } from './appState.js';
import { type Active, activeIn, type BindingOwner, bindingFor, helpSectionsOf, hintsOf } from './bindings.js';
import { HELP_BINDINGS } from './help/keys.js';
import { act, effect } from './keyCommands.js';
import type { Command, HelpSection, Hint, KeyBinding, KeyLayout, KeyPress } from './keyTypes.js';
import { HELP } from './navigation.js';
import { screenOf, TABS } from './shell.js';
import { SWITCHER, SWITCHER_BINDINGS } from './switcher/keys.js';
import type { Symbols } from './theme.js';

/** Where the shell's keys are read: on a screen, on Help, or on a terminal too small to draw. */
type ShellContext = 'screen' | 'help' | 'too-small';

const TAB_KEYS = TABS.map((s) => s.key);

/** The keys that work everywhere; where a screen takes every key (modal), only their Ctrl keys do. */
const SHELL_BINDINGS: readonly KeyBinding<ShellContext>[] = [
  {
    keys: [...TAB_KEYS, 'tab', 'shift-tab'],
    hintKeys: [...TAB_KEYS, 'tab'],
    in: ['screen', 'help'],
    help: `${TABS.map((s) => s.title).join(', ')}; Tab the next, Shift-Tab the previous`,
    hint: 'screens',
    run: (_app, { input, key }) => {
      if (key.tab) return [act({ type: 'nav/cycle', by: key.shift ? -1 : 1 })];
      const tab = TABS.find((s) => s.key === input);
      return tab ? [act({ type: 'nav/go', screen: tab.id })] : [];
    },
  },
  {
    keys: ['?'],
    in: ['screen'],
    help: 'this help (? or Esc closes it)',
    hint: 'help',
    run: () => [act({ type: 'nav/go', screen: HELP })],
  },
  {
    keys: ['q', 'ctrl-c'],
    hintKeys: ['q'],
    in: ['screen', 'help', 'too-small'],
    help: 'quit (the terminal is restored); a write running is cancelled first, rolled back',
    hint: 'quit',
    run: () => [effect({ type: 'quit' })],
  },
  {
    keys: ['E'],
    in: ['screen'],
    help: 'the environments of mantis-sync-tui.json (production and read-only marked): switch to another',
    run: () => [effect({ type: 'environments' })],
  },
  {
    keys: ['ctrl-l'],
    in: ['screen', 'help', 'too-small'],
    help: 'redraw the screen',
    run: () => [effect({ type: 'redraw' })],
  },
];

/** Where the keys are being read: 'too-small', 'help', or the shown screen's own context name. */
export function keyContext(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>): string {
  if (layout.tooSmall) return 'too-small';
  if (state.switcher) return SWITCHER;
  return screenOf(state.navigation.screen)?.keys.context(state) ?? HELP;
}

/** The bindings at work now, the shown screen's (or Help's) first, then the shell's. */
export function activeBindings(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>): Active[] {
  if (layout.tooSmall) return activeIn(SHELL_BINDINGS, 'too-small');
  // The switcher takes every key while it is open, but quit and redraw.
  if (state.switcher) return [...activeIn(SWITCHER_BINDINGS, SWITCHER), ...activeIn(SHELL_BINDINGS, 'too-small')];
  const screen = screenOf(state.navigation.screen);
  if (!screen) return [...activeIn(HELP_BINDINGS, HELP), ...activeIn(SHELL_BINDINGS, 'help')];
  const context = screen.keys.context(state);
  const shell = activeIn(SHELL_BINDINGS, 'screen');
  const own = activeIn(screen.keys.bindings, context);
  if (!screen.keys.modal(context)) return [...own, ...shell];
  // A filter being typed or a question being answered takes every key but the shell's Ctrl keys.
  const chords = shell
    .map((a) => ({ ...a, keys: a.keys.filter((k) => k.startsWith('ctrl-')) }))
    .filter((a) => a.keys.length > 0);
  return [...own, ...chords];
}

export function commandsForKey(state: AppState, input: string, key: KeyPress, layout: KeyLayout): Command[] {
  const reached = bindingFor(activeBindings(state, layout), { input, key });
  return reached ? reached.binding.run(state, { input, key }, layout) : [];
}

/** The keys that work where the keys are read now, most useful first; the status bar shows as many as fit. */
export function keyHints(state: AppState, layout: Pick<KeyLayout, 'tooSmall'>, sym: Symbols): Hint[] {
  return hintsOf(activeBindings(state, layout), sym);
}

/** Every binding's owner, in Help's order: the shell, the screens in number-key order, Help itself. */
export const BINDING_OWNERS: readonly BindingOwner[] = [
  { title: 'Everywhere', bindings: SHELL_BINDINGS },
  ...TABS.map((s) => ({ title: s.title, bindings: s.keys.bindings })),
  { title: 'Help', bindings: HELP_BINDINGS },
  { title: 'Environments (E)', bindings: SWITCHER_BINDINGS },
];

/** Every key, for the Help screen. */
export const helpSections = (sym: Symbols): HelpSection[] => helpSectionsOf(BINDING_OWNERS, sym);
