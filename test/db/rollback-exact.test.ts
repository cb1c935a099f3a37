/**
 * Rollback and restore lose and change nothing, on data and faults as the field has them:
 * arbitrary jsonb numbers, unicode and line separators come back byte for byte (judged by the
 * server's own digest of every row, not by the tool's proof); the partition layout comes back; a forged or unfinished
 * export is refused; an unusable export directory fails before any lock; CASCADE names exactly
 * what it would drop, and an enum-typed column outside 0024 blocks before anything is locked.
 */

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_FORMAT_FINGERPRINTED, type ExportManifest } from '../../src/core/export.js';
import { quoteIdent, renderSql } from '../../src/core/sqltext.js';
import { exportFingerprint, INCOMPLETE_MARKER } from '../../src/db/export.js';
import { archivePartitions } from '../../src/db/maintenance.js';
import { type RollbackOptions, restore, rollback } from '../../src/db/rollback.js';
import { loadSql } from '../../src/sql.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { manifest, templates } from '../helpers/fixtures.js';
import { openWritable, settings } from '../helpers/plan.js';

const ORG = '11111111-1111-4111-8111-111111111111';

/** Values JavaScript numbers cannot hold, and text that trips line-based formats. */
const AWKWARD_ROWS = `
  INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Acme', 'acme');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, speed_items_per_min, metadata, source_system)
  VALUES
    ('${ORG}', 'big-numbers', 'product', 10, 1, 12345678.90, '{"id": 9007199254740993, "price": 10.50, "big": 1e400, "tiny": 1e-400, "neg": -0.0}', 'odoo'),
    ('${ORG}', E'line\\u2028separator\\u2029and\\ttab\\nnewline\\\\backslash', 'order', 10, 2, 0.01,
     jsonb_build_object('text', E'ünïcødé 🐘 \\u2028 "quoted" \\\\ back', 'nested', jsonb_build_array(1.000, 2.50, 3e10)), E'tab\\there'),
    ('${ORG}', 'nulls', 'customer', 10, 3, NULL, NULL, NULL);
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, metadata)
  SELECT '${ORG}', 'bulk-' || i, 'product', 1000, i % 1000, jsonb_build_object('n', i::numeric / 7, 'id', 9007199254740993 + i, 's', repeat('x', i % 50))
  FROM generate_series(1, 3000) i;
  INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, record_count, duration_seconds, error_message, created_at)
  SELECT gen_random_uuid(), '${ORG}', 'bulk-' || i, 'batch_process', 'completed', i, i / 3.0, E'err\\n' || i, '2025-11-15 10:00+00'::timestamptz + i * interval '1 hour'
  FROM generate_series(1, 500) i;
`;

