/** The Remediate screen's keys as pure functions through the app's reducer: no rendering, no database. */
import { describe, expect, it } from 'vitest';
import { collectingPress, REMEDIATE_ROLLBACK_LAYOUT as LAYOUT } from '../../../../test/helpers/ui/key-harness.js';
import {
  apply,
  pooledRemediateState,
  remediateState,
} from '../../../../test/helpers/ui/remediate-rollback-fixtures.js';
import { keyContext } from '../../keymap.js';
import { remediateOf } from './state.js';

const press = collectingPress(LAYOUT);

describe('Remediate keys', () => {
  it('move the selection, scroll the pane with PgDn, and Enter gives the pane the screen', () => {
    let { state } = press(remediateState(), 'j', 'j');
    expect(remediateOf(state).selected).toBe('prereq-users-extended');
    ({ state } = press(state, ['', { pageDown: true }]));
    expect(remediateOf(state).scroll).toBe(8);
    ({ state } = press(state, 'k'));
    expect(remediateOf(state).scroll).toBe(0);
    ({ state } = press(state, ['', { return: true }]));
    expect(keyContext(state, LAYOUT)).toBe('remediate-pane');
    ({ state } = press(state, 'j', 'j'));
    expect(remediateOf(state).scroll).toBe(2);
    ({ state } = press(state, ['', { escape: true }]));
    expect(keyContext(state, LAYOUT)).toBe('remediate');
    ({ state } = press(state, 'G'));
    expect(remediateOf(state).selected).toBe('reverify');
  });

  it('d asks for a dry run of the selected step; a asks y/N first, and only y applies it', () => {
    const ready = remediateState();
    expect(press(ready, 'd').effects).toEqual([
      { type: 'work', request: { kind: 'step', stepId: 'prereq-organization', action: 'dry-run' } },
    ]);
    const asked = press(ready, 'a');
    expect(asked.effects).toEqual([]);
    expect(keyContext(asked.state, LAYOUT)).toBe('confirm-yes-no');
    const yes = press(asked.state, 'y');
    expect(yes.effects).toEqual([
      { type: 'work', request: { kind: 'step', stepId: 'prereq-organization', action: 'apply' } },
    ]);
    expect(remediateOf(yes.state).pending).toBeNull();
    for (const no of ['n', 'q', '4', '']) {
      const answer = press(asked.state, no === '' ? ['', { return: true }] : no);
      expect(answer.effects).toEqual([]);
      expect(answer.message).toBe('not confirmed: prereq-organization was not applied; nothing was changed');
      expect(answer.state.navigation.screen).toBe('remediate');
    }
    expect(press(asked.state, ['', { escape: true }]).effects).toEqual([]);
  });

  it('a severe step needs the database name: a wrong name refuses, Esc cancels, the exact name applies', () => {
    const drifted = apply(remediateState('issoh-drifted'), { type: 'nav/go', screen: 'remediate' });
    const severe = remediateOf(drifted).plan!.steps.find((st) => st.danger === 'severe')!;
    const onIt = apply(drifted, {
      type: 'remediate/move',
      by: remediateOf(drifted).plan!.steps.indexOf(severe),
      viewport: 5,
    });
    const asked = press(onIt, 'a');
    expect(keyContext(asked.state, LAYOUT)).toBe('confirm-name');
    // q, digits and ? are letters of the name here, not keys.
    const typed = press(asked.state, 'p', 'r', 'o', 'q', '4', '?', ['', { backspace: true }]);
    expect(remediateOf(typed.state).pending?.confirm).toMatchObject({ typed: 'proq4' });
    expect(typed.state.navigation.screen).toBe('remediate');
    const wrong = press(typed.state, ['', { return: true }]);
    expect(wrong.effects).toEqual([]);
    expect(wrong.message).toBe('refused: "proq4" is not mantis_issoh; nothing was changed');
    expect(remediateOf(wrong.state).pending).toBeNull();
    const cancelled = press(asked.state, 'm', ['', { escape: true }]);
    expect(cancelled.effects).toEqual([]);
    expect(cancelled.message).toBe(`cancelled: ${severe.id} was not applied; nothing was changed`);
    const right = press(asked.state, ...[...'mantis_issoh'], ['', { return: true }]);
    expect(right.effects).toEqual([{ type: 'work', request: { kind: 'step', stepId: severe.id, action: 'apply' } }]);
  });

  it('t and Enter on the RLS step run the test; the information step runs nothing; the last step re-verifies', () => {
    const ready = remediateState();
    expect(press(ready, 't').effects).toEqual([
      { type: 'work', request: { kind: 'step', stepId: 'rls-test', action: 'rls-test' } },
    ]);
    const onRls = press(ready, 'G', 'k').state;
    expect(press(onRls, ['', { return: true }]).effects).toEqual([
      { type: 'work', request: { kind: 'step', stepId: 'rls-test', action: 'rls-test' } },
    ]);
    const onInfo = press(ready, 'j', 'j', 'j', 'j').state;
    expect(remediateOf(onInfo).selected).toBe('info-0023');
    expect(press(onInfo, 'a').message).toBe('info-0023 is information: there is nothing to run');
    expect(press(ready, 'G', 'a').effects).toEqual([{ type: 'work', request: { kind: 'verify' } }]);
    expect(press(ready, 'r').effects).toEqual([{ type: 'work', request: { kind: 'verify' } }]);
  });

  it('while a write runs (from any screen), d, a and t say so instead of starting another; q still quits', () => {
    const running = apply(
      remediateState(),
      { type: 'remediate/started', stepId: 'migration-0024', action: 'apply', at: 0 },
      { type: 'write/started', what: 'maintain partitions' },
    );
    for (const key of ['d', 'a', 't']) {
      const r = press(running, key);
      expect(r.effects).toEqual([]);
      expect(r.message).toBe('maintain partitions is running: wait for it (q cancels it, rolled back, and quits)');
    }
    expect(press(running, 'q').effects).toEqual([{ type: 'quit' }]);
    expect(press(running, ['c', { ctrl: true }]).effects).toEqual([{ type: 'quit' }]);
  });

  it('through a pooled URL, d and a are refused before anything is asked; t runs the RLS test, as test-rls does', () => {
    const pooled = pooledRemediateState();
    expect(remediateOf(pooled).refusal).toContain('Neon pooled endpoint');
    const rls = press(pooled, 't');
    expect(rls.message).toBeNull();
    expect(rls.effects).toEqual([{ type: 'work', request: { kind: 'step', stepId: 'rls-test', action: 'rls-test' } }]);
    for (const key of ['d', 'a']) {
      const r = press(pooled, key);
      expect(r.effects).toEqual([]);
      expect(remediateOf(r.state).pending).toBeNull();
      // One line with its fix whole: the notice above the plan has the rest.
      expect(r.message).toBe(remediateOf(pooled).refusalLine);
      expect(r.message).toBe('refused: IS-SOH is pooled: drop "-pooler" from --issoh-url to write directly');
    }
  });
});
