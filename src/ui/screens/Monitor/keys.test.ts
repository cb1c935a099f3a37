/** The Monitor's keys as pure functions through the app's reducer. */
import { describe, expect, it } from 'vitest';
import { keysIn, MONITOR_HEALTH_LAYOUT as LAYOUT } from '../../../../test/helpers/ui/key-harness.js';
import { appWith, tickEvents, ticked } from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import { keyContext } from '../../keymap.js';
import { appReducer } from '../../shell.js';
import { cursorRow, monitorOf } from './state.js';

const { keys, effects } = keysIn(LAYOUT);

describe('monitor keys', () => {
  const onMonitor = () => keys(appWith(ticked(40)), '3');

  it('s, /, space, r, movement and Esc do what the status bar says', () => {
    let s = onMonitor();
    expect(keyContext(s, LAYOUT)).toBe('monitor');
    expect(monitorOf(keys(s, 's')).sort).toBe('updated');
    expect(monitorOf(keys(s, ' ')).paused).toBe(true);
    expect(effects(s, 'r')).toEqual([{ type: 'work', request: { refresh: true } }]);
    s = keys(s, 'j', 'j');
    expect(cursorRow(monitorOf(s))!.syncId).toBe('initech-stock');
    expect(monitorOf(s).offset).toBe(1);
    s = keys(s, ['', { pageUp: true }]);
    expect(cursorRow(monitorOf(s))!.syncId).toBe('acme-products');
    // Esc: first the cursor goes to the top row, then the screen.
    s = keys(s, ['', { escape: true }]);
    expect(monitorOf(s).selected).toBe(monitorOf(s).rows[0]!.key);
    expect(keys(s, ['', { escape: true }]).navigation.screen).toBe('overview');
  });

  it('the filter takes every key as text (q and digits too); Enter keeps it, Esc clears it; Ctrl-C still quits', () => {
    let s = keys(onMonitor(), '/');
    expect(keyContext(s, LAYOUT)).toBe('monitor-filter');
    s = keys(s, 'q', '3');
    expect(monitorOf(s).filter).toBe('q3');
    expect(s.navigation.screen).toBe('monitor');
    s = keys(s, ['', { backspace: true }], ['', { backspace: true }], 'a', 'c', 'm', 'e', ['', { return: true }]);
    expect(monitorOf(s).editing).toBe(false);
    expect(monitorOf(s).rows.map((r) => r.syncId)).toEqual(['acme-products']);
    expect(monitorOf(keys(s, ['', { escape: true }])).filter).toBe('');
    expect(effects(keys(onMonitor(), '/'), 'c', { ctrl: true })).toEqual([{ type: 'quit' }]);
  });

  it('a tick does not clear the message; a key does', () => {
    const s = appReducer(onMonitor(), { type: 'message', message: { text: 'hello', tone: 'info' } });
    expect(appReducer(s, { type: 'monitor/event', event: tickEvents(41).at(-1)! }).message?.text).toBe('hello');
    expect(keys(s, 's').message).toBeNull();
  });
});
