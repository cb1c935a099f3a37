/**
 * The Remediate screen rendered with ink-testing-library, with its real keys (keymap → reducers)
 * and its confirmations; unstyled text asserted. The effects a key asks for are collected instead
 * of run: the tests against real databases are in test/app/Remediate.app.test.tsx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../../test/helpers/databases.js';
import { KEY } from '../../../../test/helpers/keys.js';
import {
  apply,
  pooledRemediateState,
  remediateState,
} from '../../../../test/helpers/ui/remediate-rollback-fixtures.js';
import { flat } from '../../../../test/helpers/ui/render.js';
import { harness } from '../../../../test/helpers/ui/writes-harness.js';
import type { RlsTestResult } from '../../../core/isolation.js';
import { withSlice } from '../../screen.js';
import { remediateOf } from './state.js';

const STEP_RESULT = {
  stepId: 'prereq-organization',
  mode: 'apply',
  outcome: 'committed',
  durationMs: 47,
  fixed: ['issoh:PRQ001:public.organization'],
  stillFailing: [],
  findingsAfter: null,
  exported: null,
  error: null,
} as const;

describe('Remediate', () => {
  it('lists the plan (number, id, danger, title; optional and information marked) and the selected step with its SQL', () => {
    const { frame, lines } = harness(remediateState());
    const text = frame();
    expect(lines()).toHaveLength(22);
    expect(lines()[0]).toMatch(/^Plan for IS-SOH mantis_issoh {2}· 9 steps {2}· ✗ 4 failing {2}⊘ 75 blocked {2}· …$/);
    expect(text).toMatch(/^› {4}1\. prereq-organization +safe +Create public\.organization \(seed 000/m);
    expect(text).toMatch(/^ {5}2\. prereq-auth-schema +safe +Create schema auth/m);
    expect(text).toContain('── prereq-organization · safe · sql ');
    expect(text).toContain('Why');
    expect(text).toContain('  PRQ001 organization: organization table missing (fail)');
    expect(text).toMatch(/SQL {2}\d+ lines, one transaction · d dry-runs it · a applies it/);
    expect(text).toContain('  CREATE TABLE IF NOT EXISTS public.organization');
    expect(lines().at(-1)).toBe('a apply  d dry run  t test RLS  ↑↓/jk step  Enter open  ? help  q quit');
  });

  it('marks optional and information steps, and scrolls the list to the selection', async () => {
    const ui = harness(remediateState());
    await ui.type('G');
    const text = await ui.waitFor(/^› +9\. reverify/m);
    // Its title says it is optional: not labelled twice.
    expect(text).toMatch(/7\. test-data +safe +Optional: a test organization/m);
    expect(text).not.toContain('[optional] Optional');
    expect(text).toMatch(/5\. info-0023 +safe +\[info\] Migration 0023: nothing to do/);
    expect(text).toContain('a or Enter re-verifies');
    expect(text).not.toMatch(/1\. prereq-organization/);
  });

  it('PgDn scrolls the pane; Enter gives it the whole screen, Esc gives the list back', async () => {
    const ui = harness(remediateState());
    await ui.type('j', 'j', 'j', 'j', 'j');
    await ui.waitFor('── migration-0024 · safe · sql');
    const first = ui.frame();
    expect(first).toMatch(/lines 1-\d+ of \d+/);
    await ui.type(KEY.pageDown);
    const scrolled = await ui.waitFor((f) => f !== first && /lines (?!1-)\d+-\d+ of/.test(f));
    expect(scrolled).toContain('── migration-0024');
    await ui.type(KEY.enter);
    const zoomed = await ui.waitFor((f) => !f.includes('1. prereq-organization') && !f.includes('6. migration-0024'));
    expect(zoomed).toContain('↑↓/jk scroll  a apply  d dry run  Esc back');
    await ui.type(KEY.escape);
    await ui.waitFor(/^› +6\. migration-0024/m);
  });

  it('a asks y/N; n says it was not applied; y asks for the apply', async () => {
    const ui = harness(remediateState());
    await ui.type('a');
    const asked = await ui.waitFor('[y/N]');
    expect(flat(asked)).toContain(
      'Apply prereq-organization (safe) on IS-SOH ep-cool-123.eu-central-1.aws.neon.tech/mantis_issoh: Create public.organization (seed 000 step 1)? [y/N]',
    );
    expect(ui.lines().at(-1)).toBe('y yes  n/Esc/any key no  Ctrl-C quit');
    await ui.type('n');
    await ui.waitFor('not confirmed: prereq-organization was not applied; nothing was changed');
    expect(ui.effects).toEqual([]);
    await ui.type('a', 'y');
    await ui.waitFor((f) => !f.includes('[y/N]'));
    expect(ui.effects).toEqual([
      { type: 'work', request: { kind: 'step', stepId: 'prereq-organization', action: 'apply' } },
    ]);
  });

  it('a severe step: the typed name is shown; a wrong name refuses, Esc cancels, the exact name applies', async () => {
    const drifted = remediateState('issoh-drifted');
    const severe = remediateOf(drifted).plan!.steps.findIndex((s) => s.danger === 'severe');
    const ui = harness(apply(drifted, { type: 'remediate/move', by: severe, viewport: 5 }));
    const id = remediateOf(drifted).plan!.steps[severe]!.id;
    await ui.waitFor(new RegExp(`── ${id} · severe · rebuild`));
    await ui.type('a');
    await ui.waitFor('Type mantis_issoh: ▏');
    expect(flat(ui.frame())).toContain(`${id} is severe`);
    expect(ui.lines().at(-1)).toBe('type the database name  Enter confirm  Esc cancel  Backspace erase  Ctrl-C quit');
    await ui.type('prod', KEY.backspace, 'q');
    await ui.waitFor('Type mantis_issoh: proq▏');
    await ui.type(KEY.enter);
    await ui.waitFor('refused: "proq" is not mantis_issoh; nothing was changed');
    await ui.type('a', 'mantis', KEY.escape);
    await ui.waitFor(`cancelled: ${id} was not applied; nothing was changed`);
    expect(ui.effects).toEqual([]);
    await ui.type('a', 'mantis_issoh');
    await ui.waitFor('Type mantis_issoh: mantis_issoh▏');
    await ui.type(KEY.enter);
    await ui.waitFor((f) => !f.includes('Type mantis_issoh'));
    expect(ui.effects).toEqual([{ type: 'work', request: { kind: 'step', stepId: id, action: 'apply' } }]);
  });

  it('shows a spinner and the elapsed time while a step runs, then what it fixed', async () => {
    const running = apply(remediateState(), {
      type: 'remediate/started',
      stepId: 'prereq-organization',
      action: 'apply',
      at: Date.now() - 1500,
    });
    const ui = harness(running);
    const line = await ui.waitFor(
      /applying prereq-organization… \d+\.\d s {2}· q cancels it \(rolled back\) and quits/,
    );
    expect(line).toMatch(/^\S applying prereq-organization… 1\.\d s/m);
    const done = harness(
      apply(running, {
        type: 'remediate/finished',
        outcome: {
          kind: 'step',
          stepId: 'prereq-organization',
          title: 'x',
          result: STEP_RESULT,
          fixed: [{ code: 'PRQ001', object: 'public.organization', title: 'organization table missing' }],
        },
      }),
    );
    const text = done.frame();
    expect(text).toContain('✓ committed in 47 ms: 1 finding fixed');
    expect(text).toContain('  ✓ PRQ001 organization: organization table missing');
    expect(text).toContain('last: ✓ prereq-organization committed in 47 ms: 1 finding fixed');
    expect(text).toMatch(/^› ✓ {2}1\. prereq-organization/m);
  });

  it('a dry run that would leave findings failing, and an error with SQLSTATE and hint', () => {
    const failing = remediateOf(remediateState()).plan!.findings.find((f) => f.code === 'PRQ003')!;
    const dry = harness(
      apply(remediateState(), {
        type: 'remediate/finished',
        outcome: {
          kind: 'step',
          stepId: 'prereq-organization',
          title: 'x',
          result: { ...STEP_RESULT, mode: 'dry-run', outcome: 'dry-run', stillFailing: [failing] },
          fixed: [],
        },
      }),
    );
    expect(flat(dry.frame())).toContain(
      '○ dry run in 47 ms, rolled back (nothing was changed): would fix 0, would leave 1 failing',
    );
    expect(dry.frame()).toContain('  ✗ PRQ003 auth: schema auth missing');
    // A dry run's own mark in the list, not a committed step's ✓ (nor a warning's !).
    expect(dry.frame()).toMatch(/^› ○ {2}1\. prereq-organization/m);
    const clean = harness(
      apply(remediateState(), {
        type: 'remediate/finished',
        outcome: {
          kind: 'step',
          stepId: 'prereq-organization',
          title: 'x',
          result: { ...STEP_RESULT, mode: 'dry-run', outcome: 'dry-run', stillFailing: [] },
          fixed: [{ code: 'PRQ001', object: 'public.organization', title: 'organization table missing' }],
        },
      }),
    );
    expect(flat(clean.frame())).toContain(
      '○ dry run in 47 ms, rolled back (nothing was changed): would fix 1; a applies it',
    );
    expect(clean.frame()).toMatch(/^› ○ {2}1\. prereq-organization/m);
    expect(clean.frame()).toContain('last: ○ prereq-organization dry run: would fix 1; rolled back, nothing changed');
    expect(clean.frame()).not.toMatch(/✓/);
    const ascii = harness(
      apply(remediateState(), {
        type: 'remediate/finished',
        outcome: {
          kind: 'step',
          stepId: 'prereq-organization',
          title: 'x',
          result: { ...STEP_RESULT, mode: 'dry-run', outcome: 'dry-run', stillFailing: [] },
          fixed: [],
        },
      }),
      { ascii: true },
    );
    expect(ascii.frame()).toMatch(/^> \[dry\] {3}1\. prereq-organization/m);
    const error = {
      message: 'IS-SOH: lock_timeout: public.sync_progress is locked by another session',
      sqlstate: '55P03',
      hint: 'retry when the other session has finished',
    };
    const failed = harness(
      apply(remediateState(), {
        type: 'remediate/finished',
        outcome: {
          kind: 'step',
          stepId: 'prereq-organization',
          title: 'x',
          result: { ...STEP_RESULT, outcome: 'failed', fixed: [], error },
          fixed: [],
        },
      }),
    );
    const text = failed.frame();
    expect(flat(text)).toContain(
      '✗ failed after 47 ms, nothing was changed: IS-SOH: lock_timeout: public.sync_progress is locked',
    );
    expect(text).toContain('  SQLSTATE 55P03');
    expect(text).toContain('  hint: retry when the other session has finished');
    expect(text).toContain('last: ✗ prereq-organization failed: IS-SOH: lock_timeout');
  });

  it('the RLS test: the matrix, then each wrong cell with its exact probe', () => {
    // `test-rls --json` on a real 0024 with GRANT SELECT ON sync_activity_log_future TO authenticated.
    const result = JSON.parse(
      readFileSync(join(ROOT, 'test', 'fixtures', 'rls', 'partition-granted.json'), 'utf8'),
    ) as RlsTestResult;
    const finished = apply(
      remediateState(),
      { type: 'remediate/move', by: 7, viewport: 5 },
      { type: 'remediate/finished', outcome: { kind: 'rls', stepId: 'rls-test', title: 'x', result } },
    );
    expect(harness(finished).frame()).toContain('── rls-test · safe · rls-test');
    // The pane on the whole screen (Enter): the matrix, uncut at 80 columns.
    const ui = harness(apply(finished, { type: 'remediate/zoom', on: true }), { rows: 60 });
    const text = ui.frame();
    expect(text).toMatch(/^ +A's rows {3}B's rows {3}no user$/m);
    expect(text).toMatch(/^sync_progress +✓ ✓ ✓ ✓ {4}✓ ✓ ✓ ✓ {4}✓ ✓ ✓ ✓$/m);
    expect(text).toMatch(/^ {2}sync_activity_log_future +✓ · · · {4}✗ ✓ ✓ ✓ {4}✗ ✓ ✓ ✓$/m);
    expect(flat(text)).toContain(
      "✗ sync_activity_log_future (a partition of sync_activity_log, read directly) · B's rows · SELECT: expected refused; user A reads B's rows: sees 1 of 1 row",
    );
    expect(flat(text)).toMatch(/SELECT count\(\*\)::int AS n FROM public\.sync_activity_log_future WHERE id = ANY/);
    expect(flat(text)).toContain('isolation BROKEN: 2 of 96 cells wrong');
    expect(text).toContain('last: ✗ rls-test isolation BROKEN: 2 cells wrong');
  });

  it('through a pooled URL it says writes are refused, and a is refused without asking', async () => {
    const ui = harness(pooledRemediateState());
    expect(flat(ui.frame())).toContain(
      '✗ refused: IS-SOH (ep-calm-456-pooler.eu-central-1.aws.neon.tech) is a Neon pooled endpoint (-pooler)',
    );
    // The RLS test is not a write that stays: it runs through the pooler, as test-rls does.
    expect(flat(ui.frame())).toContain(
      't runs the RLS test through it all the same: one transaction, rolled back, is what transaction pooling keeps',
    );
    await ui.type('a');
    // The message line keeps the fix whole (the host is in the notice above).
    await ui.waitFor(/^refused: IS-SOH is pooled: drop "-pooler" from --issoh-url to write directly$/m);
    expect(ui.frame()).not.toContain('[y/N]');
    expect(ui.effects).toEqual([]);
  });

  it('at 100 columns a refused a shows the refusal with its fix on the message line, uncut', async () => {
    const ui = harness(pooledRemediateState(), { columns: 100, rows: 30 });
    await ui.type('a');
    const frame = await ui.waitFor(/^refused: IS-SOH is pooled/m);
    const said = frame.split('\n').find((line) => line.startsWith('refused: IS-SOH is pooled'))!;
    expect(said).toBe('refused: IS-SOH is pooled: drop "-pooler" from --issoh-url to write directly');
    expect(said.length).toBeLessThanOrEqual(100);
  });

  it('says when the plan is being read or could not be read', () => {
    const planning = apply(remediateState(), { type: 'remediate/plan-start', run: 2 });
    const start = withSlice(planning, 'remediate', { ...remediateOf(planning), plan: null });
    expect(harness(start).frame()).toMatch(/\S reading IS-SOH and planning…/);
    const failed = apply(start, { type: 'remediate/plan-failed', run: 2, error: 'IS-SOH (h/db): connection refused' });
    expect(harness(failed).frame()).toContain('✗ could not plan: IS-SOH (h/db): connection refused');
  });

  it('fits 60x15 and ASCII terminals', () => {
    const small = harness(remediateState(), { columns: 60, rows: 15 });
    expect(small.lines()).toHaveLength(13);
    expect(small.lines().every((l) => l.length <= 60)).toBe(true);
    expect(small.frame()).toContain('1. prereq-organization');
    const ascii = harness(remediateState(), { ascii: true });
    expect(ascii.frame()).not.toMatch(/[^\x00-\x7f]/);
    expect(ascii.frame()).toMatch(/^> +1\. prereq-organization/m);
  });
});
