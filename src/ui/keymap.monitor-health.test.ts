/** The key table on the Monitor and Health screens: the status bar and Help name only keys that act. */
import { describe, expect, it } from 'vitest';
import { keysIn, MONITOR_HEALTH_LAYOUT as LAYOUT } from '../../test/helpers/ui/key-harness.js';
import { appWith, loadedHealth, ticked } from '../../test/helpers/ui/monitor-health-fixtures.js';
import { commandsForKey, helpSections, keyContext, keyHints } from './keymap.js';
import { symbols } from './theme.js';

const UNICODE = { color: false, unicode: true };
const ASCII = { color: false, unicode: false };

const { keys } = keysIn(LAYOUT);

describe('status bar and Help', () => {
  const states = {
    monitor: keys(appWith(ticked(5)), '3'),
    'monitor-filter': keys(appWith(ticked(5)), '3', '/'),
    health: keys(appWith([], loadedHealth()), '6'),
    'health-yes-no': keys(appWith([], loadedHealth()), '6', 'c'),
    'health-name': keys(appWith([], loadedHealth()), '6', 'A'),
  } as const;
  it('names only keys that do something on the Monitor and Health screens, in every context', () => {
    const sym = symbols(UNICODE);
    for (const [context, state] of Object.entries(states)) {
      expect(keyContext(state, LAYOUT)).toBe(context);
      const hints = keyHints(state, LAYOUT, sym);
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
    expect(keyHints(states.monitor, LAYOUT, sym).map((h) => `${h.keys} ${h.label}`)).toEqual(
      expect.arrayContaining(['s sort', '/ filter', 'space pause', 'r refresh', '? help', 'q quit']),
    );
    expect(keyHints(states.health, LAYOUT, sym).map((h) => h.keys)).toEqual(
      expect.arrayContaining(['p', 'c', 'A', 'w', 'r']),
    );
  });

  it('Help has a section for each screen, in ASCII too', () => {
    const titles = helpSections(symbols(ASCII)).map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['Monitor', 'Health']));
    const monitor = helpSections(symbols(UNICODE)).find((s) => s.title === 'Monitor')!;
    expect(monitor.keys.map(([k]) => k)).toEqual(expect.arrayContaining(['s', '/', 'space', 'r']));
  });
});
