import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DbError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/db/connect.js';
import { buildManifest, sourceDigests } from '../../src/db/manifest.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { manifest } from '../helpers/fixtures.js';
import { verifyUrls } from '../helpers/verify.js';

describe('verify on real databases', () => {
  it('finds zero failures where sql/prereq and sql/migrations were applied, in one query per database', async () => {
    const report = await verifyUrls(await freshDatabase('issohMigrated', 'v'), await freshDatabase('sppSeed000', 'v'));
    expect(report.findings.filter((f) => f.status === 'fail' || f.status === 'blocked')).toEqual([]);
    expect(report.databases.issoh).toMatchObject({ status: 'ok', queries: 1, readOnly: true });
    expect(report.databases.spp).toMatchObject({ status: 'ok', queries: 1, readOnly: true });
    expect(report.summary.pass).toBeGreaterThan(130);
  });

  it("fails seed 000's prerequisites and blocks 0024", async () => {
    const report = await verifyUrls(await freshDatabase('issohSeed000', 'v'), await freshDatabase('sppSeed000', 'v'));
    const failed = report.findings.filter((f) => f.status === 'fail').map((f) => f.code);
    expect(failed.sort()).toEqual(['PRQ001', 'PRQ003', 'PRQ004', 'PRQ006']);
    expect(report.summary.blocked).toBeGreaterThan(70);
  });

  it('gives evidence SQL that runs as is, for every finding in every state', async () => {
    for (const template of ['issohMigrated', 'issohSeed000', 'drifted'] as const) {
      const url = await freshDatabase(template, 'ev');
      const report = await verifyUrls(url);
      await withClient(url, async (client) => {
        for (const finding of report.findings) {
          await expect(client.query(finding.evidence), `${finding.id}: ${finding.evidence}`).resolves.toBeDefined();
        }
      });
    }
  });

  it('counts rows sitting in the catch-all partition, by month', async () => {
    const url = await freshDatabase('migrated', 'v');
    await withClient(url, (client) =>
      client.query(`
        INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
        INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
        SELECT gen_random_uuid(), (SELECT id FROM organization), 'sync_start', 'completed', ts
        FROM (VALUES ('2026-04-10 12:00+00'::timestamptz), ('2026-04-11 12:00+00'), ('2026-11-02 08:00+00'), ('2025-11-15 00:00+00')) v(ts);
      `),
    );
    const finding = (await verifyUrls(url)).findings.find((f) => f.code === 'PRT005')!;
    expect(finding.status).toBe('warn');
    expect(finding.actual).toBe('3 rows (2026-04: 2, 2026-11: 1)');
  });

  it('opens read-only sessions', async () => {
    const url = await freshDatabase('migrated', 'v');
    const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
      readOnly: true,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 5000,
    });
    try {
      const error = await db.query('CREATE TABLE should_not_exist (id int)').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbError);
      expect((error as DbError).kind).toBe('read-only');
      const name = await db.query<{ application_name: string }>('SHOW application_name');
      expect(name.rows[0]?.application_name).toBe('mantis-sync-tui');
    } finally {
      await db.close();
    }
  });
});

describe('the manifest', () => {
  it('is what sql/prereq and sql/migrations produce on a fresh server', async () => {
    const rebuilt = await buildManifest(await freshDatabase('empty', 'manifest'));
    expect(rebuilt.sources).toEqual(manifest.sources);
    expect(rebuilt.expected).toEqual(manifest.expected);
    expect(rebuilt.created).toEqual(manifest.created);
  });

  it('was built from the sql/ files as they are now (run `npm run manifest` after changing them)', () => {
    expect(sourceDigests()).toEqual(manifest.sources);
  });
});
