/** Rollback and restore on a real server: every row exported and back, nothing half-done. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RollbackOptions, restore, rollback } from '../../src/db/rollback.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { manifest, templates } from '../helpers/fixtures.js';
import { openWritable, settings } from '../helpers/plan.js';
import { verifyUrls } from '../helpers/verify.js';

const SEED_ROWS = `
  INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
  INSERT INTO auth.users_extended (id, org_id, email) VALUES ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'ops@acme.test');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, failed_count, initiated_by, started_at)
  SELECT '11111111-1111-4111-8111-111111111111', 'sync-' || i, 'product', 100, i, 0, '22222222-2222-4222-8222-222222222222', now() - interval '5 minutes'
  FROM generate_series(1, 40) i;
  INSERT INTO sync_preview_cache (org_id, sync_type, sync_id, delta_json, cache_key)
  SELECT '11111111-1111-4111-8111-111111111111', 'odoo', 'sync-' || i, jsonb_build_object('new', i), 'key-' || i FROM generate_series(1, 7) i;
  INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, record_count, created_at)
  SELECT gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'sync-' || i, 'batch_process', 'completed', i, ts
  FROM generate_series(1, 30) i, (VALUES ('2025-10-20 10:00+00'::timestamptz), ('2025-11-15 10:00+00'), ('2026-01-05 10:00+00'), ('2026-07-01 10:00+00')) v(ts);
`;

const SEED_SMALL = `
  INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count)
  SELECT '11111111-1111-4111-8111-111111111111', 'sync-' || i, 'product', 100, i FROM generate_series(1, 3) i;
`;

const SORTED_ROWS = (table: string) => `SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`;
const TABLES = ['sync_progress', 'sync_preview_cache', 'sync_activity_log'];

async function rowsOf(url: string) {
  // One query at a time: a client runs one query at once (overlapping them is deprecated, an error in pg 9).
  return withClient(url, async (c) => {
    const rows: Record<string, string[]> = {};
    for (const t of TABLES) rows[t] = (await c.query(SORTED_ROWS(t))).rows.map((r) => r.row);
    return rows;
  });
}

const options = (overrides: Partial<RollbackOptions> = {}): RollbackOptions => ({
  dryRun: false,
  exportDirectory: scratchDirectory('mantis-rollback-'),
  discardData: false,
  allowCascade: [],
  lockTimeoutMs: settings.lockTimeoutMs,
  statementTimeoutMs: settings.statementTimeoutMs,
  ...overrides,
});

describe('rollback', () => {
  it('exports every row of a populated database, and restore brings them back identical', async () => {
    const url = await freshDatabase('migrated', 'rb');
    // A row older than the first partition has no home in seed 002's layout: give it one, as a rebuild would.
    await withClient(url, (c) =>
      c.query(
        `CREATE TABLE sync_activity_log_before_2025_11 PARTITION OF sync_activity_log FOR VALUES FROM (MINVALUE) TO ('2025-11-01 00:00:00+00'); ${SEED_ROWS}`,
      ),
    );
    const before = await rowsOf(url);
    expect(before.sync_activity_log).toHaveLength(120);
    const db = openWritable(url);
    const opts = options();
    try {
      const result = await rollback(db, { manifest, templates }, opts);
      expect(result.outcome).toBe('committed');
      expect(result.exported?.tables.map((t) => [t.table, t.rows])).toEqual([
        ['public.sync_activity_log', 120],
        ['public.sync_preview_cache', 7],
        ['public.sync_progress', 40],
      ]);
      expect(result.rowCounts.find((c) => c.table === 'public.sync_activity_log_2026_01')?.rows).toBe(30);
      const lines = readFileSync(join(opts.exportDirectory, 'public.sync_progress.copy'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(40);
      const after = await verifyUrls(url);
      expect(after.findings.filter((f) => f.group === 'prerequisites').every((f) => f.status === 'pass')).toBe(true);
      expect(after.findings.filter((f) => f.code === 'TBL001').map((f) => f.actual)).toEqual([
        'does not exist',
        'does not exist',
        'does not exist',
      ]);

      const restored = await restore(db, opts.exportDirectory, settings);
      expect(restored.error).toBeNull();
      expect(restored.tables.map((t) => [t.table, t.restored])).toEqual([
        ['public.sync_activity_log', 120],
        ['public.sync_preview_cache', 7],
        ['public.sync_progress', 40],
      ]);
    } finally {
      await db.close();
    }
    expect(await rowsOf(url)).toEqual(before);
    const partitioned = await withClient(url, (c) =>
      c.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_activity_log_2026_01`),
    );
    expect(partitioned.rows[0]?.n).toBe(30);
  });

  it('refuses a restore from files that do not match their manifest', async () => {
    const url = await freshDatabase('migrated', 'rb');
    await withClient(url, (c) => c.query(SEED_SMALL));
    const db = openWritable(url);
    const opts = options();
    try {
      expect((await rollback(db, { manifest, templates }, opts)).outcome).toBe('committed');
      const file = join(opts.exportDirectory, 'public.sync_progress.copy');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, `${text.slice(0, 10)}${text[10] === 'a' ? 'b' : 'a'}${text.slice(11)}`); // one byte changed
      const result = await restore(db, opts.exportDirectory, settings);
      expect(result.outcome).toBe('refused');
      expect(result.error).toContain('public.sync_progress.copy does not match its manifest');
    } finally {
      await db.close();
    }
  });

  it('whose backend is killed midway leaves 0024 fully in place', async () => {
    const url = await freshDatabase('migrated', 'rb');
    await withClient(url, (c) => c.query(SEED_SMALL));
    const blocker = await import('pg').then(({ default: pg }) => new pg.Client({ connectionString: url }));
    await blocker.connect();
    // A writer on sync_preview_cache: the rollback locks sync_progress first, then waits here.
    await blocker.query('BEGIN; LOCK TABLE sync_preview_cache IN ROW EXCLUSIVE MODE');
    const db = openWritable(url);
    try {
      const pending = rollback(db, { manifest, templates }, options({ lockTimeoutMs: 20_000 }));
      const waiting = `FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
      await expect
        .poll(() => withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n ${waiting}`)).rows[0].n), {
          timeout: 10_000,
        })
        .toBe(1);
      await withClient(url, (c) => c.query(`SELECT pg_terminate_backend(pid) ${waiting}`));
      expect((await pending).outcome).toBe('failed');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await db.close();
    }
    const after = await verifyUrls(url);
    expect(after.findings.filter((f) => f.status === 'fail' || f.status === 'blocked')).toEqual([]);
    expect((await rowsOf(url)).sync_progress).toHaveLength(3);
  });

  it('of a half-present 0024 skips what is already gone, and says so', async () => {
    const url = await freshDatabase('migrated', 'rb');
    await withClient(url, (c) =>
      c.query(
        'DROP TABLE sync_activity_log; DROP FUNCTION auto_cleanup_preview_cache(); DROP POLICY sync_progress_select ON sync_progress',
      ),
    );
    const db = openWritable(url);
    try {
      const result = await rollback(db, { manifest, templates }, options());
      expect(result.outcome).toBe('committed');
      // No rows anywhere, yet every remaining table is exported: its columns (and partitions) come back with it.
      expect(result.exported?.tables.map((t) => [t.table, t.rows])).toEqual([
        ['public.sync_preview_cache', 0],
        ['public.sync_progress', 0],
      ]);
      const skipped = result.items.filter((i) => !i.present).map((i) => `${i.kind} ${i.object}`);
      expect(skipped).toEqual([
        'policy public.sync_activity_log.sync_activity_log_delete',
        'policy public.sync_activity_log.sync_activity_log_update',
        'policy public.sync_activity_log.sync_activity_log_insert',
        'policy public.sync_activity_log.sync_activity_log_select',
        'policy public.sync_progress.sync_progress_select',
        'rls public.sync_activity_log',
        'function public.auto_cleanup_preview_cache()',
        'table public.sync_activity_log',
      ]);
    } finally {
      await db.close();
    }
  });

  it('refuses when CASCADE would reach an object another team created, unless it is named', async () => {
    const url = await freshDatabase('migrated', 'rb');
    await withClient(url, (c) =>
      c.query(
        'CREATE VIEW public.team_sync_dashboard AS SELECT org_id, count(*) AS syncs FROM sync_progress GROUP BY org_id',
      ),
    );
    const db = openWritable(url);
    try {
      const dry = await rollback(db, { manifest, templates }, options({ dryRun: true }));
      expect(dry.outcome).toBe('refused');
      expect(dry.dependents.map((d) => d.dependent)).toEqual(['view team_sync_dashboard']);
      expect(dry.error).toContain('pass --allow-cascade=public.team_sync_dashboard');
      // PostgreSQL 15 qualifies the view's columns with their table, 17 does not
      expect(dry.error).toMatch(
        /To re-create after the rollback: CREATE VIEW public\.team_sync_dashboard AS\nSELECT (sync_progress\.)?org_id,/,
      );
      expect((await verifyUrls(url)).summary.fail).toBe(0);
      const allowed = await rollback(
        db,
        { manifest, templates },
        options({ allowCascade: ['public.team_sync_dashboard'] }),
      );
      expect(allowed.outcome).toBe('committed');
    } finally {
      await db.close();
    }
  });

  it('a view with a column typed with a 0024 enum goes whole with CASCADE when named, bare or qualified, never as a column to retype', async () => {
    const url = await freshDatabase('migrated', 'rb');
    await withClient(url, (c) => c.query('CREATE VIEW public.every_sync AS SELECT * FROM sync_progress'));
    const db = openWritable(url);
    try {
      const dry = await rollback(db, { manifest, templates }, options({ dryRun: true }));
      expect(dry.outcome).toBe('refused');
      expect(dry.dependents).toEqual([
        expect.objectContaining({
          dependent: 'view every_sync',
          relation: 'public.every_sync',
          blocker: false,
          fix: null,
        }),
      ]);
      expect(dry.error).not.toContain('ALTER TABLE');
      expect(dry.error).toContain('pass --allow-cascade=public.every_sync');
      expect(dry.error).toMatch(/CREATE VIEW public\.every_sync AS\nSELECT .*entity_type/s);
      for (const name of ['every_sync', 'public.every_sync', 'view every_sync']) {
        const allowed = await rollback(db, { manifest, templates }, options({ dryRun: true, allowCascade: [name] }));
        expect(allowed.outcome, name).toBe('dry-run');
      }
      const committed = await rollback(db, { manifest, templates }, options({ allowCascade: ['every_sync'] }));
      expect(committed.outcome).toBe('committed');
    } finally {
      await db.close();
    }
  });

  it('a dry run shows what would be dropped and changes nothing', async () => {
    const url = await freshDatabase('migrated', 'rb');
    const db = openWritable(url);
    try {
      const result = await rollback(db, { manifest, templates }, options({ dryRun: true }));
      expect(result.outcome).toBe('dry-run');
      expect(result.items.filter((i) => i.present)).toHaveLength(31);
    } finally {
      await db.close();
    }
    expect((await verifyUrls(url)).summary.fail).toBe(0);
  });
});
