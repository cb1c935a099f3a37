/** The keys that work everywhere and on the Overview and Checklist, as pure functions through the app's reducer. */
import { describe, expect, it } from 'vitest';
import { appStateFor } from '../../test/helpers/ui/fixtures.js';
import { keysIn, BASE_LAYOUT as LAYOUT } from '../../test/helpers/ui/key-harness.js';
import type { AppAction, AppState } from './appState.js';
import { commandsForKey, keyContext, keyHints } from './keymap.js';
import type { KeyPress } from './keyTypes.js';
import { checklistOf } from './screens/Checklist/state.js';
import { appReducer } from './shell.js';
import { symbols } from './theme.js';

const { keys } = keysIn(LAYOUT);
const effects = (state: AppState, input: string, key: KeyPress = {}, layout = LAYOUT) =>
  commandsForKey(state, input, key, layout).flatMap((c) => ('effect' in c ? [c.effect.type] : []));

describe('keys', () => {
  const ready = appStateFor();

  it('number keys and Tab switch screens; ? opens Help and Esc or ? leaves it', () => {
    expect(keys(ready, '2').navigation.screen).toBe('checklist');
    expect(keys(ready, '6').navigation.screen).toBe('health');
    expect(keys(ready, '9').navigation.screen).toBe('overview');
    expect(keys(ready, ['', { tab: true }]).navigation.screen).toBe('checklist');
    expect(keys(ready, ['', { tab: true, shift: true }]).navigation.screen).toBe('health');
    expect(keys(ready, '3', '?').navigation).toMatchObject({ screen: 'help', returnTo: 'monitor' });
    expect(keys(ready, '3', '?', '?').navigation.screen).toBe('monitor');
    expect(keys(ready, '3', '?', ['', { escape: true }]).navigation.screen).toBe('monitor');
    expect(keys(ready, '3', ['', { escape: true }]).navigation.screen).toBe('overview');
    expect(keys(ready, ['', { return: true }]).navigation.screen).toBe('checklist');
  });

  it('arrows and j/k move; Enter opens; Esc goes back one level at a time', () => {
    let s = keys(ready, '2', 'j', ['', { downArrow: true }], 'k');
    expect(checklistOf(s).selected).toBe('issoh:TOP004:postgres_fdw → SPP');
    s = keys(s, ['', { return: true }]);
    expect(checklistOf(s).detail?.id).toBe('issoh:TOP004:postgres_fdw → SPP');
    s = keys(s, 'j', 'j', ['', { pageDown: true }]);
    expect(checklistOf(s).detail?.scroll).toBe(11);
    s = keys(s, ['', { escape: true }]);
    expect(checklistOf(s).detail).toBeNull();
    expect(s.navigation.screen).toBe('checklist');
    s = keys(s, ['', { escape: true }]);
    expect(s.navigation.screen).toBe('overview');
  });

  it('q and Ctrl-C quit; while typing a filter q is text and Ctrl-C still quits', () => {
    expect(effects(ready, 'q')).toEqual(['quit']);
    expect(effects(ready, 'c', { ctrl: true })).toEqual(['quit']);
    const typing = keys(ready, '2', '/');
    expect(keyContext(typing, LAYOUT)).toBe('filter');
    expect(effects(typing, 'q')).toEqual([]);
    expect(checklistOf(keys(typing, 'q')).filter).toBe('q');
    expect(effects(typing, 'c', { ctrl: true })).toEqual(['quit']);
    expect(checklistOf(keys(typing, 'o', 'r', 'g', ['', { return: true }]))).toMatchObject({
      filter: 'org',
      editing: false,
    });
  });

  it('f toggles failures only; r, e, y and Y are effects where they make sense', () => {
    const list = keys(ready, '2', 'f');
    expect(checklistOf(list).failuresOnly).toBe(true);
    expect(checklistOf(keys(list, 'f')).failuresOnly).toBe(false);
    expect(effects(list, 'r')).toEqual(['reverify']);
    expect(effects(list, 'e')).toEqual(['export']);
    expect(effects(list, 'y')).toEqual(['work']);
    expect(effects(ready, 'r')).toEqual(['reverify']);
    expect(effects(ready, 'y')).toEqual([]);
    expect(effects(keys(ready, '3'), 'r')).toEqual(['work']);
    expect(effects(ready, 'l', { ctrl: true })).toEqual(['redraw']);
  });

  it('on a terminal that is too small only q (and Ctrl-C) do anything', () => {
    const small = { ...LAYOUT, tooSmall: true };
    expect(keyContext(ready, small)).toBe('too-small');
    expect(commandsForKey(ready, '2', {}, small)).toEqual([]);
    expect(effects(ready, 'q', {}, small)).toEqual(['quit']);
  });

  it('a key clears the last message, a verification event does not', () => {
    const withMessage = appReducer(ready, { type: 'message', message: { text: 'copied', tone: 'success' } });
    expect(appReducer(withMessage, { type: 'verify/start', run: 9 }).message?.text).toBe('copied');
    expect(keys(withMessage, '2').message).toBeNull();
  });

  it('the status bar names only keys that do something in that context', () => {
    const sym = symbols({ color: false, unicode: true });
    const contexts = ['overview', 'checklist', 'detail', 'filter', 'help', 'remediate'] as const;
    const states: Record<(typeof contexts)[number], AppState> = {
      overview: ready,
      checklist: keys(ready, '2'),
      detail: keys(ready, '2', 'j', ['', { return: true }]),
      filter: keys(ready, '2', '/'),
      help: keys(ready, '?'),
      remediate: keys(ready, '4'),
    };
    for (const context of contexts) {
      const state = states[context];
      expect(keyContext(state, LAYOUT)).toBe(context);
      for (const hint of keyHints(state, LAYOUT, sym)) {
        const single = hint.keys.length === 1 ? hint.keys : null;
        if (single === null) continue;
        const did = commandsForKey(state, single, {}, LAYOUT);
        expect(did.length, `${context}: ${hint.keys} ${hint.label}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('a burst of keys', () => {
  it('is judged key by key against the state each key leaves', () => {
    const actions: AppAction[] = [];
    let state = appStateFor();
    for (const input of ['2', '/', 'q', 'x']) {
      for (const command of commandsForKey(state, input, {}, LAYOUT)) {
        if ('action' in command) {
          actions.push(command.action);
          state = appReducer(state, command.action);
        }
      }
    }
    expect(checklistOf(state).filter).toBe('qx');
    expect(actions.map((a) => a.type)).toEqual(['nav/go', 'filter/start', 'filter/input', 'filter/input']);
  });
});
