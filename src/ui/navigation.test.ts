/** The navigation reducer as a pure function. */
import { describe, expect, it } from 'vitest';
import {
  type NavigationAction,
  type NavigationState,
  navigationReducer,
  initialNavigation as start,
} from './navigation.js';

const TABS = ['overview', 'checklist', 'monitor', 'remediate', 'rollback', 'health'];
const initialNavigation = start('overview');
const reduce = (state: NavigationState, action: NavigationAction) => navigationReducer(state, action, TABS);

describe('navigation reducer', () => {
  it('switches screens by name, cycles with Tab both ways, and wraps around', () => {
    let s = reduce(initialNavigation, { type: 'nav/go', screen: 'checklist' });
    expect(s.screen).toBe('checklist');
    s = reduce(s, { type: 'nav/cycle', by: 1 });
    expect(s.screen).toBe('monitor');
    s = reduce(reduce(initialNavigation, { type: 'nav/cycle', by: -1 }), {
      type: 'nav/cycle',
      by: -1,
    });
    expect(s.screen).toBe('rollback');
  });

  it('returns from Help to the screen it was opened on; Esc elsewhere goes back to the Overview', () => {
    let s = reduce(initialNavigation, { type: 'nav/go', screen: 'remediate' });
    s = reduce(s, { type: 'nav/go', screen: 'help' });
    expect(s).toMatchObject({ screen: 'help', returnTo: 'remediate' });
    s = reduce(s, { type: 'nav/back' });
    expect(s.screen).toBe('remediate');
    s = reduce(s, { type: 'nav/back' });
    expect(s.screen).toBe('overview');
    expect(reduce(s, { type: 'nav/back' })).toBe(s);
  });

  it('clamps the Help scroll', () => {
    const s = reduce(initialNavigation, { type: 'nav/help-scroll', by: 50, max: 7 });
    expect(s.helpScroll).toBe(7);
    expect(reduce(s, { type: 'nav/help-scroll', by: -Infinity, max: 7 }).helpScroll).toBe(0);
  });
});
