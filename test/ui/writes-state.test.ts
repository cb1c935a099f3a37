/** The Remediate and Rollback screens' state and keys as pure functions: no rendering, no database. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStamp as stampOf } from '../../src/core/io.js';
import { unusedDirectory } from '../../src/ui/hooks/useWrites.js';
import {
  type Command,
  commandsForKey,
  helpSections,
  type KeyLayout,
  type KeyPress,
  keyContext,
  keyHints,
} from '../../src/ui/keymap.js';
import { type AppState, appReducer } from '../../src/ui/state/app.js';
import { askName, askYesNo, backspace, judgeName, typeInto } from '../../src/ui/state/confirm.js';
import {
  confirmationFor,
  initialRemediate,
  isLastStep,
  remediateReducer,
  selectedStep,
} from '../../src/ui/state/remediate.js';
import {
  allowCascadeFor,
  initialRollback,
  notAllowed,
  rollbackConfirmation,
  rollbackReducer,
  rowTotals,
} from '../../src/ui/state/rollback.js';
import { appSettings, writeRefusal } from '../../src/ui/state/writes.js';
import { symbols } from '../../src/ui/theme.js';
import { configFor } from './fixtures.js';
import {
  apply,
  planView,
  pooledRemediateState,
  remediateState,
  rollbackResult,
  rollbackRun,
  rollbackState,
  stepIds,
  VIEW_DEPENDENT,
} from './writes-fixtures.js';

const LAYOUT: KeyLayout = {
  tooSmall: false,
  listViewport: 10,
  detailMax: 30,
  helpMax: 5,
  page: 9,
  writes: { remediateList: 5, remediatePaneMax: 40, remediatePage: 8, rollbackMax: 30, rollbackPage: 8 },
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

describe('the confirmation', () => {
  it('takes only printable text, erases with Backspace, and confirms only the exact name', () => {
    let c = askName('Apply it?', 'mantis_issoh');
    c = typeInto(c, 'mantis_');
    c = typeInto(c, '\u001b[A');
    c = typeInto(c, 'issoo\u0007');
    expect(c.kind === 'name' && c.typed).toBe('mantis_issoo');
    expect(judgeName(c)).toEqual({
      confirmed: false,
      reason: 'refused: "mantis_issoo" is not mantis_issoh; nothing was changed',
    });
    c = typeInto(backspace(c), 'h');
    expect(judgeName(c)).toEqual({ confirmed: true });
    expect(judgeName(askName('x', 'db'))).toMatchObject({
      confirmed: false,
      reason: 'refused: nothing was typed; nothing was changed',
    });
    expect(typeInto(askYesNo('ok?'), 'y')).toEqual(askYesNo('ok?'));
  });
});

describe('Remediate state', () => {
  const seed = planView('issoh-seed000');

  it("the planner's steps for seed 000, the first one selected", () => {
    const state = remediateState();
    expect(stepIds(state)).toEqual([
      'prereq-organization',
      'prereq-auth-schema',
      'prereq-users-extended',
      'prereq-auth-uid',
      'info-0023',
      'migration-0024',
      'test-data',
      'rls-test',
      'reverify',
    ]);
    expect(selectedStep(state.remediate)?.id).toBe('prereq-organization');
    expect(isLastStep(seed.steps, 'rls-test')).toBe(true);
    expect(isLastStep(seed.steps, 'migration-0024')).toBe(false);
  });

  it('drops a plan from an older run, and keeps the selection, or the step now in its place once it was applied', () => {
    let s = remediateReducer(initialRemediate(configFor()), { type: 'remediate/plan-start', run: 1 });
    s = remediateReducer(s, { type: 'remediate/plan-start', run: 2 });
    expect(remediateReducer(s, { type: 'remediate/planned', run: 1, plan: seed })).toBe(s);
    s = remediateReducer(s, { type: 'remediate/planned', run: 2, plan: seed });
    s = remediateReducer(s, { type: 'remediate/move', by: 1, viewport: 5 });
    expect(s.selected).toBe('prereq-auth-schema');
    const applied = { ...seed, steps: seed.steps.filter((st) => st.id !== 'prereq-auth-schema') };
    s = remediateReducer(s, { type: 'remediate/plan-start', run: 3 });
    s = remediateReducer(s, { type: 'remediate/planned', run: 3, plan: applied });
    expect(s.selected).toBe('prereq-users-extended');
    expect(s.planning).toBe(false);
  });

  it('asks y/N for safe and moderate steps and the database name for severe ones', () => {
    const target = { label: 'IS-SOH', host: 'h', database: 'mantis_issoh' } as const;
    const safe = seed.steps.find((st) => st.id === 'prereq-organization')!;
    expect(confirmationFor(safe, target)).toEqual({
      kind: 'yes-no',
      question:
        'Apply prereq-organization (safe) on IS-SOH h/mantis_issoh: Create public.organization (seed 000 step 1)?',
    });
    const severe = planView('issoh-drifted').steps.find((st) => st.danger === 'severe')!;
    const asked = confirmationFor(severe, target);
    expect(asked).toMatchObject({ kind: 'name', expected: 'mantis_issoh', typed: '' });
    expect(asked.question).toContain(`${severe.id} is severe`);
    expect(asked.question).toContain('exported (COPY text) first');
  });

  it('records what each step did, counts commits, and clears the running step', () => {
    const state = remediateState();
    let s = remediateReducer(state.remediate, {
      type: 'remediate/started',
      stepId: 'prereq-organization',
      action: 'apply',
      at: 5,
    });
    expect(s.running).toMatchObject({ stepId: 'prereq-organization', action: 'apply', startedAt: 5 });
    s = remediateReducer(s, { type: 'remediate/cancelling' });
    expect(s.cancelling).toBe(true);
    const result = {
      stepId: 'prereq-organization',
      mode: 'apply',
      outcome: 'committed',
      durationMs: 3,
      fixed: [],
      stillFailing: [],
      findingsAfter: null,
      exported: null,
      error: null,
    } as const;
    s = remediateReducer(s, {
      type: 'remediate/finished',
      outcome: { kind: 'step', stepId: 'prereq-organization', title: 't', result, fixed: [] },
    });
    expect(s.running).toBeNull();
    expect(s.cancelling).toBe(false);
    expect(s.committed).toBe(1);
    expect(s.last?.stepId).toBe('prereq-organization');
    expect(s.outcomes['prereq-organization']?.kind).toBe('step');
  });

  it('refuses writes through a Neon pooled URL in pooledRefusal words', () => {
    const refusal = writeRefusal(configFor('postgresql://u:p@ep-x-pooler.eu.aws.neon.tech/db').issoh!);
    expect(refusal).toContain(
      'is a Neon pooled endpoint (-pooler): apply through the direct host (drop "-pooler" from --issoh-url)',
    );
    expect(refusal).toMatch(/\); the app never writes through a pooler \(headless: apply --allow-pooled\)$/);
    expect(refusal).not.toContain(', or pass --allow-pooled');
    expect(writeRefusal(configFor().issoh!)).toBeNull();
    expect(appSettings()).toEqual({
      lockTimeoutMs: 5000,
      statementTimeoutMs: 60000,
      allowPooled: false,
      auditLog: undefined,
    });
    expect(stampOf(new Date('2026-11-21T23:15:07.123Z'))).toBe('2026-11-21T231507');
  });

  it('a second export in the same minute goes to its own directory, never over the first', () => {
    const root = mkdtempSync(join(tmpdir(), 'mantis-unused-'));
    try {
      const base = join(root, 'mantis-rollback-db-2026-11-21T2315');
      expect(unusedDirectory(base)).toBe(base);
      mkdirSync(base);
      expect(unusedDirectory(base)).toBe(`${base}-2`);
      mkdirSync(`${base}-2`);
      expect(unusedDirectory(base)).toBe(`${base}-3`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('Remediate keys', () => {
  it('move the selection, scroll the pane with PgDn, and Enter gives the pane the screen', () => {
    let { state } = press(remediateState(), 'j', 'j');
    expect(state.remediate.selected).toBe('prereq-users-extended');
    ({ state } = press(state, ['', { pageDown: true }]));
    expect(state.remediate.scroll).toBe(8);
    ({ state } = press(state, 'k'));
    expect(state.remediate.scroll).toBe(0);
    ({ state } = press(state, ['', { return: true }]));
    expect(keyContext(state, LAYOUT)).toBe('remediate-pane');
    ({ state } = press(state, 'j', 'j'));
    expect(state.remediate.scroll).toBe(2);
    ({ state } = press(state, ['', { escape: true }]));
    expect(keyContext(state, LAYOUT)).toBe('remediate');
    ({ state } = press(state, 'G'));
    expect(state.remediate.selected).toBe('reverify');
  });

  it('d asks for a dry run of the selected step; a asks y/N first, and only y applies it', () => {
    const ready = remediateState();
    expect(press(ready, 'd').effects).toEqual([
      { type: 'write', request: { kind: 'step', stepId: 'prereq-organization', action: 'dry-run' } },
    ]);
    const asked = press(ready, 'a');
    expect(asked.effects).toEqual([]);
    expect(keyContext(asked.state, LAYOUT)).toBe('confirm-yes-no');
    const yes = press(asked.state, 'y');
    expect(yes.effects).toEqual([
      { type: 'write', request: { kind: 'step', stepId: 'prereq-organization', action: 'apply' } },
    ]);
    expect(yes.state.remediate.pending).toBeNull();
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
    const severe = drifted.remediate.plan!.steps.find((st) => st.danger === 'severe')!;
    const onIt = apply(drifted, {
      type: 'remediate/move',
      by: drifted.remediate.plan!.steps.indexOf(severe),
      viewport: 5,
    });
    const asked = press(onIt, 'a');
    expect(keyContext(asked.state, LAYOUT)).toBe('confirm-name');
    // q, digits and ? are letters of the name here, not keys.
    const typed = press(asked.state, 'p', 'r', 'o', 'q', '4', '?', ['', { backspace: true }]);
    expect(typed.state.remediate.pending?.confirm).toMatchObject({ typed: 'proq4' });
    expect(typed.state.navigation.screen).toBe('remediate');
    const wrong = press(typed.state, ['', { return: true }]);
    expect(wrong.effects).toEqual([]);
    expect(wrong.message).toBe('refused: "proq4" is not mantis_issoh; nothing was changed');
    expect(wrong.state.remediate.pending).toBeNull();
    const cancelled = press(asked.state, 'm', ['', { escape: true }]);
    expect(cancelled.effects).toEqual([]);
    expect(cancelled.message).toBe(`cancelled: ${severe.id} was not applied; nothing was changed`);
    const right = press(asked.state, ...[...'mantis_issoh'], ['', { return: true }]);
    expect(right.effects).toEqual([{ type: 'write', request: { kind: 'step', stepId: severe.id, action: 'apply' } }]);
  });

  it('t and Enter on the RLS step run the test; the information step runs nothing; the last step re-verifies', () => {
    const ready = remediateState();
    expect(press(ready, 't').effects).toEqual([
      { type: 'write', request: { kind: 'step', stepId: 'rls-test', action: 'rls-test' } },
    ]);
    const onRls = press(ready, 'G', 'k').state;
    expect(press(onRls, ['', { return: true }]).effects).toEqual([
      { type: 'write', request: { kind: 'step', stepId: 'rls-test', action: 'rls-test' } },
    ]);
    const onInfo = press(ready, 'j', 'j', 'j', 'j').state;
    expect(onInfo.remediate.selected).toBe('info-0023');
    expect(press(onInfo, 'a').message).toBe('info-0023 is information: there is nothing to run');
    expect(press(ready, 'G', 'a').effects).toEqual([{ type: 'write', request: { kind: 'verify' } }]);
    expect(press(ready, 'r').effects).toEqual([{ type: 'write', request: { kind: 'verify' } }]);
  });

  it('while a step runs, d, a and t say so instead of starting another; q still quits', () => {
    const running = apply(remediateState(), {
      type: 'remediate/started',
      stepId: 'migration-0024',
      action: 'apply',
      at: 0,
    });
    for (const key of ['d', 'a', 't']) {
      const r = press(running, key);
      expect(r.effects).toEqual([]);
      expect(r.message).toBe('migration-0024 is running: wait for it (q cancels it, rolled back, and quits)');
    }
    expect(press(running, 'q').effects).toEqual([{ type: 'quit' }]);
    expect(press(running, ['c', { ctrl: true }]).effects).toEqual([{ type: 'quit' }]);
  });

  it('through a pooled URL, d, a and t are refused before anything is asked', () => {
    const pooled = pooledRemediateState();
    expect(pooled.remediate.refusal).toContain('Neon pooled endpoint');
    for (const key of ['d', 'a', 't']) {
      const r = press(pooled, key);
      expect(r.effects).toEqual([]);
      expect(r.state.remediate.pending).toBeNull();
      expect(r.message).toBe(pooled.remediate.refusal);
    }
  });
});

describe('Rollback state and keys', () => {
  it('counts rows of the tables (partitions are in their table) and what would be dropped', () => {
    expect(rowTotals(rollbackResult())).toEqual({ rows: 15, tables: 2 });
    const state = rollbackState();
    expect(state.rollback.last?.result.items.filter((i) => i.present).length).toBeGreaterThan(20);
  });

  it('d runs the dry run again; a asks for the database name, and only the exact name rolls back', () => {
    const ready = rollbackState();
    expect(press(ready, 'd').effects).toEqual([{ type: 'write', request: { kind: 'rollback', mode: 'dry-run' } }]);
    const asked = press(ready, 'a');
    expect(keyContext(asked.state, LAYOUT)).toBe('confirm-name');
    expect(asked.state.rollback.pending?.kind === 'name' && asked.state.rollback.pending.question).toContain(
      'first export 15 rows to ./mantis-rollback-mantis_issoh-<time>/ and check them, then drop',
    );
    const wrong = press(asked.state, ...[...'mantis_spp'], ['', { return: true }]);
    expect(wrong.effects).toEqual([]);
    expect(wrong.message).toBe('refused: "mantis_spp" is not mantis_issoh; nothing was changed');
    const esc = press(asked.state, ['', { escape: true }]);
    expect(esc.message).toBe('cancelled: nothing was rolled back; nothing was changed');
    const right = press(asked.state, ...[...'mantis_issoh'], ['', { return: true }]);
    expect(right.effects).toEqual([{ type: 'write', request: { kind: 'rollback', mode: 'apply' } }]);
  });

  it('x discards data: the confirmation warns that rows will not be exported, and the name is still needed', () => {
    const { state, message } = press(rollbackState(), 'x');
    expect(state.rollback.discardData).toBe(true);
    expect(message).toContain('rows will NOT be exported');
    const confirm = rollbackConfirmation(state.rollback);
    expect(confirm).toMatchObject({ kind: 'name', expected: 'mantis_issoh' });
    expect(confirm?.kind === 'name' && confirm.warning).toBe(
      'DISCARD DATA: the 15 rows of 2 tables will NOT be exported; once this commits they are gone for good.',
    );
    expect(press(state, 'x').state.rollback.discardData).toBe(false);
  });

  it('refuses while a CASCADE dependent outside 0024 is not allowed; c allows the selected one', () => {
    const other = {
      dependent: 'constraint fk_team ON public.team',
      relation: 'public.team',
      relationKind: 'table',
      blocker: false,
      fix: null,
    } as const;
    const ready = rollbackState(rollbackResult({ dependents: [VIEW_DEPENDENT, other] }));
    expect(keyContext(ready, LAYOUT)).toBe('rollback-cascade');
    const refused = press(ready, 'a');
    expect(refused.state.rollback.pending).toBeNull();
    expect(refused.message).toBe(
      'refused: CASCADE would also drop public.team_sync_view, public.team, which 0024 did not create: allow each with c (or drop it yourself first); nothing was changed',
    );
    let { state, message } = press(ready, 'c');
    expect(message).toBe('allowed: CASCADE may drop public.team_sync_view');
    expect(notAllowed(state.rollback).map((d) => d.relation)).toEqual(['public.team']);
    expect(press(state, 'a').state.rollback.pending).toBeNull();
    ({ state } = press(state, 'j', 'c'));
    expect(notAllowed(state.rollback)).toEqual([]);
    expect(allowCascadeFor(state.rollback)).toEqual(['public.team_sync_view', 'public.team']);
    expect(keyContext(press(state, 'a').state, LAYOUT)).toBe('confirm-name');
    ({ state } = press(state, 'c'));
    expect(allowCascadeFor(state.rollback)).toEqual(['public.team_sync_view']);
  });

  it('a needs a dry run first, and says when there is nothing to roll back', () => {
    const none = apply(rollbackState(), { type: 'nav/go', screen: 'overview' });
    const fresh = {
      ...none,
      rollback: initialRollback(configFor()),
      navigation: { ...none.navigation, screen: 'rollback' as const },
    };
    expect(press(fresh, 'a').message).toBe('no dry run yet: press d, read what it would drop, then a');
    const gone = rollbackResult();
    const empty = rollbackState({ ...gone, items: gone.items.map((i) => ({ ...i, present: false })) });
    expect(press(empty, 'a').message).toBe('nothing to roll back: no object of 0024 is present on IS-SOH');
  });

  it('s switches to SPP (0024 applied there by mistake) and runs its dry run; back again', () => {
    const { state, effects } = press(rollbackState(), 's');
    expect(state.rollback.database).toBe('spp');
    expect(state.rollback.last).toBeNull();
    expect(effects).toEqual([{ type: 'write', request: { kind: 'rollback', mode: 'dry-run' } }]);
    const r = rollbackReducer(state.rollback, { type: 'rollback/database' });
    expect(r.database).toBe('issoh');
  });

  it('a finished rollback is kept in view after later dry runs', () => {
    let s = rollbackState().rollback;
    const committed = rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply');
    s = rollbackReducer(s, { type: 'rollback/finished', run: committed });
    s = rollbackReducer(s, { type: 'rollback/finished', run: rollbackRun(rollbackResult()) });
    expect(s.applied).toBe(committed);
    expect(s.last?.mode).toBe('dry-run');
  });

  it('is refused through a pooled URL', () => {
    const config = configFor('postgresql://u:p@ep-x-pooler.eu.aws.neon.tech/db');
    const state = initialRollback(config);
    expect(state.refusals.issoh).toContain('Neon pooled endpoint');
  });
});

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
