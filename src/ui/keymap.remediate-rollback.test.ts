/** The key table on the Remediate and Rollback screens: the status bar and Help name only keys that act. */
import { describe, expect, it } from 'vitest';
import { collectingPress, REMEDIATE_ROLLBACK_LAYOUT as LAYOUT } from '../../test/helpers/ui/key-harness.js';
import {
  remediateState,
  rollbackResult,
  rollbackState,
  VIEW_DEPENDENT,
} from '../../test/helpers/ui/remediate-rollback-fixtures.js';
import type { AppState } from './appState.js';
import { commandsForKey, helpSections, keyContext, keyHints } from './keymap.js';
import { symbols } from './theme.js';

const SYM = symbols({ color: false, unicode: true });
const press = collectingPress(LAYOUT);

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
      const hints = keyHints(state, LAYOUT, SYM);
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
