/** The key table on the Remediate and Rollback screens: the status bar and Help name only keys that act. */
import { describe, expect, it } from 'vitest';
import {
  remediateState,
  rollbackResult,
  rollbackState,
  VIEW_DEPENDENT,
} from '../../test/helpers/ui/remediate-rollback-fixtures.js';
import { type AppState, appReducer } from './appState.js';
import {
  type Command,
  commandsForKey,
  helpSections,
  type KeyLayout,
  type KeyPress,
  keyContext,
  keyHints,
} from './keymap.js';
import { symbols } from './theme.js';

const LAYOUT: KeyLayout = {
  tooSmall: false,
  listViewport: 10,
  detailMax: 30,
  helpMax: 5,
  page: 9,
  remediate: { list: 5, paneMax: 40, page: 8 },
  rollback: { max: 30, page: 8 },
};
const SYM = symbols({ color: false, unicode: true });

/** Presses keys: actions go through the reducer; effects and messages are collected. */
function press(state: AppState, ...inputs: Array<string | [string, KeyPress]>) {
  let next = state;
  const effects: Command[] = [];
  for (const entry of inputs) {
    const [input, key] = Array.isArray(entry) ? entry : [entry, {}];
    for (const command of commandsForKey(next, input, key, LAYOUT)) {
      if ('action' in command) next = appReducer(next, command.action);
      else effects.push(command);
    }
  }
  return {
    state: next,
    effects: effects.map((c) => ('effect' in c ? c.effect : null)),
    message: next.message?.text ?? null,
  };
}

describe('the key table for these screens', () => {
  it('the status bar names only keys that do something there', () => {
    const withDependents = rollbackState(rollbackResult({ dependents: [VIEW_DEPENDENT] }));
    const states: Array<[string, AppState]> = [
      ['remediate', remediateState()],
      ['remediate-pane', press(remediateState(), ['', { return: true }]).state],
      ['confirm-yes-no', press(remediateState(), 'a').state],
      ['rollback', rollbackState()],
      ['rollback-cascade', withDependents],
      ['confirm-name', press(rollbackState(), 'a').state],
    ];
    for (const [context, state] of states) {
      expect(keyContext(state, LAYOUT)).toBe(context);
      const hints = keyHints(keyContext(state, LAYOUT), SYM);
      expect(hints.length).toBeGreaterThan(2);
      for (const hint of hints) {
        const single = hint.keys.length === 1 ? hint.keys : null;
        if (single === null) continue;
        const did = commandsForKey(state, single, {}, LAYOUT);
        expect(did.length, `${context}: ${hint.keys} ${hint.label}`).toBeGreaterThan(0);
      }
    }
  });

  it('Help lists the keys of both screens and of the confirmations', () => {
    const titles = helpSections(SYM).map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['Remediate', 'Rollback', 'Confirmations']));
    const remediate = helpSections(SYM).find((s) => s.title === 'Remediate')!;
    expect(remediate.keys.map(([k]) => k)).toEqual(expect.arrayContaining(['d', 'a', 't', 'Enter', 'PgUp PgDn']));
  });
});
