/** Which screen is shown, and where Esc goes back to: a pure reducer over the tab screens' ids. */

/** Help's id: the one screen of the shell itself, on `?`. */
export const HELP = 'help';

export interface NavigationState {
  /** a tab screen's id, or HELP */
  readonly screen: string;
  /** the tab screen Help returns to */
  readonly returnTo: string;
  /** first line of Help shown (Help scrolls on short terminals) */
  readonly helpScroll: number;
}

export type NavigationAction =
  | { readonly type: 'nav/go'; readonly screen: string }
  | { readonly type: 'nav/cycle'; readonly by: 1 | -1 }
  | { readonly type: 'nav/back' }
  | { readonly type: 'nav/help-scroll'; readonly by: number; readonly max: number };

export const initialNavigation = (first: string): NavigationState => ({
  screen: first,
  returnTo: first,
  helpScroll: 0,
});

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/** `tabs`: the tab screens' ids in number-key order; the first is home, where Esc ends. */
export function navigationReducer(
  state: NavigationState,
  action: NavigationAction,
  tabs: readonly string[],
): NavigationState {
  const home = tabs[0] ?? state.screen;
  switch (action.type) {
    case 'nav/go':
      if (action.screen === state.screen) return state;
      if (action.screen === HELP) {
        return {
          ...state,
          screen: HELP,
          returnTo: state.screen === HELP ? state.returnTo : state.screen,
          helpScroll: 0,
        };
      }
      return { ...state, screen: action.screen, returnTo: action.screen };
    case 'nav/cycle': {
      const from = state.screen === HELP ? state.returnTo : state.screen;
      const index = tabs.indexOf(from);
      const next = tabs[(index + action.by + tabs.length) % tabs.length] ?? home;
      return { ...state, screen: next, returnTo: next };
    }
    case 'nav/back':
      if (state.screen === HELP) return { ...state, screen: state.returnTo };
      if (state.screen === home) return state;
      return { ...state, screen: home, returnTo: home };
    case 'nav/help-scroll':
      return { ...state, helpScroll: clamp(state.helpScroll + action.by, 0, Math.max(0, action.max)) };
    default:
      return state;
  }
}
