/** The key table on the Monitor and Health screens: the status bar and Help name only keys that act. */
import { describe, expect, it } from 'vitest';
import { appStateFor } from '../../test/helpers/ui/fixtures.js';
import { REPORT, tickEvents } from '../../test/helpers/ui/monitor-health-fixtures.js';
import { type AppAction, type AppState, appReducer } from './appState.js';
import { commandsForKey, helpSections, type KeyLayout, type KeyPress, keyContext, keyHints } from './keymap.js';
import { symbols } from './theme.js';

const LAYOUT: KeyLayout = {
  tooSmall: false,
  listViewport: 10,
  detailMax: 30,
  helpMax: 5,
  page: 9,
  monitor: { rows: 2 },
  health: { max: 12, page: 5 },
};
const UNICODE = { color: false, unicode: true };
const ASCII = { color: false, unicode: false };

const press = (state: AppState, input: string, key: KeyPress = {}): AppState => {
  let next = state;
  for (const command of commandsForKey(next, input, key, LAYOUT))
    if ('action' in command) next = appReducer(next, command.action);
  return next;
};
const keys = (state: AppState, ...inputs: Array<string | [string, KeyPress]>) =>
  inputs.reduce((s, k) => (Array.isArray(k) ? press(s, k[0], k[1]) : press(s, k)), state);

/** The app as seed 000's verification leaves it, with the Monitor's ticks and Health's report dispatched. */
function appWith(monitorActions: readonly AppAction[] = [], healthActions: readonly AppAction[] = []): AppState {
  return [...monitorActions, ...healthActions].reduce(appReducer, appStateFor());
}
const ticked = (seconds: number): AppAction[] => [
  { type: 'monitor/started', intervalMs: 1000, minutes: 15 },
  ...tickEvents(seconds).map((event): AppAction => ({ type: 'monitor/event', event })),
];
const loadedHealth = (database = 'mantis_issoh', refusal: string | null = null): AppAction[] => [
  { type: 'health/configure', database, refusal },
  { type: 'health/loading', request: 1 },
  { type: 'health/loaded', request: 1, report: REPORT, windowMinutes: 60 },
];

describe('status bar and Help', () => {
  it('names only keys that do something on the Monitor and Health screens, in every context', () => {
    const sym = symbols(UNICODE);
    const states = {
      monitor: keys(appWith(ticked(5)), '3'),
      'monitor-filter': keys(appWith(ticked(5)), '3', '/'),
      health: keys(appWith([], loadedHealth()), '6'),
      'health-yes-no': keys(appWith([], loadedHealth()), '6', 'c'),
      'health-name': keys(appWith([], loadedHealth()), '6', 'A'),
    } as const;
    for (const [context, state] of Object.entries(states)) {
      expect(keyContext(state, LAYOUT)).toBe(context);
      const hints = keyHints(keyContext(state, LAYOUT), sym);
      expect(hints.length).toBeGreaterThan(2);
      for (const hint of hints) {
        const single = hint.keys.length === 1 ? hint.keys : hint.keys === 'space' ? ' ' : null;
        if (single === null) continue;
        expect(
          commandsForKey(state, single, {}, LAYOUT).length,
          `${context}: ${hint.keys} ${hint.label}`,
        ).toBeGreaterThan(0);
      }
    }
    expect(keyHints('monitor', sym).map((h) => `${h.keys} ${h.label}`)).toEqual(
      expect.arrayContaining(['s sort', '/ filter', 'space pause', 'r refresh', '? help', 'q quit']),
    );
    expect(keyHints('health', sym).map((h) => h.keys)).toEqual(expect.arrayContaining(['p', 'c', 'A', 'w', 'r']));
  });

  it('Help has a section for each screen, in ASCII too', () => {
    const titles = helpSections(symbols(ASCII)).map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['Monitor', 'Health']));
    const monitor = helpSections(symbols(UNICODE)).find((s) => s.title === 'Monitor')!;
    expect(monitor.keys.map(([k]) => k)).toEqual(expect.arrayContaining(['s', '/', 'space', 'r']));
  });
});
