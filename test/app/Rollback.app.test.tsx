/**
 * The Rollback screen through the whole app (ink-testing-library) against a real migrated IS-SOH
 * holding rows: every row exported first, the rollback, then the restore.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStamp as stampOf } from '../../src/core/io.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { databaseOf, directoryPerRunApp, NOW, SLOW, TIMEOUT } from '../helpers/ui/app-harness.js';
import { flat } from '../helpers/ui/render.js';
import { verifyUrls } from '../helpers/verify.js';

const app = directoryPerRunApp();

const ROWS = `
  INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count)
  SELECT '11111111-1111-4111-8111-111111111111', 'sync-' || i, 'product', 100, i FROM generate_series(1, 5) i;
  INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, record_count, created_at)
  SELECT gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 'sync-' || i, 'batch_process', 'completed', i, '2025-11-15 10:00+00'
  FROM generate_series(1, 3) i;
`;

describe('Rollback, on a migrated IS-SOH holding rows', () => {
  it(
    'the dry run lists the row counts; typing the name rolls back after exporting every row; verify then shows 0024 absent',
    async () => {
      const issoh = await freshDatabase('migrated', 'uiw');
      const database = databaseOf(issoh);
      await withClient(issoh, (c) => c.query(ROWS));
      const { ui, directory, audit } = app(issoh);
      await ui.waitFor(/verified at/, SLOW);
      await ui.type('5');
      const dry = await ui.waitFor(/✓ dry run at \d\d:\d\d:\d\d \(\d+ ms\)/, SLOW);
      expect(dry).toMatch(/^ {2}public\.sync_progress +5$/m);
      expect(dry).toMatch(/^ {2}public\.sync_activity_log +3$/m);
      expect(dry).toMatch(/^ {4}public\.sync_activity_log_2025_11 +3$/m);
      expect(flat(dry)).toContain(
        `Export before any DROP: 8 rows, a COPY text file per table, checked (lines = rows), to ./mantis-rollback-${database}-<time>/ here`,
      );
      expect(dry).toMatch(/public\.sync_progress\.copy +5 rows/);
      expect(readdirSync(directory).filter((n) => n.startsWith('mantis-rollback-'))).toEqual([]);
      await ui.type(KEY.pageDown, KEY.pageDown);
      await ui.waitFor(/drop {2}table {4}public\.sync_progress/);
      await ui.type('a');
      await ui.waitFor(`Type ${database}: ▏`);
      await ui.type('wrong', KEY.enter);
      await ui.waitFor('refused: "wrong" is not');
      await ui.type('a', database, KEY.enter);
      const done = await ui.waitFor(
        /✓ rolled back at \d\d:\d\d:\d\d \(\d+ ms\): 0024 is gone, the prerequisites are intact/,
        SLOW,
      );
      const exportDir = join(directory, `mantis-rollback-${database}-${stampOf(NOW)}`);
      expect(flat(done)).toContain(
        "Exported and checked: 8 rows in 3 files, with manifest.json (row counts, sha256, the server's fingerprint, partitions)",
      );
      expect(flat(done)).toContain(`./mantis-rollback-${database}-${stampOf(NOW)}/ in ${directory}`);
      expect(done).toMatch(/Seed 001's rollback, in its order {2}31 dropped · 0 already gone/);
      // The command on a line of its own, whole: it is copied from there.
      expect(flat(done)).toContain(`restore with u here, or in ${directory} with:`);
      expect(done.split('\n')).toContain(`    mantis-sync-tui restore ./${basename(exportDir)}`);
      expect(readFileSync(join(exportDir, 'public.sync_progress.copy'), 'utf8').trim().split('\n')).toHaveLength(5);
      const manifest = JSON.parse(readFileSync(join(exportDir, 'manifest.json'), 'utf8')) as {
        tables: Array<{ table: string; rows: number }>;
      };
      // Every table, the empty cache too: the export keeps each table's columns and partitions.
      expect(manifest.tables.map((t) => [t.table, t.rows])).toEqual([
        ['public.sync_activity_log', 3],
        ['public.sync_preview_cache', 0],
        ['public.sync_progress', 5],
      ]);
      expect(audit().map((e) => [e.step, e.mode, e.outcome])).toEqual([
        ['rollback-0024', 'dry-run', 'dry-run'],
        ['rollback-0024', 'apply', 'committed'],
      ]);
      // The checklist re-ran: the three tables are missing now.
      await ui.type('2', 'f');
      const list = await ui.waitFor(/✗ TBL001/, SLOW);
      expect(list.match(/✗ TBL001/g)).toHaveLength(3);
      const after = await verifyUrls(issoh);
      expect(after.findings.filter((f) => f.code === 'TBL001').map((f) => f.actual)).toEqual([
        'does not exist',
        'does not exist',
        'does not exist',
      ]);
      expect(after.findings.filter((f) => f.group === 'prerequisites').every((f) => f.status === 'pass')).toBe(true);
      // u puts the export back: y/N first (n changes nothing), then 0024 and every row.
      await ui.type('5');
      await ui.waitFor(/nothing to roll back at \d\d:\d\d:\d\d/, SLOW); // opening the screen dry-runs again
      await ui.type('u');
      await ui.waitFor(/Restore on IS-SOH .*re-create 0024 and put back the 8 rows/s);
      await ui.type('n');
      await ui.waitFor('not confirmed: nothing was restored; nothing was changed');
      await ui.type('u');
      await ui.waitFor(/put back the 8 rows/);
      await ui.type('y');
      const restored = await ui.waitFor(
        /✓ Restored at \d\d:\d\d:\d\d in \d+ ms: 0024 re-created, 8 rows put back/,
        SLOW,
      );
      expect(flat(restored)).toContain('public.sync_progress: 5 of 5 rows');
      expect(flat(restored)).toContain('public.sync_activity_log: 3 of 3 rows');
      // The dry run from before the restore ("nothing to roll back") is replaced by a new one: 0024 is there again.
      const again = await ui.waitFor((f) => /✓ Restored at/.test(f) && /✓ dry run at \d\d:\d\d:\d\d/.test(f), SLOW);
      expect(again).not.toMatch(/nothing to roll back/);
      expect(
        audit()
          .map((e) => [e.mode, e.outcome])
          .at(-1),
      ).toEqual(['dry-run', 'dry-run']);
      const counts = await withClient(issoh, (c) =>
        c.query<{ progress: number; log: number }>(
          'SELECT (SELECT count(*)::int FROM sync_progress) AS progress, (SELECT count(*)::int FROM sync_activity_log) AS log',
        ),
      );
      expect(counts.rows[0]).toEqual({ progress: 5, log: 3 });
      expect((await verifyUrls(issoh)).findings.filter((f) => f.status === 'fail')).toEqual([]);
      expect(
        audit()
          .map((e) => [e.step, e.mode, e.outcome])
          .at(-2),
      ).toEqual([`restore ${exportDir}`, 'apply', 'committed']);
      // The export is not offered twice.
      await ui.type('u');
      await ui.waitFor('nothing to restore here');
    },
    TIMEOUT,
  );

  it(
    'a view another team made over sync_progress: refused until allowed with c; x discards the rows, said so, and exports nothing',
    async () => {
      const issoh = await freshDatabase('migrated', 'uiw');
      const database = databaseOf(issoh);
      await withClient(issoh, (c) =>
        c.query(`${ROWS} CREATE VIEW public.team_sync_view AS SELECT sync_id FROM public.sync_progress;`),
      );
      const { ui, directory, audit } = app(issoh);
      await ui.type('5');
      const refused = await ui.waitFor(/✗ dry run refused at/, SLOW);
      expect(refused).toContain('CASCADE outside 0024 (1)');
      expect(refused).toMatch(/› \[ \] not allowed +view team_sync_view \(view public\.team_sync_view\)/);
      await ui.type('a');
      await ui.waitFor('refused: CASCADE would also drop public.team_sync_view, which 0024 did');
      await ui.type('c', 'd');
      const allowed = await ui.waitFor(/✓ dry run at/, SLOW);
      expect(allowed).toContain('[x] may be dropped');
      await ui.type('x');
      await ui.waitFor('DISCARD DATA is on (x)');
      await ui.type('a');
      const asked = await ui.waitFor(`Type ${database}: ▏`);
      expect(flat(asked)).toContain('DISCARD DATA: the 8 rows of 2 tables will NOT be exported');
      await ui.type(database, KEY.enter);
      const done = await ui.waitFor(/✓ rolled back at/, SLOW);
      expect(done).toContain('rows were NOT exported (discard data)');
      expect(readdirSync(directory).filter((n) => n.startsWith('mantis-rollback-'))).toEqual([]);
      expect(audit().map((e) => [e.step, e.mode, e.outcome])).toEqual([
        ['rollback-0024', 'dry-run', 'refused'],
        ['rollback-0024', 'dry-run', 'dry-run'],
        ['rollback-0024 (discard data)', 'apply', 'committed'],
      ]);
      const gone = await withClient(
        issoh,
        async (c) =>
          (await c.query(`SELECT to_regclass('public.team_sync_view') AS v, to_regclass('public.sync_progress') AS t`))
            .rows[0],
      );
      expect(gone).toEqual({ v: null, t: null });
    },
    TIMEOUT,
  );
});
