/** The Remediate screen's reducer and the app's write settings as pure functions: no rendering, no database. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFor } from '../../../../test/helpers/ui/fixtures.js';
import { planView, remediateState, stepIds } from '../../../../test/helpers/ui/remediate-rollback-fixtures.js';
import { fileStamp as stampOf } from '../../../core/io.js';
import { unusedDirectory } from '../../export.js';
import { appSettings, writeRefusal } from '../../writeSettings.js';
import { confirmationFor, initialRemediate, isLastStep, remediateOf, remediateReducer, selectedStep } from './state.js';

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
    expect(selectedStep(remediateOf(state))?.id).toBe('prereq-organization');
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

  it('once the last prerequisite is applied the cursor goes to the next step that acts, past the information step', () => {
    let s = remediateReducer(initialRemediate(configFor()), { type: 'remediate/plan-start', run: 1 });
    s = remediateReducer(s, { type: 'remediate/planned', run: 1, plan: seed });
    s = remediateReducer(s, { type: 'remediate/move', by: 3, viewport: 9 });
    expect(s.selected).toBe('prereq-auth-uid');
    const applied = { ...seed, steps: seed.steps.filter((st) => !st.id.startsWith('prereq-')) };
    s = remediateReducer(s, { type: 'remediate/plan-start', run: 2 });
    s = remediateReducer(s, { type: 'remediate/planned', run: 2, plan: applied });
    expect(s.selected).toBe('migration-0024');
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
    let s = remediateReducer(remediateOf(state), {
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
      'is a Neon pooled endpoint (-pooler): write through the direct host (drop "-pooler" from --issoh-url)',
    );
    expect(refusal).toMatch(/\); the app never writes through a pooler \(headless: apply --allow-pooled\)$/);
    expect(refusal).not.toContain(', or pass --allow-pooled');
    expect(writeRefusal(configFor().issoh!)).toBeNull();
    // Pooled twice over (a -pooler host and pgbouncer=true): the hint names both, or the URL stays pooled.
    const both = writeRefusal(configFor('postgresql://u:p@ep-x-pooler.eu.aws.neon.tech/db?pgbouncer=true').issoh!);
    expect(both).toContain(
      '(-pooler, pgbouncer=true): write through the direct host (drop "-pooler" and pgbouncer=true from --issoh-url)',
    );
    const parameter = writeRefusal(configFor('postgresql://u:p@db.example.com/db?pgbouncer=true').issoh!);
    expect(parameter).toContain('is a pooled endpoint (pgbouncer=true): write through the direct URL');
    expect(parameter).not.toContain('-pooler"');
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
