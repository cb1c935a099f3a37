/** The navigation reducer as a pure function. */
import { describe, expect, it } from 'vitest';
import { initialNavigation, navigationReducer } from './navigation.js';

describe('navigation reducer', () => {
  it('switches screens by name, cycles with Tab both ways, and wraps around', () => {
    let s = navigationReducer(initialNavigation, { type: 'nav/go', screen: 'checklist' });
    expect(s.screen).toBe('checklist');
    s = navigationReducer(s, { type: 'nav/cycle', by: 1 });
    expect(s.screen).toBe('monitor');
    s = navigationReducer(navigationReducer(initialNavigation, { type: 'nav/cycle', by: -1 }), {
      type: 'nav/cycle',
      by: -1,
    });
    expect(s.screen).toBe('rollback');
  });

  it('returns from Help to the screen it was opened on; Esc elsewhere goes back to the Overview', () => {
    let s = navigationReducer(initialNavigation, { type: 'nav/go', screen: 'remediate' });
    s = navigationReducer(s, { type: 'nav/go', screen: 'help' });
    expect(s).toMatchObject({ screen: 'help', returnTo: 'remediate' });
    s = navigationReducer(s, { type: 'nav/back' });
    expect(s.screen).toBe('remediate');
    s = navigationReducer(s, { type: 'nav/back' });
    expect(s.screen).toBe('overview');
    expect(navigationReducer(s, { type: 'nav/back' })).toBe(s);
  });

  it('clamps the Help scroll', () => {
    const s = navigationReducer(initialNavigation, { type: 'nav/help-scroll', by: 50, max: 7 });
    expect(s.helpScroll).toBe(7);
    expect(navigationReducer(s, { type: 'nav/help-scroll', by: -Infinity, max: 7 }).helpScroll).toBe(0);
  });
});
