/**
 * The key bindings cannot drift: on every screen, in every context its bindings name, every key
 * the dispatcher answers is a binding's key and that binding has its line in Help; every hint on
 * the status bar names keys that reach the binding it labels, and that binding acts.
 */
import { describe, expect, it } from 'vitest';
import { appStateFor } from '../../test/helpers/ui/fixtures.js';
import {
  collectingPress,
  MONITOR_HEALTH_LAYOUT,
  REMEDIATE_ROLLBACK_LAYOUT,
} from '../../test/helpers/ui/key-harness.js';
import { appWith, loadedHealth, ticked } from '../../test/helpers/ui/monitor-health-fixtures.js';
import {
  apply,
  remediateState,
  rollbackResult,
  rollbackRun,
  rollbackState,
  VIEW_DEPENDENT,
} from '../../test/helpers/ui/remediate-rollback-fixtures.js';
import type { AppState } from './appState.js';
import { bindingFor, helpKeysText, isKey, isKeyName, isWildcard } from './bindings.js';
import { activeBindings, BINDING_OWNERS, commandsForKey, helpSections, keyContext, keyHints } from './keymap.js';
import type { KeyLayout, KeyPress, Press } from './keyTypes.js';
import { HELP } from './navigation.js';
import { SCREENS } from './screens/index.js';
import { remediateOf } from './screens/Remediate/state.js';
import { symbols } from './theme.js';

const LAYOUT: KeyLayout = {
  ...REMEDIATE_ROLLBACK_LAYOUT,
  screens: { ...MONITOR_HEALTH_LAYOUT.screens, ...REMEDIATE_ROLLBACK_LAYOUT.screens },
};
const SMALL: KeyLayout = { ...LAYOUT, tooSmall: true };
const press = collectingPress(LAYOUT);
const ENTER: [string, KeyPress] = ['', { return: true }];

/** A severe step of the drifted plan, asked: the Remediate's name confirmation. */
function remediateNameAsked(): AppState {
  const drifted = apply(remediateState('issoh-drifted'), { type: 'nav/go', screen: 'remediate' });
  const steps = remediateOf(drifted).plan!.steps;
  const severe = steps.findIndex((s) => s.danger === 'severe');
  return press(apply(drifted, { type: 'remediate/move', by: severe, viewport: 5 }), 'a').state;
}

/** One state for each context of each screen (and Help, and a terminal too small). */
function everyContext(): Array<readonly [AppState, KeyLayout]> {
  const ready = appStateFor();
  const monitor = press(appWith(ticked(5)), '3').state;
  const health = press(appWith([], loadedHealth()), '6').state;
  const rolledBack = apply(rollbackState(), {
    type: 'rollback/finished',
    run: rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply'),
  });
  const states = [
    ready,
    press(ready, '2').state,
    press(ready, '2', 'j', ENTER).state,
    press(ready, '2', '/').state,
    press(ready, '?').state,
    monitor,
    press(monitor, '/').state,
    health,
    press(health, 'c').state,
    press(health, 'A').state,
    press(health, 'd').state,
    remediateState(),
    press(remediateState(), ENTER).state,
    press(remediateState(), 'a').state,
    remediateNameAsked(),
    rollbackState(),
    rollbackState(rollbackResult({ dependents: [VIEW_DEPENDENT] })),
    press(rollbackState(), 'a').state,
    apply(rolledBack, { type: 'rollback/ask-restore' }),
  ];
  return [...states.map((s) => [s, LAYOUT] as const), [ready, SMALL] as const];
}

const NAMED: Readonly<Record<string, KeyPress>> = {
  up: { upArrow: true },
  down: { downArrow: true },
  left: { leftArrow: true },
  right: { rightArrow: true },
  pageup: { pageUp: true },
  pagedown: { pageDown: true },
  home: { home: true },
  end: { end: true },
  enter: { return: true },
  esc: { escape: true },
  tab: { tab: true },
  'shift-tab': { tab: true, shift: true },
  backspace: { backspace: true },
  delete: { delete: true },
};