/** The server's own view of each table, independent of the tool's fingerprint: md5 of every row's text, in order. */
async function serverDigest(url: string) {
  return withClient(url, async (c) => {
    await c.query("SET TimeZone = 'UTC'");
    const digest = async (table: string) =>
      (
        await c.query(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM ${table} t`,
        )
      ).rows[0];
    return {
      progress: await digest('sync_progress'),
      log: await digest('sync_activity_log'),
      cache: await digest('sync_preview_cache'),
    };
  });
}

const options = (overrides: Partial<RollbackOptions> = {}): RollbackOptions => ({
  dryRun: false,
  exportDirectory: join(scratchDirectory('mantis-exact-'), 'export'),
  discardData: false,
  allowCascade: [],
  lockTimeoutMs: settings.lockTimeoutMs,
  statementTimeoutMs: settings.statementTimeoutMs,
  ...overrides,
});

/** A migrated database with the awkward rows, rolled back (committed) into a fresh export directory. */
async function rolledBack(): Promise<{ url: string; directory: string }> {
  const url = await freshDatabase('migrated', 'exact');
  await withClient(url, (c) => c.query(AWKWARD_ROWS));
  const db = openWritable(url);
  const opts = options();
  try {
    const result = await rollback(db, { manifest, templates }, opts);
    expect(result.error).toBeNull();
    expect(result.outcome).toBe('committed');
  } finally {
    await db.close();
  }
  return { url, directory: opts.exportDirectory };
}

const locksHeld = (url: string) =>
  withClient(
    url,
    async (c) =>
      (
        await c.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.datname = current_database() AND a.application_name = 'mantis-sync-tui' AND l.locktype = 'relation'`,
        )
      ).rows[0].n as number,
  );

describe('rollback and restore are exact', () => {
  it('bring back arbitrary jsonb numbers, unicode and line separators byte for byte, as the server sees them', async () => {
    const url = await freshDatabase('migrated', 'exact');
    await withClient(url, (c) => c.query(AWKWARD_ROWS));
    const before = await serverDigest(url);
    expect(before.progress.n).toBe(3003);
    const db = openWritable(url);
    const opts = options();
    try {
      const rolled = await rollback(db, { manifest, templates }, opts);
      expect(rolled.error).toBeNull();
      expect(rolled.outcome).toBe('committed');
      const restored = await restore(db, opts.exportDirectory, settings);
      expect(restored.error).toBeNull();
      expect(restored.outcome).toBe('committed');
    } finally {
      await db.close();
    }
    expect(await serverDigest(url)).toEqual(before);
    const metadata = await withClient(
      url,
      async (c) =>
        (await c.query(`SELECT metadata::text AS m FROM sync_progress WHERE sync_id = 'big-numbers'`)).rows[0].m,
    );
    expect(metadata).toContain('9007199254740993');
    expect(metadata).toContain('10.50');
    expect(metadata).toMatch(/"big": 1000000000000000000000000000000/);
  });

  it('writes the export owner-only, under a temporary name with a marker until it is complete', async () => {
    const { directory } = await rolledBack();
    expect(existsSync(`${directory}.incomplete`)).toBe(false);
    const files = readdirSync(directory).sort();
    expect(files).toEqual([
      'manifest.json',
      'public.sync_activity_log.copy',
      'public.sync_preview_cache.copy',
      'public.sync_progress.copy',
    ]);
    for (const file of files) expect(statSync(join(directory, file)).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    const written = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8'));
    expect(written.format).toBe(EXPORT_FORMAT);
    // Each column's type is recorded: a restore loads only into the same types.
    const progress = written.tables.find((t: { table: string }) => t.table === 'public.sync_progress');
    expect(progress.rows).toBe(3003);
    expect(progress.columnTypes[progress.columns.indexOf('speed_items_per_min')]).toBe('numeric(10,2)');
    expect(progress.contentHash).toBeUndefined();
  });

  it('restores the partition layout maintenance made (every partition, its bounds), with each row in its month', async () => {
    const url = await freshDatabase('migrated', 'exact');
    // 13 months ahead, as `maintain partitions` leaves them, and rows in them.
    await withClient(url, (c) =>
      c.query(`
        INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Acme', 'acme');
        ALTER TABLE sync_activity_log DETACH PARTITION sync_activity_log_future;
        DROP TABLE sync_activity_log_future;
        DO $$ DECLARE m date; BEGIN
          FOR i IN 0..12 LOOP
            m := date '2026-03-01' + make_interval(months => i);
            EXECUTE format('CREATE TABLE sync_activity_log_%s PARTITION OF sync_activity_log FOR VALUES FROM (%L) TO (%L)',
              to_char(m, 'YYYY_MM'), m::timestamptz, (m + interval '1 month')::timestamptz);
          END LOOP;
        END $$;
        CREATE TABLE sync_activity_log_future PARTITION OF sync_activity_log FOR VALUES FROM ('2027-04-01 00:00:00+00') TO (MAXVALUE);
        INSERT INTO sync_activity_log (id, org_id, action, status, created_at)
        SELECT gen_random_uuid(), '${ORG}', 'batch_process', 'completed', timestamptz '2026-03-10 00:00+00' + i * interval '1 month' FROM generate_series(0, 12) i;`),
    );
    const layout = (u: string) =>
      withClient(
        u,
        async (c) =>
          (
            await c.query(`SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound, (SELECT count(*) FROM sync_activity_log l WHERE l.tableoid = c.oid)::int AS rows
                         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sync_activity_log'::regclass ORDER BY 1`)
          ).rows,
      );
    const before = await layout(url);
    expect(before).toHaveLength(4 + 13 + 1);
    const db = openWritable(url);
    const opts = options();
    try {
      expect((await rollback(db, { manifest, templates }, opts)).outcome).toBe('committed');
      const restored = await restore(db, opts.exportDirectory, settings);
      expect(restored.error).toBeNull();
      expect(restored.partitions).toHaveLength(13 + 1);
    } finally {
      await db.close();
    }
    expect(await layout(url)).toEqual(before);
  });
});

describe('restore trusts nothing it reads', () => {
  const forge = (directory: string, change: (m: { tables: Array<Record<string, unknown>> }) => void) => {
    const file = join(directory, 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    change(m);
    writeFileSync(file, JSON.stringify(m));
  };

  it('refuses a manifest naming another table, a file outside the directory, a forged partition bound; an unfinished export', async () => {
    const { url, directory } = await rolledBack();
    const original = readFileSync(join(directory, 'manifest.json'), 'utf8');
    const db = openWritable(url);
    try {
      const attempt = async () => {
        const r = await restore(db, directory, settings);
        writeFileSync(join(directory, 'manifest.json'), original);
        return r;
      };
      forge(directory, (m) => (m.tables[0]!.table = 'public.organization'));
      expect(await attempt()).toMatchObject({
        outcome: 'refused',
        error: expect.stringContaining(`names "public.organization", which is not one of 0024's tables`),
      });
      forge(directory, (m) => (m.tables[0]!.file = '../../etc/passwd'));
      expect(await attempt()).toMatchObject({
        outcome: 'refused',
        error: expect.stringContaining('"../../etc/passwd", which is not a plain file inside it'),
      });
      forge(directory, (m) => {
        const log = m.tables.find((t) => t.table === 'public.sync_activity_log')!;
        (log.partitions as Array<{ bound: string }>)[0]!.bound =
          'FOR VALUES FROM (MINVALUE) TO (MAXVALUE); DROP TABLE organization; --';
      });
      expect(await attempt()).toMatchObject({
        outcome: 'refused',
        error: expect.stringContaining('that is not a name and a range bound'),
      });
      writeFileSync(join(directory, INCOMPLETE_MARKER), 'left by a killed run\n');
      expect(await restore(db, directory, settings)).toMatchObject({
        outcome: 'refused',
        error: expect.stringContaining('is an unfinished export'),
      });
    } finally {
      await db.close();
    }
    // Nothing was restored by any attempt.
    expect(
      await withClient(url, async (c) => (await c.query(`SELECT to_regclass('public.sync_progress') AS t`)).rows[0].t),
    ).toBeNull();
  });

  it('refuses a restore into columns of other types than the export recorded, naming them: the values would not come back as they were', async () => {
    const { url, directory } = await rolledBack();
    forge(directory, (m) => {
      const progress = m.tables.find((t) => t.table === 'public.sync_progress')!;
      const types = [...(progress.columnTypes as string[])];
      types[(progress.columns as string[]).indexOf('speed_items_per_min')] = 'numeric(12,4)';
      progress.columnTypes = types;
      Object.assign(m, { fingerprint: exportFingerprint(m as unknown as ExportManifest) });
    });
    const db = openWritable(url);
    try {
      const r = await restore(db, directory, settings);
      expect(r.outcome).toBe('refused');
      expect(r.error).toContain(
        'public.sync_progress: column speed_items_per_min is numeric(10,2) here, numeric(12,4) in the export',
      );
    } finally {
      await db.close();
    }
    expect(
      await withClient(url, async (c) => (await c.query(`SELECT to_regclass('public.sync_progress') AS t`)).rows[0].t),
    ).toBeNull();
  });

  it('restores an export of the format before (no column types) by the server fingerprint of what landed, and rolls back when it differs', async () => {
    const url = await freshDatabase('migrated', 'exact');
    await withClient(url, (c) => c.query(AWKWARD_ROWS));
    const before = await serverDigest(url);
    // The fingerprints such an export carried, taken as it took them.
    const fingerprints = await withClient(url, async (c) => {
      await c.query(loadSql('execute/canonical_text'));
      const taken: Record<string, string> = {};
      for (const table of ['public.sync_progress', 'public.sync_preview_cache', 'public.sync_activity_log']) {
        const columns = (await c.query(loadSql('execute/table_columns'), [table])).rows.map((r) => quoteIdent(r.name));
        taken[table] = (
          await c.query(renderSql(loadSql('execute/content_hash'), { relation: table, columns }))
        ).rows[0].content_hash;
      }
      return taken;
    });
    const db = openWritable(url);
    const opts = options();
    try {
      expect((await rollback(db, { manifest, templates }, opts)).outcome).toBe('committed');
      const asBefore = (wrong: boolean) =>
        forge(opts.exportDirectory, (m) => {
          Object.assign(m, { format: EXPORT_FORMAT_FINGERPRINTED });
          for (const table of m.tables) {
            delete table.columnTypes;
            const hash = fingerprints[table.table as string]!;
            table.contentHash =
              wrong && table.table === 'public.sync_progress'
                ? hash.replace(/\/(\d)/, (_, d: string) => `/${(Number(d) + 1) % 10}`)
                : hash;
          }
          Object.assign(m, { fingerprint: exportFingerprint(m as unknown as ExportManifest) });
        });
      asBefore(true);
      const differs = await restore(db, opts.exportDirectory, settings);
      expect(differs.outcome).toBe('failed');
      expect(differs.error).toContain(
        'public.sync_progress: the restored rows differ from the export (server fingerprint',
      );
      asBefore(false);
      const restored = await restore(db, opts.exportDirectory, settings);
      expect(restored.error).toBeNull();
      expect(restored.outcome).toBe('committed');
    } finally {
      await db.close();
    }
    expect(await serverDigest(url)).toEqual(before);
  });
});

describe('before anything is locked', () => {
  it('an export directory that cannot be made fails at once, no lock taken, nothing changed', async () => {
    const url = await freshDatabase('migrated', 'exact');
    await withClient(url, (c) => c.query(AWKWARD_ROWS));
    const db = openWritable(url);
    try {
      const started = performance.now();
      const result = await rollback(
        db,
        { manifest, templates },
        options({ exportDirectory: '/proc/mantis-cannot-be-here' }),
      );
      expect(result.outcome).toBe('unusable-export');
      expect(result.error).toMatch(
        /^cannot export to \/proc\/mantis-cannot-be-here: .*\/proc.*: choose another --export-dir; nothing was changed$/,
      );
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await locksHeld(url)).toBe(0);
    } finally {
      await db.close();
    }
    expect((await serverDigest(url)).progress.n).toBe(3003);
  });

  it('a directory that already holds files is refused; an empty one (a mount point) is written in place', async () => {
    const url = await freshDatabase('migrated', 'exact');
    const full = scratchDirectory('mantis-full-');
    writeFileSync(join(full, 'someone-elses-file'), 'keep me\n');
    const empty = join(scratchDirectory('mantis-empty-'), 'mount');
    mkdirSync(empty);
    const db = openWritable(url);
    try {
      expect(await rollback(db, { manifest, templates }, options({ exportDirectory: full }))).toMatchObject({
        outcome: 'unusable-export',
        error: expect.stringContaining('it already exists and is not an empty directory'),
      });
      expect((await rollback(db, { manifest, templates }, options({ exportDirectory: empty }))).outcome).toBe(
        'committed',
      );
    } finally {
      await db.close();
    }
    expect(readdirSync(empty).sort()).toEqual([
      'manifest.json',
      'public.sync_activity_log.copy',
      'public.sync_preview_cache.copy',
      'public.sync_progress.copy',
    ]);
  });

  it('CASCADE is named exactly: one column typed with a 0024 enum is a blocker with its fix, a foreign key a constraint, not a whole table', async () => {
    const url = await freshDatabase('migrated', 'exact');
    await withClient(url, (c) =>
      c.query(`CREATE TABLE public.team_sync (id int PRIMARY KEY, progress_id uuid REFERENCES public.sync_progress(id), kind public.sync_entity_type, note text);
               INSERT INTO public.team_sync VALUES (1, NULL, 'product', 'keep');`),
    );
    const opts = options();
    const db = openWritable(url);
    try {
      const result = await rollback(db, { manifest, templates }, { ...opts, allowCascade: ['public.team_sync'] });
      expect(result.outcome).toBe('refused');
      expect(result.dependents.map((d) => [d.dependent, d.blocker])).toEqual([
        ['column public.team_sync.kind', true],
        ['constraint team_sync_progress_id_fkey on table team_sync', false],
      ]);
      expect(result.dependents[0]!.fix).toBe(
        'ALTER TABLE "public"."team_sync" ALTER COLUMN "kind" TYPE text USING "kind"::text;',
      );
      expect(result.error).toContain('column public.team_sync.kind (1 value) is typed with a 0024 enum');
      expect(result.error).toContain('CASCADE would drop the column with 1 value');
      expect(result.error).toContain(
        'ALTER TABLE "public"."team_sync" ALTER COLUMN "kind" TYPE text USING "kind"::text;',
      );
      expect(result.rowCounts).toEqual([]); // refused before the locks (rows are counted under them)
    } finally {
      await db.close();
    }
    expect(existsSync(opts.exportDirectory) || existsSync(`${opts.exportDirectory}.incomplete`)).toBe(false);
    // With the fix applied, the constraint alone remains, and naming it lets the rollback through.
    await withClient(url, (c) => c.query('ALTER TABLE public.team_sync ALTER COLUMN kind TYPE text USING kind::text'));
    const db2 = openWritable(url);
    try {
      const result = await rollback(db2, { manifest, templates }, options({ allowCascade: ['public.team_sync'] }));
      expect(result.error).toBeNull();
      expect(result.outcome).toBe('committed');
    } finally {
      await db2.close();
    }
    expect(await withClient(url, async (c) => (await c.query('SELECT kind, note FROM public.team_sync')).rows)).toEqual(
      [{ kind: 'product', note: 'keep' }],
    );
  });

  it("the tool's own archived partitions go with 0024 (exported, dropped) and come back with restore; an empty blocker is not said to hold data", async () => {
    const url = await freshDatabase('migrated', 'exact');
    await withClient(url, (c) => c.query(AWKWARD_ROWS));
    const db = openWritable(url);
    const opts = options();
    try {
      const archived = await archivePartitions(db, 6, scratchDirectory('mantis-archive-'), {
        lockTimeoutMs: settings.lockTimeoutMs,
        statementTimeoutMs: settings.statementTimeoutMs,
        dryRun: false,
      });
      expect(archived.outcome).toBe('committed');
      expect(archived.value?.archived.length).toBeGreaterThan(1);
      const archivedRows = await withClient(
        url,
        async (c) =>
          (await c.query('SELECT count(*)::int AS n FROM public.sync_activity_log_2025_11_archived')).rows[0].n,
      );
      expect(archivedRows).toBeGreaterThan(0);
      const result = await rollback(db, { manifest, templates }, opts);
      expect(result.error).toBeNull();
      expect(result.outcome).toBe('committed');
      expect(result.dependents).toEqual([]);
      expect(result.archives).toContain('public.sync_activity_log_2025_11_archived');
      const exported = result.exported?.tables.find((t) => t.table === 'public.sync_activity_log_2025_11_archived');
      expect(exported).toMatchObject({ archiveOf: 'public.sync_activity_log', rows: archivedRows });
      expect(
        await withClient(
          url,
          async (c) =>
            (await c.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE '%archived'")).rows[0].n,
        ),
      ).toBe(0);
      const restored = await restore(db, opts.exportDirectory, {
        lockTimeoutMs: settings.lockTimeoutMs,
        statementTimeoutMs: settings.statementTimeoutMs,
      });
      expect(restored.error).toBeNull();
      expect(restored.outcome).toBe('committed');
      const back = await withClient(
        url,
        async (c) =>
          (
            await c.query(
              "SELECT count(*)::int AS n, obj_description('public.sync_activity_log_2025_11_archived'::regclass, 'pg_class') AS comment FROM public.sync_activity_log_2025_11_archived",
            )
          ).rows[0],
      );
      expect(back).toEqual({
        n: archivedRows,
        comment: 'mantis-sync-tui: archived partition of public.sync_activity_log',
      });
    } finally {
      await db.close();
    }
    // A table of someone else's with an enum column and no rows: still a blocker, but not "with its data".
    await withClient(url, (c) => c.query('CREATE TABLE public.team_empty (kind public.sync_entity_type)'));
    const again = openWritable(url);
    try {
      const refused = await rollback(again, { manifest, templates }, options());
      expect(refused.outcome).toBe('refused');
      expect(refused.dependents.map((d) => [d.dependent, d.values])).toEqual([['column public.team_empty.kind', 0]]);
      expect(refused.error).toContain('CASCADE would drop the column, empty as they are');
    } finally {
      await again.close();
    }
  });
});
