/**
 * The app's state and reducer, built from the list of screens: navigation, verification, the
 * write running and the message are the shell's; every other action goes to the screen that owns
 * its type. Pure: effects are decided by keymap.ts and carried out by App.tsx.
 */
import type { Config } from '../core/config.js';
import type { AppAction, AppState } from './appState.js';
import { HELP, initialNavigation, type NavigationAction, navigationReducer } from './navigation.js';
import { NOTHING_PROVIDED, type Provided, type ScreenDefinition } from './screen.js';
import { SCREENS } from './screens/index.js';
import { type SwitcherAction, switcherReducer } from './switcher/state.js';
import { initialVerification, type VerificationAction, verificationReducer } from './verification/state.js';

/** The tab screens in number-key order. */
export const TABS: readonly ScreenDefinition[] = [...SCREENS].sort((a, b) => a.key.localeCompare(b.key));
const TAB_IDS = TABS.map((s) => s.id);

/** The screen with this id, or null (Help, which is the shell's). */
export const screenOf = (id: string): ScreenDefinition | null => SCREENS.find((s) => s.id === id) ?? null;

/** The screen shown, or the one Help was opened on. */
export const screenBehind = (state: AppState): ScreenDefinition | null =>
  screenOf(state.navigation.screen === HELP ? state.navigation.returnTo : state.navigation.screen);

export function initialAppState(config: Config, version: string): AppState {
  return {
    navigation: initialNavigation(TAB_IDS[0] ?? HELP),
    verification: initialVerification(config, version),
    screens: Object.fromEntries(SCREENS.map((s) => [s.id, s.initial(config)])),
    writing: null,
    waiting: null,
    message: null,
    switcher: null,
  };
}

/** What the screens offer one another (the Monitor's throughput for Health), from their states. */
export function providedBy(state: AppState): Provided {
  return Object.assign({}, NOTHING_PROVIDED, ...SCREENS.map((s) => s.provides?.(state.screens[s.id]) ?? {}));
}

const owner = (type: string): ScreenDefinition | undefined =>
  SCREENS.find((s) => s.owns.some((prefix) => type.startsWith(prefix)));

export function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type === 'message') {
    const message = (action as Extract<AppAction, { type: 'message' }>).message;
    return message === state.message ? state : { ...state, message };
  }
  if (action.type === 'write/started') return { ...state, writing: String(action.what), waiting: null };
  if (action.type === 'write/waiting') {
    const line = (action as Extract<AppAction, { type: 'write/waiting' }>).line;
    return line === state.waiting ? state : { ...state, waiting: line };
  }
  if (action.type === 'write/ended') return { ...state, writing: null, waiting: null };
  if (action.type.startsWith('verify/')) {
    const verification = verificationReducer(state.verification, action as VerificationAction);
    if (verification === state.verification) return state;
    const findings = verification.findings;
    const replaced = findings !== state.verification.findings && findings !== null;
    const screens = replaced
      ? Object.fromEntries(
          SCREENS.map((s) => [
            s.id,
            s.withFindings ? s.withFindings(state.screens[s.id], findings) : state.screens[s.id],
          ]),
        )
      : state.screens;
    return { ...state, verification, screens };
  }
  // A key press: the previous message has been read.
  const cleared = state.message === null ? state : { ...state, message: null };
  if (action.type.startsWith('switcher/')) {
    const switcher = switcherReducer(state.switcher, action as SwitcherAction);
    return switcher === state.switcher ? cleared : { ...cleared, switcher };
  }
  if (action.type.startsWith('nav/')) {
    const navigation = navigationReducer(state.navigation, action as NavigationAction, TAB_IDS);
    return navigation === state.navigation ? cleared : { ...cleared, navigation };
  }
  const screen = owner(action.type);
  if (!screen) return cleared;
  // The work's events (planned, finished, a tick) leave the message alone; the screen's keys clear it.
  const base = screen.isEvent(action) ? state : cleared;
  const slice = screen.reduce(state.screens[screen.id], action, state);
  return slice === state.screens[screen.id] ? base : { ...base, screens: { ...base.screens, [screen.id]: slice } };
}