/** Every key a terminal sends that the app could answer: printable ASCII, the named keys, Ctrl-A to Ctrl-Z. */
const EVERY_PRESS: readonly Press[] = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => ({ input: String.fromCharCode(0x20 + i), key: {} })),
  ...Object.values(NAMED).map((key) => ({ input: '', key })),
  ...Array.from({ length: 26 }, (_, i) => ({ input: String.fromCharCode(0x61 + i), key: { ctrl: true } })),
];

const where = (state: AppState, layout: KeyLayout) =>
  `${layout.tooSmall ? 'too small' : state.navigation.screen}/${keyContext(state, layout)}`;

describe('key bindings, for every screen and context', () => {
  const sym = symbols({ color: false, unicode: true });
  const help = helpSections(sym).flatMap((s) => s.keys.map(([keys, line]) => `${keys} | ${line}`));
  const states = everyContext();

  it('the states cover every context each screen binds a key in', () => {
    const reached = new Set(states.map(([state, layout]) => where(state, layout)));
    for (const screen of SCREENS)
      for (const context of new Set(screen.keys.bindings.flatMap((b) => b.in)))
        expect(reached, `${screen.id}/${context}`).toContain(`${screen.id}/${context}`);
    expect(reached).toContain(`${HELP}/${HELP}`);
    expect(reached).toContain('too small/too-small');
  });

  it('are well formed: known key names, hints among its keys and contexts, one binding per key in a context', () => {
    for (const { bindings } of BINDING_OWNERS)
      for (const b of bindings) {
        expect(
          b.keys.filter((k) => !isKeyName(k)),
          b.help,
        ).toEqual([]);
        expect(
          (b.hintKeys ?? []).filter((k) => !b.keys.includes(k)),
          b.help,
        ).toEqual([]);
        if (typeof b.hint === 'object')
          expect(
            Object.keys(b.hint).filter((c) => !b.in.includes(c)),
            b.help,
          ).toEqual([]);
      }
    for (const [state, layout] of states) {
      const keys = activeBindings(state, layout).flatMap((a) => a.keys.filter((k) => !isWildcard(k)));
      expect(
        keys.filter((k, i) => keys.indexOf(k) !== i),
        where(state, layout),
      ).toEqual([]);
    }
  });

  it('every key the dispatcher answers is a key of a binding at work there, and that binding is in Help', () => {
    for (const [state, layout] of states) {
      const active = activeBindings(state, layout);
      for (const p of EVERY_PRESS) {
        if (commandsForKey(state, p.input, p.key, layout).length === 0) continue;
        const said = `${where(state, layout)}: ${JSON.stringify(p)}`;
        const reached = bindingFor(active, p);
        expect(reached, said).toBeDefined();
        expect(
          reached!.keys.some((k) => isKey(k, p)),
          said,
        ).toBe(true);
        expect(help, said).toContain(`${helpKeysText(reached!.binding.keys, sym)} | ${reached!.binding.help}`);
      }
    }
  });

  it('every hint on the status bar names keys that reach the binding it labels, and each acts', () => {
    for (const [state, layout] of states) {
      const hints = keyHints(state, layout, sym);
      expect(hints.at(-1)?.label, where(state, layout)).toBe('quit');
      for (const hint of hints)
        for (const name of hint.names) {
          const presses = EVERY_PRESS.filter((p) => isKey(name, p));
          const reaching = presses.filter((p) => bindingFor(activeBindings(state, layout), p)?.hint === hint.label);
          const said = `${where(state, layout)}: ${hint.keys} ${hint.label} (${name})`;
          expect(reaching.length, said).toBeGreaterThan(0);
          for (const p of isWildcard(name) ? reaching.slice(0, 1) : reaching)
            expect(commandsForKey(state, p.input, p.key, layout).length, said).toBeGreaterThan(0);
        }
    }
  });
});
