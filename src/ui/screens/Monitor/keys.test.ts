/** The Monitor's keys as pure functions through the app's reducer. */
import { describe, expect, it } from 'vitest';
import { appStateFor } from '../../../../test/helpers/ui/fixtures.js';
import { tickEvents } from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import { type AppAction, type AppState, appReducer } from '../../appState.js';
import { commandsForKey, type KeyLayout, type KeyPress, keyContext } from '../../keymap.js';
import { cursorRow } from './state.js';

const LAYOUT: KeyLayout = {
  tooSmall: false,
  listViewport: 10,
  detailMax: 30,
  helpMax: 5,
  page: 9,
  monitor: { rows: 2 },
  health: { max: 12, page: 5 },
};

const press = (state: AppState, input: string, key: KeyPress = {}): AppState => {
  let next = state;
  for (const command of commandsForKey(next, input, key, LAYOUT))
    if ('action' in command) next = appReducer(next, command.action);
  return next;
};
const keys = (state: AppState, ...inputs: Array<string | [string, KeyPress]>) =>
  inputs.reduce((s, k) => (Array.isArray(k) ? press(s, k[0], k[1]) : press(s, k)), state);
const effects = (state: AppState, input: string, key: KeyPress = {}) =>
  commandsForKey(state, input, key, LAYOUT).flatMap((c) => ('effect' in c ? [c.effect] : []));

/** The app as seed 000's verification leaves it, with the Monitor's ticks and Health's report dispatched. */
function appWith(monitorActions: readonly AppAction[] = [], healthActions: readonly AppAction[] = []): AppState {
  return [...monitorActions, ...healthActions].reduce(appReducer, appStateFor());
}
const ticked = (seconds: number): AppAction[] => [
  { type: 'monitor/started', intervalMs: 1000, minutes: 15 },
  ...tickEvents(seconds).map((event): AppAction => ({ type: 'monitor/event', event })),
];

describe('monitor keys', () => {
  const onMonitor = () => keys(appWith(ticked(40)), '3');

  it('s, /, space, r, movement and Esc do what the status bar says', () => {
    let s = onMonitor();
    expect(keyContext(s, LAYOUT)).toBe('monitor');
    expect(keys(s, 's').monitor.sort).toBe('updated');
    expect(keys(s, ' ').monitor.paused).toBe(true);
    expect(effects(s, 'r')).toEqual([{ type: 'monitor-refresh' }]);
    s = keys(s, 'j', 'j');
    expect(cursorRow(s.monitor)!.syncId).toBe('initech-stock');
    expect(s.monitor.offset).toBe(1);
    s = keys(s, ['', { pageUp: true }]);
    expect(cursorRow(s.monitor)!.syncId).toBe('acme-products');
    // Esc: first the cursor goes to the top row, then the screen.
    s = keys(s, ['', { escape: true }]);
    expect(s.monitor.selected).toBe(s.monitor.rows[0]!.key);
    expect(keys(s, ['', { escape: true }]).navigation.screen).toBe('overview');
  });

  it('the filter takes every key as text (q and digits too); Enter keeps it, Esc clears it; Ctrl-C still quits', () => {
    let s = keys(onMonitor(), '/');
    expect(keyContext(s, LAYOUT)).toBe('monitor-filter');
    s = keys(s, 'q', '3');
    expect(s.monitor.filter).toBe('q3');
    expect(s.navigation.screen).toBe('monitor');
    s = keys(s, ['', { backspace: true }], ['', { backspace: true }], 'a', 'c', 'm', 'e', ['', { return: true }]);
    expect(s.monitor.editing).toBe(false);
    expect(s.monitor.rows.map((r) => r.syncId)).toEqual(['acme-products']);
    expect(keys(s, ['', { escape: true }]).monitor.filter).toBe('');
    expect(effects(keys(onMonitor(), '/'), 'c', { ctrl: true })).toEqual([{ type: 'quit' }]);
  });

  it('a tick does not clear the message; a key does', () => {
    const s = appReducer(onMonitor(), { type: 'message', message: { text: 'hello', tone: 'info' } });
    expect(appReducer(s, { type: 'monitor/event', event: tickEvents(41).at(-1)! }).message?.text).toBe('hello');
    expect(keys(s, 's').message).toBeNull();
  });
});
