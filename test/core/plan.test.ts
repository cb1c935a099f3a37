import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/plan.js';
import { loadTemplates } from '../../src/sql.js';
import { check, manifest, snapshotFixture } from '../helpers/fixtures.js';

const sql = loadTemplates(['prereq', 'migrations', 'fix', 'rebuild', 'plan']);
const planOf = (fixture: Parameters<typeof snapshotFixture>[0]) =>
  buildPlan({ findings: check(snapshotFixture(fixture)), expected: manifest.expected, sql });

describe('the plan', () => {
  it("follows seed 001's order from seed 000's blocked state", () => {
    expect(planOf('issoh-seed000').map((s) => s.id)).toEqual([
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
  });

  it('says why each step is needed and what must pass after it', () => {
    const steps = planOf('issoh-seed000');
    const organization = steps.find((s) => s.id === 'prereq-organization')!;
    expect(organization.why).toEqual(['issoh:PRQ001:public.organization']);
    expect(organization.mustPass).toEqual(['issoh:PRQ001:public.organization']);
    expect(organization.danger).toBe('safe');
    expect(organization.sql).toContain('CREATE TABLE IF NOT EXISTS public.organization');
    const migration = steps.find((s) => s.id === 'migration-0024')!;
    expect(migration.mustPass.length).toBeGreaterThan(70);
    expect(steps.find((s) => s.id === 'test-data')?.optional).toBe(true);
  });

  it('has nothing to run on a verified database', () => {
    expect(planOf('issoh-migrated').filter((s) => s.kind === 'sql' || s.kind === 'rebuild')).toEqual([
      expect.objectContaining({ id: 'test-data', optional: true }),
    ]);
  });

  it('repairs a drifted 0024 in place and puts the unpartitioned log behind one severe rebuild', () => {
    const steps = planOf('issoh-drifted');
    const rebuilds = steps.filter((s) => s.kind === 'rebuild');
    expect(rebuilds.map((s) => [s.id, s.danger, s.exportTables])).toEqual([
      ['rebuild-sync_activity_log', 'severe', ['public.sync_activity_log']],
    ]);
    expect(rebuilds[0]!.sql).toContain('DROP TABLE "public"."sync_activity_log";');
    expect(rebuilds[0]!.sql).toContain('jsonb_populate_record');
    // No other step drops a table, and none touches the table being rebuilt.
    const others = steps.filter((s) => s.kind === 'sql');
    expect(others.some((s) => /DROP TABLE/i.test(s.sql))).toBe(false);
    expect(others.filter((s) => s.id.startsWith('repair') && s.sql.includes('sync_activity_log'))).toEqual([]);
    expect(steps.findIndex((s) => s.id === 'rebuild-sync_activity_log')).toBeLessThan(
      steps.findIndex((s) => s.id === 'migration-0024'),
    );
    expect(steps.find((s) => s.id === 'manual')?.explanation).toContain('ENM002 public.sync_status_type');
  });
});
