/** The environment-against-environment diff over snapshots captured from a real server. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/snapshot.js';
import { COMPARED, diffSnapshots, NOT_COMPARED } from '../../src/core/snapshot-diff.js';
import { snapshotFixture, templates } from '../helpers/fixtures.js';

const diff = (a: Snapshot, b: Snapshot) =>
  diffSnapshots({
    database: 'issoh',
    a: { name: 'staging', snapshot: a },
    b: { name: 'production', snapshot: b },
    templates,
  });

describe('diffSnapshots', () => {
  it('says nothing of a snapshot compared with itself', () => {
    const migrated = snapshotFixture('issoh-migrated');
    expect(diff(migrated, migrated)).toEqual([]);
  });

  it('covers every collection of a snapshot: each is compared, or left out with its reason', () => {
    const keys = new Set(Object.keys(snapshotFixture('issoh-migrated')));
    const covered = new Set([...Object.keys(COMPARED), ...Object.keys(NOT_COMPARED)]);
    expect([...keys].filter((key) => !covered.has(key))).toEqual([]);
  });

  it('compares every attribute, those no kind names included, and leaves statistics out', () => {
    const migrated = snapshotFixture('issoh-migrated');
    const changed: Snapshot = {
      ...migrated,
      relations: migrated.relations.map((r) =>
        r.name === 'sync_progress' ? { ...r, rlsForced: !r.rlsForced, estimatedRows: 12345, sizeBytes: 1 } : r,
      ),
      // An attribute the catalog query might learn to read one day: compared without a word in the diff.
      columns: migrated.columns.map((c) =>
        c.relation === 'public.sync_progress' && c.name === 'org_id' ? { ...c, collation: 'C' } : c,
      ),
    };
    const findings = diff(migrated, changed);
    expect(findings.map((f) => f.title).sort()).toEqual([
      'column public.sync_progress.org_id: collation differs between staging and production',
      'table public.sync_progress: rlsForced differs between staging and production',
    ]);
    expect(findings).toHaveLength(2);
    const rls = findings.find((f) => f.title.includes('rlsForced'))!;
    expect(rls).toMatchObject({ code: 'DIF002', status: 'fail', group: 'tables', object: 'public.sync_progress' });
    expect(rls.evidence).toMatch(
      /^-- run on staging and on production, and compare\nSELECT .*\nWHERE c\.relname = 'sync_progress'/s,
    );
    expect(findings.find((f) => f.title.includes('collation'))).toMatchObject({
      expected: 'staging: none',
      actual: 'production: C',
    });
  });

  it('the spec against the drifted 0024: objects in one only, and attribute by attribute, each in its own group', () => {
    const findings = diff(snapshotFixture('issoh-migrated'), snapshotFixture('issoh-drifted'));
    const ids = new Set(findings.map((f) => f.id));
    expect(ids.size).toBe(findings.length);
    expect(
      findings.find((f) => f.title === 'index public.idx_sync_progress_entity is in staging only, not in production'),
    ).toMatchObject({ code: 'DIF001', group: 'indexes' });
    expect(
      findings.find(
        (f) => f.title === 'index public.idx_sync_progress_active: predicate differs between staging and production',
      ),
    ).toMatchObject({
      code: 'DIF002',
      group: 'indexes',
      actual: 'production: none',
    });
    expect(new Set(findings.map((f) => f.group))).toEqual(
      new Set(['tables', 'partitions', 'constraints', 'indexes', 'rls', 'functions', 'enums', 'grants']),
    );
  });

  it('foreign servers pointing at each environment’s own databases differ as a warning', () => {
    const migrated = snapshotFixture('issoh-migrated');
    const server = {
      name: 'spp_server',
      wrapper: 'postgres_fdw',
      host: 'staging-host',
      port: '5432',
      dbname: 'spp',
      userMappings: ['app'],
    };
    const findings = diff(
      { ...migrated, foreignServers: [server] },
      { ...migrated, foreignServers: [{ ...server, host: 'production-host' }] },
    );
    expect(findings.map((f) => [f.title, f.status])).toEqual([
      ['foreign server spp_server: host differs between staging and production', 'warn'],
    ]);
  });
});
