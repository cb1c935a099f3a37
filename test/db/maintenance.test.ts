/** Seed 004's maintenance and metrics on a real server. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tablesInDependencyOrder } from '../../src/core/manifest.js';
import { readHealth } from '../../src/db/health.js';
import { archivePartitions, cacheCounts, cleanupCache, maintainPartitions } from '../../src/db/maintenance.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { manifest } from '../helpers/fixtures.js';
import { openWritable, settings } from '../helpers/plan.js';
import { verifyUrls } from '../helpers/verify.js';

const tx = { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs, dryRun: false };
const ORG = `INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');`;
const logRowsAt = (timestamps: string[]) =>
  `INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
   SELECT gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'batch_process', 'completed', ts::timestamptz
   FROM unnest(ARRAY[${timestamps.map((t) => `'${t}'`).join(', ')}]) ts;`;

describe('maintain partitions', () => {
  it('creates the months ahead, moving the rows already in the catch-all into their months', async () => {
    const url = await freshDatabase('migrated', 'maint');
    const stamps = [
      '2026-03-02 00:00+00',
      '2026-03-31 23:59+00',
      '2026-07-15 12:00+00',
      '2026-11-20 08:00+00',
      '2027-02-28 23:00+00',
      '2027-09-01 00:00+00',
      '2025-11-11 00:00+00',
    ];
    await withClient(url, (c) => c.query(`${ORG} ${logRowsAt(stamps)}`));
    const before = await withClient(url, (c) =>
      c.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_activity_log'),
    );
    const now = new Date();
    const newCatchAllFrom = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 4, 1);
    expect((await verifyUrls(url)).findings.find((f) => f.code === 'PRT005')?.actual).toContain('6 rows');
    const db = openWritable(url);
    try {
      const result = await maintainPartitions(db, 3, tx);
      expect(result.outcome).toBe('committed');
      // Every month from the catch-all's start (2026-03) through 3 months after the current one.
      const months: string[] = [];
      for (
        let m = Date.UTC(2026, 2, 1);
        m < newCatchAllFrom;
        m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)
      ) {
        months.push(new Date(m).toISOString().slice(0, 7));
      }
      expect(result.value?.plan.create.map((m) => m.month)).toEqual(months);
      // Every row of the old catch-all is routed again (those past the window back into the new one).
      expect(result.value?.moved).toBe(stamps.filter((t) => new Date(t) >= new Date('2026-03-01T00:00:00Z')).length);
      const again = await maintainPartitions(db, 3, tx);
      expect(again.outcome).toBe('nothing-to-do');
    } finally {
      await db.close();
    }
    const placed = await withClient(url, (c) =>
      c.query<{ created_at: Date; partition: string }>(
        'SELECT created_at, tableoid::regclass::text AS partition FROM sync_activity_log ORDER BY created_at',
      ),
    );
    expect(placed.rows).toHaveLength(before.rows[0]!.n);
    for (const row of placed.rows) {
      const d = row.created_at;
      const month = `sync_activity_log_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
      expect(row.partition).toBe(d.getTime() >= newCatchAllFrom ? 'sync_activity_log_future' : month);
    }
    const report = await verifyUrls(url);
    expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(report.findings.filter((f) => f.code === 'PRT004').every((f) => f.status === 'pass')).toBe(true);
    expect(
      report.findings.find((f) => f.object === 'public.sync_activity_log_future' && f.code === 'PRT003')?.status,
    ).toBe('pass');
  });

  it('archives old partitions: exported first, detached, reported as archived by verify', async () => {
    const url = await freshDatabase('migrated', 'maint');
    await withClient(url, (c) =>
      c.query(
        `${ORG} ${logRowsAt(['2025-11-05 00:00+00', '2025-11-06 00:00+00', '2025-12-24 00:00+00', '2026-11-02 00:00+00'])}`,
      ),
    );
    const db = openWritable(url);
    const directory = scratchDirectory('mantis-archive-');
    try {
      const result = await archivePartitions(db, 6, directory, tx);
      expect(result.outcome).toBe('committed');
      expect(result.value?.archived.map((a) => [a.partition, a.rows])).toEqual([
        ['sync_activity_log_2025_11', 2],
        ['sync_activity_log_2025_12', 1],
        ['sync_activity_log_2026_01', 0],
        ['sync_activity_log_2026_02', 0],
      ]);
    } finally {
      await db.close();
    }
    expect(
      readFileSync(join(directory, 'public.sync_activity_log_2025_11.copy'), 'utf8').trim().split('\n'),
    ).toHaveLength(2);
    const report = await verifyUrls(url);
    const archived = report.findings.filter((f) => f.code === 'PRT002');
    expect(archived.map((f) => [f.object, f.status])).toEqual([
      ['public.sync_activity_log_2025_11', 'warn'],
      ['public.sync_activity_log_2025_12', 'warn'],
      ['public.sync_activity_log_2026_01', 'warn'],
      ['public.sync_activity_log_2026_02', 'warn'],
    ]);
    expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it('months ahead, then an archive: the narrowed catch-all still passes (archived months are history, not a gap)', async () => {
    const url = await freshDatabase('migrated', 'maint');
    const db = openWritable(url);
    try {
      expect((await maintainPartitions(db, 3, tx)).outcome).toBe('committed');
      expect((await archivePartitions(db, 6, scratchDirectory('mantis-archive-'), tx)).outcome).toBe('committed');
    } finally {
      await db.close();
    }
    const report = await verifyUrls(url);
    expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(
      report.findings.find((f) => f.object === 'public.sync_activity_log_future' && f.code === 'PRT003')?.status,
    ).toBe('pass');
  });
});

describe('the preview cache', () => {
  it('counts live and expired entries, and the cleanup deletes exactly the expired ones', async () => {
    const url = await freshDatabase('migrated', 'maint');
    // Expired rows cannot be inserted (CHECK expires_at > now()): insert them inside a transaction
    // whose now() lies in the past, expiring a moment after it started.
    await withClient(url, (c) =>
      c.query(`${ORG}
        INSERT INTO sync_preview_cache (org_id, sync_type, cache_key) SELECT '11111111-1111-4111-8111-111111111111', 'odoo', 'live-' || i FROM generate_series(1, 3) i;
        BEGIN; SELECT pg_sleep(0.4);
        INSERT INTO sync_preview_cache (org_id, sync_type, cache_key, expires_at)
        SELECT '11111111-1111-4111-8111-111111111111', 'odoo', 'old-' || i, clock_timestamp() - interval '100 milliseconds' FROM generate_series(1, 2) i;
        COMMIT;`),
    );
    const db = openWritable(url);
    try {
      expect(await cacheCounts(db)).toEqual({ live: 3, expired: 2 });
      const result = await cleanupCache(db, tx);
      expect(result.value).toEqual({ before: { live: 3, expired: 2 }, deleted: 2, functionError: null });
      expect(await cacheCounts(db)).toEqual({ live: 3, expired: 0 });
    } finally {
      await db.close();
    }
  });
});

describe('key metrics', () => {
  it('match hand-computed values on seeded data', async () => {
    const url = await freshDatabase('migrated', 'maint');
    await withClient(url, (c) =>
      c.query(`${ORG}
        -- two active syncs, lifetime speeds 60 and 120 items/min (the trigger computes them)
        INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at)
        VALUES ('11111111-1111-4111-8111-111111111111', 'a1', 'product', 1000, 60, now() - interval '60 seconds'),
               ('11111111-1111-4111-8111-111111111111', 'a2', 'product', 1000, 240, now() - interval '120 seconds');
        -- three completed in the window: 100 s, 200 s, 300 s
        INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, started_at)
        SELECT '11111111-1111-4111-8111-111111111111', 'c' || d, 'order', 10, 0, now() - make_interval(secs => d) FROM (VALUES (100), (200), (300)) v(d);
        UPDATE sync_progress SET processed_count = 10 WHERE sync_id LIKE 'c%';
        UPDATE sync_progress SET completed_at = started_at + make_interval(secs => substr(sync_id, 2)::int) WHERE sync_id LIKE 'c%';
        -- activity in the window: the 3 completions logged by the trigger, plus 1 failed and 1 with errors
        INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
        VALUES (gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'sync_complete', 'failed', now()),
               (gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'sync_complete', 'completed_with_errors', now());
        -- and one outside the window
        INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
        VALUES (gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'sync_complete', 'failed', now() - interval '2 days');`),
    );
    const db = openWritable(url);
    try {
      const health = await readHealth(db, 60, tablesInDependencyOrder(manifest), true);
      expect(health.metrics).toMatchObject({
        activeSyncs: 2,
        avgSpeedActive: 90, // (60 + 120) / 2
        completedInWindow: 3,
        avgDurationSeconds: 200,
        logEntries: 5,
        successRate: 0.6, // 3 of 5
        errorRate: 0.4, // 2 of 5
      });
      const indexNames = health.indexes.map((i) => i.index);
      expect(indexNames).toEqual(
        expect.arrayContaining(['idx_sync_progress_active', 'idx_sync_activity_log_org_created']),
      );
      expect(health.indexes.every((i) => i.neverUsed === (i.scans === 0))).toBe(true);
      expect(health.tables.find((t) => t.name === 'sync_progress')?.sizeBytes).toBeGreaterThan(0);
      expect(health.tables.filter((t) => t.partitionOf === 'sync_activity_log')).toHaveLength(5);
    } finally {
      await db.close();
    }
  });
});
