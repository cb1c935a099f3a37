/** Which screen is shown, and where Esc goes back to: a pure reducer. */

/** The screens on the tab bar, in number-key order (1–6). */
export const TAB_SCREENS = ['overview', 'checklist', 'monitor', 'remediate', 'rollback', 'health'] as const;
export type TabScreen = (typeof TAB_SCREENS)[number];
export type Screen = TabScreen | 'help';

export const SCREEN_TITLES: Record<Screen, string> = {
  overview: 'Overview',
  checklist: 'Checklist',
  monitor: 'Monitor',
  remediate: 'Remediate',
  rollback: 'Rollback',
  health: 'Health',
  help: 'Help',
};

export interface NavigationState {
  readonly screen: Screen;
  /** the tab screen Help returns to */
  readonly returnTo: TabScreen;
  /** first line of Help shown (Help scrolls on short terminals) */
  readonly helpScroll: number;
}

export type NavigationAction =
  | { readonly type: 'nav/go'; readonly screen: Screen }
  | { readonly type: 'nav/cycle'; readonly by: 1 | -1 }
  | { readonly type: 'nav/back' }
  | { readonly type: 'nav/help-scroll'; readonly by: number; readonly max: number };

export const initialNavigation: NavigationState = { screen: 'overview', returnTo: 'overview', helpScroll: 0 };

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function navigationReducer(state: NavigationState, action: NavigationAction): NavigationState {
  switch (action.type) {
    case 'nav/go':
      if (action.screen === state.screen) return state;
      if (action.screen === 'help') {
        return {
          ...state,
          screen: 'help',
          returnTo: state.screen === 'help' ? state.returnTo : state.screen,
          helpScroll: 0,
        };
      }
      return { ...state, screen: action.screen, returnTo: action.screen };
    case 'nav/cycle': {
      const from = state.screen === 'help' ? state.returnTo : state.screen;
      const index = TAB_SCREENS.indexOf(from);
      const next = TAB_SCREENS[(index + action.by + TAB_SCREENS.length) % TAB_SCREENS.length] ?? 'overview';
      return { ...state, screen: next, returnTo: next };
    }
    case 'nav/back':
      if (state.screen === 'help') return { ...state, screen: state.returnTo };
      if (state.screen === 'overview') return state;
      return { ...state, screen: 'overview', returnTo: 'overview' };
    case 'nav/help-scroll':
      return { ...state, helpScroll: clamp(state.helpScroll + action.by, 0, Math.max(0, action.max)) };
    default:
      return state;
  }
}
