import { describe, expect, it } from 'vitest';
import { GROUPS } from '../../src/core/finding.js';
import { createdObjects, tablesInDependencyOrder } from '../../src/core/manifest.js';
import { SNAPSHOT_SCOPE } from '../../src/core/scope.js';
import { byCode, check, failing, manifest, snapshotFixture } from '../helpers/fixtures.js';

describe('checks on a database with the prerequisites and 0024 applied', () => {
  const findings = check(snapshotFixture('issoh-migrated'), snapshotFixture('spp-seed000'));

  it('has no failing or blocked finding', () => {
    expect(failing(findings).map((f) => f.title)).toEqual([]);
    expect(findings.filter((f) => f.status === 'blocked')).toEqual([]);
  });

  it('counts every spec object exactly', () => {
    const passing = (code: string) => byCode(findings, code).filter((f) => f.status === 'pass').length;
    expect(passing('IDX001')).toBe(15);
    expect(passing('RLS002')).toBe(12);
    expect(passing('RLS001')).toBe(3);
    expect(passing('ENM002')).toBe(4);
    expect(passing('TBL002')).toBe(41);
    expect(passing('FUN001')).toBe(5);
    expect(passing('TRG001')).toBe(4);
    expect(passing('PRT003')).toBe(5);
    expect(passing('GRT001')).toBe(3);
    expect(passing('GRT002')).toBe(5);
  });

  it('gives every finding evidence SQL, and a stable unique id', () => {
    expect(findings.every((f) => f.evidence.trim().length > 0)).toBe(true);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  });

  it('warns about what the spec itself gets wrong', () => {
    const warned = findings.filter((f) => f.status === 'warn').map((f) => `${f.code} ${f.object}`);
    expect(warned).toEqual(
      expect.arrayContaining([
        'LNT001 public.sync_progress',
        'LNT002 public.idx_sync_progress_org_sync',
        'LNT003 public.sync_preview_cache.computed_by',
        'LNT003 public.sync_progress.initiated_by',
        'LNT004 public.update_sync_progress_elapsed()',
        'LNT005 public.sync_preview_cache.preview_cache_not_expired',
        'LNT006 public.sync_activity_log',
      ]),
    );
  });

  it('sees the catch-all as the only partition for the months ahead (captured after 2026-03)', () => {
    const coverage = byCode(findings, 'PRT004');
    expect(coverage).toHaveLength(4);
    expect(coverage.every((f) => f.status === 'warn' && f.title.includes('sync_activity_log_future'))).toBe(true);
  });
});

