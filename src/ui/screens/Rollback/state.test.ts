/** The Rollback screen's reducer and keys as pure functions: no rendering, no database. */
import { describe, expect, it } from 'vitest';
import { configFor } from '../../../../test/helpers/ui/fixtures.js';
import { collectingPress, REMEDIATE_ROLLBACK_LAYOUT as LAYOUT } from '../../../../test/helpers/ui/key-harness.js';
import {
  apply,
  rollbackResult,
  rollbackRun,
  rollbackState,
  VIEW_DEPENDENT,
} from '../../../../test/helpers/ui/remediate-rollback-fixtures.js';
import { keyContext } from '../../keymap.js';
import { withSlice } from '../../screen.js';
import {
  allowCascadeFor,
  initialRollback,
  notAllowed,
  rollbackConfirmation,
  rollbackOf,
  rollbackReducer,
  rowTotals,
} from './state.js';

const press = collectingPress(LAYOUT);

describe('Rollback state and keys', () => {
  it('counts rows of the tables (partitions are in their table) and what would be dropped', () => {
    expect(rowTotals(rollbackResult())).toEqual({ rows: 15, tables: 2 });
    const state = rollbackState();
    expect(rollbackOf(state).last?.result.items.filter((i) => i.present).length).toBeGreaterThan(20);
  });

  it('d runs the dry run again; a asks for the database name, and only the exact name rolls back', () => {
    const ready = rollbackState();
    expect(press(ready, 'd').effects).toEqual([{ type: 'work', request: { kind: 'rollback', mode: 'dry-run' } }]);
    const asked = press(ready, 'a');
    expect(keyContext(asked.state, LAYOUT)).toBe('confirm-name');
    const pending = rollbackOf(asked.state).pending;
    expect(pending?.kind === 'name' && pending.question).toContain(
      'first export 15 rows to ./mantis-rollback-mantis_issoh-<time>/ and check them, then drop',
    );
    const wrong = press(asked.state, ...[...'mantis_spp'], ['', { return: true }]);
    expect(wrong.effects).toEqual([]);
    expect(wrong.message).toBe('refused: "mantis_spp" is not mantis_issoh; nothing was changed');
    const esc = press(asked.state, ['', { escape: true }]);
    expect(esc.message).toBe('cancelled: nothing was rolled back; nothing was changed');
    const right = press(asked.state, ...[...'mantis_issoh'], ['', { return: true }]);
    expect(right.effects).toEqual([{ type: 'work', request: { kind: 'rollback', mode: 'apply' } }]);
  });

  it('x discards data: the confirmation warns that rows will not be exported, and the name is still needed', () => {
    const { state, message } = press(rollbackState(), 'x');
    expect(rollbackOf(state).discardData).toBe(true);
    expect(message).toContain('rows will NOT be exported');
    const confirm = rollbackConfirmation(rollbackOf(state));
    expect(confirm).toMatchObject({ kind: 'name', expected: 'mantis_issoh' });
    expect(confirm?.kind === 'name' && confirm.warning).toBe(
      'DISCARD DATA: the 15 rows of 2 tables will NOT be exported; once this commits they are gone for good.',
    );
    expect(rollbackOf(press(state, 'x').state).discardData).toBe(false);
  });

  it('refuses while a CASCADE dependent outside 0024 is not allowed; c allows the selected one', () => {
    const other = {
      dependent: 'constraint fk_team ON public.team',
      relation: 'public.team',
      relationKind: 'table',
      blocker: false,
      fix: null,
      definition: null,
    } as const;
    const ready = rollbackState(rollbackResult({ dependents: [VIEW_DEPENDENT, other] }));
    expect(keyContext(ready, LAYOUT)).toBe('rollback-cascade');
    const refused = press(ready, 'a');
    expect(rollbackOf(refused.state).pending).toBeNull();
    expect(refused.message).toBe(
      'refused: CASCADE would also drop public.team_sync_view, public.team, which 0024 did not create: allow each with c (or drop it yourself first); nothing was changed',
    );
    let { state, message } = press(ready, 'c');
    expect(message).toBe('allowed: CASCADE may drop public.team_sync_view');
    expect(notAllowed(rollbackOf(state)).map((d) => d.relation)).toEqual(['public.team']);
    expect(rollbackOf(press(state, 'a').state).pending).toBeNull();
    ({ state } = press(state, 'j', 'c'));
    expect(notAllowed(rollbackOf(state))).toEqual([]);
    expect(allowCascadeFor(rollbackOf(state))).toEqual(['public.team_sync_view', 'public.team']);
    expect(keyContext(press(state, 'a').state, LAYOUT)).toBe('confirm-name');
    ({ state } = press(state, 'c'));
    expect(allowCascadeFor(rollbackOf(state))).toEqual(['public.team_sync_view']);
  });

  it('a column typed with a 0024 enum is a blocker: c cannot allow it, its fix is shown, and the verdict says to change it', () => {
    const column = {
      dependent: 'column public.team_sync.kind',
      relation: 'public.team_sync',
      relationKind: 'table',
      blocker: true,
      fix: 'ALTER TABLE "public"."team_sync" ALTER COLUMN "kind" TYPE text USING "kind"::text;',
      definition: null,
      values: 3,
    } as const;
    const ready = rollbackState(rollbackResult({ outcome: 'refused', dependents: [column] }));
    const { state, message } = press(ready, 'c');
    expect(message).toBe(
      'column public.team_sync.kind is typed with a 0024 enum: it cannot be allowed; change it first (ALTER TABLE "public"."team_sync" ALTER COLUMN "kind" TYPE text USING "kind"::text;), then d again',
    );
    expect(notAllowed(rollbackOf(state))).toHaveLength(1);
    expect(allowCascadeFor(rollbackOf(state))).toEqual([]);
  });

  it('a needs a dry run first, and says when there is nothing to roll back', () => {
    const none = apply(rollbackState(), { type: 'nav/go', screen: 'overview' });
    const fresh = {
      ...withSlice(none, 'rollback', initialRollback(configFor())),
      navigation: { ...none.navigation, screen: 'rollback' },
    };
    expect(press(fresh, 'a').message).toBe('no dry run yet: press d, read what it would drop, then a');
    const gone = rollbackResult();
    const empty = rollbackState({ ...gone, items: gone.items.map((i) => ({ ...i, present: false })) });
    expect(press(empty, 'a').message).toBe('nothing to roll back: no object of 0024 is present on IS-SOH');
  });

  it('s switches to SPP (0024 applied there by mistake) and runs its dry run; back again', () => {
    const { state, effects } = press(rollbackState(), 's');
    expect(rollbackOf(state).database).toBe('spp');
    expect(rollbackOf(state).last).toBeNull();
    expect(effects).toEqual([{ type: 'work', request: { kind: 'rollback', mode: 'dry-run' } }]);
    const r = rollbackReducer(rollbackOf(state), { type: 'rollback/database' });
    expect(r.database).toBe('issoh');
  });

  it('s to SPP and back keeps the CASCADE allowance given with c on IS-SOH (and SPP keeps its own)', () => {
    const ready = rollbackState(rollbackResult({ dependents: [VIEW_DEPENDENT] }));
    const { state: allowed } = press(ready, 'c');
    expect(allowCascadeFor(rollbackOf(allowed))).toEqual(['public.team_sync_view']);
    const { state: onSpp } = press(allowed, 's');
    expect(rollbackOf(onSpp).allowed).toEqual([]);
    const { state: back } = press(onSpp, 's');
    expect(rollbackOf(back).database).toBe('issoh');
    // The dry run that s starts finds the same view: it is still allowed, the rollback is not refused.
    const again = rollbackReducer(rollbackOf(back), {
      type: 'rollback/finished',
      run: rollbackRun(rollbackResult({ dependents: [VIEW_DEPENDENT] })),
    });
    expect(allowCascadeFor(again)).toEqual(['public.team_sync_view']);
    expect(notAllowed(again)).toEqual([]);
  });

  it('a finished rollback is kept in view after later dry runs', () => {
    let s = rollbackOf(rollbackState());
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
