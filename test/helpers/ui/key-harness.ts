/**
 * Keys pressed as pure functions through the app's reducer, for the keymap's and each screen's key
 * tests: no rendering, no database. The layouts stand in for what layoutFor measures on a terminal.
 */
import type { AppState, Message } from '../../../src/ui/appState.js';
import { commandsForKey } from '../../../src/ui/keymap.js';
import type { Command, KeyLayout, KeyPress } from '../../../src/ui/keyTypes.js';
import { appReducer } from '../../../src/ui/shell.js';

/** The geometry every screen shares: the checklist, its detail pane and Help. */
export const BASE_LAYOUT: KeyLayout = {
  tooSmall: false,
  helpMax: 5,
  page: 9,
  screens: { checklist: { listViewport: 10, detailMax: 30, page: 9 } },
};

/** With the Monitor's and Health's own geometry. */
export const MONITOR_HEALTH_LAYOUT: KeyLayout = {
  ...BASE_LAYOUT,
  screens: { ...BASE_LAYOUT.screens, monitor: { rows: 2 }, health: { max: 12, page: 5 } },
};

/** With the Remediate and Rollback screens' own geometry. */
export const REMEDIATE_ROLLBACK_LAYOUT: KeyLayout = {
  ...BASE_LAYOUT,
  screens: { ...BASE_LAYOUT.screens, remediate: { list: 5, paneMax: 40, page: 8 }, rollback: { max: 30, page: 8 } },
};

/**
 * One key at a time in this layout: `press` and `keys` give the state the keys' actions leave;
 * `effects` and `messages` read what one key asks for without pressing it.
 */
export function keysIn(layout: KeyLayout) {
  const press = (state: AppState, input: string, key: KeyPress = {}): AppState => {
    let next = state;
    for (const command of commandsForKey(next, input, key, layout))
      if ('action' in command) next = appReducer(next, command.action);
    return next;
  };
  const keys = (state: AppState, ...inputs: Array<string | [string, KeyPress]>) =>
    inputs.reduce((s, k) => (Array.isArray(k) ? press(s, k[0], k[1]) : press(s, k)), state);
  const effects = (state: AppState, input: string, key: KeyPress = {}) =>
    commandsForKey(state, input, key, layout).flatMap((c) => ('effect' in c ? [c.effect] : []));
  const messages = (state: AppState, input: string, key: KeyPress = {}) =>
    commandsForKey(state, input, key, layout).flatMap((c) =>
      'action' in c && c.action.type === 'message'
        ? [(c.action as { message: Message | null }).message?.text ?? '']
        : [],
    );
  return { press, keys, effects, messages };
}

/** Presses keys in this layout: actions go through the reducer; effects and messages are collected. */
export function collectingPress(layout: KeyLayout) {
  return (state: AppState, ...inputs: Array<string | [string, KeyPress]>) => {
    let next = state;
    const effects: Command[] = [];
    for (const entry of inputs) {
      const [input, key] = Array.isArray(entry) ? entry : [entry, {}];
      for (const command of commandsForKey(next, input, key, layout)) {
        if ('action' in command) next = appReducer(next, command.action);
        else effects.push(command);
      }
    }
    return {
      state: next,
      effects: effects.map((c) => ('effect' in c ? c.effect : null)),
      message: next.message?.text ?? null,
    };
  };
}