describe("checks on seed 000's blocked state", () => {
  const findings = check(snapshotFixture('issoh-seed000'), snapshotFixture('spp-seed000'));

  it('fails organization, schema auth, auth.users_extended and auth.uid()', () => {
    expect(
      failing(findings)
        .map((f) => f.code)
        .sort(),
    ).toEqual(['PRQ001', 'PRQ003', 'PRQ004', 'PRQ006']);
  });

  it('blocks every 0024 check instead of cascading failures', () => {
    const migrationGroups = GROUPS.filter((g) => !['topology', 'prerequisites', 'lints'].includes(g));
    const migration = findings.filter((f) => (migrationGroups as readonly string[]).includes(f.group));
    expect(migration.length).toBeGreaterThan(70);
    expect(migration.every((f) => f.status === 'blocked')).toBe(true);
    expect(migration.every((f) => f.blockedBy.includes('PRQ001'))).toBe(true);
  });

  it('recognises the IS-SOH topology: core, serve, and public compatibility views', () => {
    const topology = findings.filter((f) => f.group === 'topology' && f.database === 'issoh');
    expect(topology.filter((f) => f.code === 'TOP001').map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(byCode(topology, 'TOP002').map((f) => [f.object, f.status])).toEqual([
      ['public.inventory_items', 'pass'],
      ['public.suppliers', 'pass'],
    ]);
  });

  it('gives each prerequisite the SQL that creates it', () => {
    const organization = findings.find((f) => f.code === 'PRQ001')!;
    expect(organization.fix).toContain('CREATE TABLE IF NOT EXISTS public.organization');
    expect(organization.evidence).toContain("c.relname = 'organization'");
  });
});

describe('checks on a drifted 0024 found in the wild', () => {
  const findings = check(snapshotFixture('issoh-drifted'));
  const fail = (code: string) =>
    byCode(findings, code)
      .filter((f) => f.status === 'fail')
      .map((f) => f.object);

  it('diagnoses enums, tables and columns object by object', () => {
    expect(findings.find((f) => f.code === 'ENM002' && f.status === 'fail')?.title).toContain('extra retrying');
    expect(fail('TBL002')).toEqual(
      expect.arrayContaining([
        'public.sync_preview_cache.delta_json',
        'public.sync_progress.current_item',
        'public.sync_progress.eta_seconds',
      ]),
    );
    expect(findings.find((f) => f.object === 'public.sync_preview_cache.delta_json')?.title).toContain(
      'delta_data found where delta_json is expected',
    );
    expect(fail('TBL004')).toEqual(
      expect.arrayContaining(['public.sync_progress.processed_count', 'public.sync_activity_log.status']),
    );
    expect(fail('TBL007')).toEqual(['public.sync_activity_log']);
  });

  it('names the unpartitioned activity log and blocks its partitions on it', () => {
    expect(fail('PRT001')).toEqual(['public.sync_activity_log']);
    const partitions = byCode(findings, 'PRT002');
    expect(partitions).toHaveLength(5);
    expect(partitions.every((f) => f.status === 'blocked' && f.blockedBy.join() === 'PRT001')).toBe(true);
  });

  it('names the 3 FOR ALL policies as extra and the 12 spec policies as missing', () => {
    expect(fail('RLS003').sort()).toEqual([
      'public.sync_activity_log.sync_activity_log_org_isolation',
      'public.sync_preview_cache.sync_preview_cache_org_isolation',
      'public.sync_progress.sync_progress_org_isolation',
    ]);
    expect(fail('RLS002')).toHaveLength(12);
  });

  it('tells a divergent index from a renamed one', () => {
    expect(fail('IDX002')).toEqual(['public.idx_sync_progress_active']);
    const renamed = findings.find((f) => f.code === 'IDX003')!;
    expect(renamed.object).toBe('public.idx_sync_progress_updated');
    expect(renamed.title).toContain('sync_progress_org_updated_idx');
    expect(renamed.fix).toBe(
      'ALTER INDEX "public"."sync_progress_org_updated_idx" RENAME TO "idx_sync_progress_updated";',
    );
  });

  it('names constraint, function, trigger and grant gaps', () => {
    expect(fail('CON005')).toContain('public.sync_progress.sync_progress_org_id_fkey');
    expect(fail('CON002')).toContain('public.sync_progress.sync_progress_org_id_sync_id_key');
    expect(fail('FUN001')).toHaveLength(4);
    expect(fail('TRG001')).toHaveLength(3);
    expect(fail('GRT001')).toHaveLength(3);
  });
});

describe('topology across the two databases', () => {
  it('reports 0024 applied to SPP while IS-SOH lacks it as misplaced', () => {
    const findings = check(snapshotFixture('issoh-seed000'), snapshotFixture('issoh-migrated'));
    const misplaced = byCode(findings, 'TOP005');
    expect(misplaced.filter((f) => f.status === 'fail').map((f) => f.object)).toEqual(
      expect.arrayContaining([
        'public.sync_progress',
        'public.sync_activity_log',
        'public.sync_preview_cache',
        'public.sync_type',
      ]),
    );
    expect(misplaced.every((f) => f.database === 'spp')).toBe(true);
  });

  it('checks only SPP when only SPP is given', () => {
    const findings = check(null, snapshotFixture('spp-seed000'));
    expect(findings.every((f) => f.database === 'spp' && f.group === 'topology')).toBe(true);
    expect(findings.find((f) => f.code === 'TOP003')?.status).toBe('pass');
  });
});

describe('the words of every finding', () => {
  const all = (['issoh-seed000', 'issoh-migrated', 'issoh-drifted'] as const).flatMap((name) =>
    check(snapshotFixture(name), snapshotFixture('spp-seed000')),
  );
  // A copy of one relation, one policy, one row: the noun agrees with its number.
  const relationOnly = {
    ...snapshotFixture('issoh-seed000'),
    schemaRelationCounts: { ...snapshotFixture('issoh-seed000').schemaRelationCounts, core: 1 },
  };

  it('a number next to a noun agrees with it, and no title repeats its object', () => {
    const texts = [...all, ...check(relationOnly)].flatMap((f) => [f.title, f.expected, f.actual]);
    expect(
      texts.filter((t) => /(^|[^\d.,])1 (relations|policies|labels|rows|findings|entries|steps)\b/.test(t)),
    ).toEqual([]);
    expect(
      all
        .filter(
          (f) =>
            f.title.endsWith(`: ${f.object}`) &&
            f.title
              .slice(0, -f.object.length - 2)
              .split(/\s+/)
              .includes(f.object),
        )
        .map((f) => f.title),
    ).toEqual([]);
    expect(check(relationOnly).find((f) => f.code === 'TOP001' && f.object === 'core')?.actual).toBe(
      'exists, 1 relation',
    );
  });

  it('PRQ010 on a database without role anon says "role anon missing", once', () => {
    const seed = snapshotFixture('issoh-seed000');
    const withoutAnon = { ...seed, roles: seed.roles.filter((r) => r.name !== 'anon') };
    expect(byCode(check(withoutAnon), 'PRQ010').map((f) => [f.status, f.title])).toEqual([
      ['warn', 'role anon missing'],
    ]);
  });
});

describe("0024's objects, read from its intended state", () => {
  it("are what the manifest recorded beyond the prerequisites, its tables in seed 001's order (the order they were created)", () => {
    expect(tablesInDependencyOrder(manifest)).toEqual([
      'public.sync_preview_cache',
      'public.sync_progress',
      'public.sync_activity_log',
    ]);
    expect(createdObjects(manifest).enums).toHaveLength(4);
    expect(createdObjects(manifest).functions).toHaveLength(5);
  });

  it('are read by the built-in catalog scope, which is known before the manifest is loaded', () => {
    const bare = (names: readonly string[]) => names.map((n) => n.slice(n.indexOf('.') + 1)).sort();
    const created = createdObjects(manifest);
    expect([...SNAPSHOT_SCOPE.migrationTableNames].sort()).toEqual(bare(created.relations));
    expect([...SNAPSHOT_SCOPE.typeNames].sort()).toEqual(bare(created.enums));
    expect(SNAPSHOT_SCOPE.functionNames).toEqual(expect.arrayContaining([...created.functions]));
  });

  it('a table comes after the tables it references, whatever the order it was created in', () => {
    const table = (name: string) => ({ ...manifest.expected.relations.find((r) => r.name === 'sync_progress')!, name });
    const fk = (relation: string, fkTarget: string) => ({
      ...manifest.expected.constraints.find((c) => c.kind === 'foreign key')!,
      relation,
      fkTarget,
    });
    const ordered = tablesInDependencyOrder({
      expected: {
        ...manifest.expected,
        relations: [table('child'), table('parent'), table('other')],
        constraints: [fk('public.child', 'public.parent')],
      },
      created: { relations: ['public.child', 'public.other', 'public.parent'], enums: [], functions: [] },
    });
    expect(ordered).toEqual(['public.other', 'public.parent', 'public.child']);
  });
});
