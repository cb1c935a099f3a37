/**
 * npm run bench (test/bench/rollback.ts): rollback and restore of 1,000,000 rows at the default
 * timeouts, rows/s for each, beside their yardsticks (issue 25 item 3): the bare COPY of the same
 * rows out to a file, and psql's bare \copy of the export's files back into the same partitioned,
 * indexed tables the restore made (emptied first; sync_progress's triggers off, as restore has
 * them; over TLS when offered, as psql and the restore connect) — what the checks and fingerprints cost on top of it. Two rounds, each a rollback and a restore
 * beside their yardsticks measured in the same round; and the row-by-row JSON path this replaced (1.6 M rows: rollback 45 s,
 * restore 285 s with --statement-timeout 600).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { defaultDependencies } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import type { ExportManifest } from '../../src/core/export.js';
import { quoteIdent } from '../../src/core/sqltext.js';
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STEP_STATEMENT_TIMEOUT_MS } from '../../src/core/write-settings.js';
import { checkExport, restore, rollback } from '../../src/db/rollback.js';
import { writableDatabase } from '../../src/db/session.js';
import { buildTemplates, createDatabase, withClient } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';

const ROWS = 1_000_000;
/** psql, for the restore's yardstick (Debian's PostgreSQL 15 client, as test/bench/startup.ts finds it). */
const PSQL = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((path) => existsSync(path));
const ORG = '11111111-1111-4111-8111-111111111111';
const rate = (rows: number, ms: number) =>
  `${Math.round((rows * 1000) / ms).toLocaleString('en')} rows/s (${(ms / 1000).toFixed(1)} s)`;

const server = await startTestServer();
const scratch = mkdtempSync(join(tmpdir(), 'mantis-bench-rollback-'));
try {
  await buildTemplates(server.adminUrl);
  const url = await createDatabase(server.adminUrl, 'migrated', 'bench');
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Acme', 'acme')`);
    // 900,000 log entries over 4 months of partitions, 100,000 syncs with real-looking metadata.
    await c.query(`INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, record_count, duration_seconds, error_message, created_at)
      SELECT gen_random_uuid(), '${ORG}', 'sync-' || (i % 5000), 'batch_process', 'completed', i % 500, (i % 900) / 7.0,
             CASE WHEN i % 50 = 0 THEN 'timeout talking to odoo: ' || i END, timestamptz '2025-11-01 00:00+00' + (i % 10000000) * interval '1 second'
      FROM generate_series(1, ${ROWS * 0.9}) i`);
    await c.query(`INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count, metadata, source_system)
      SELECT '${ORG}', 'sync-' || i, 'product', 1000, i % 1000,
             jsonb_build_object('id', 9007199254740993 + i, 'price', (i % 10000) / 100.0, 'tags', jsonb_build_array('a', 'b'), 'note', 'ünï ' || i), 'odoo'
      FROM generate_series(1, ${ROWS * 0.1}) i`);
    await c.query('ANALYZE');
  });
  console.log(`server: ${server.description}; ${ROWS.toLocaleString('en')} rows (900,000 log entries, 100,000 syncs)`);

  /**
   * Yardstick out: the same rows through bare COPY to a file, measured in each round just before
   * the rollback, on the same table. A table just loaded (set up here, or restored by the round
   * before) has its rows' hint bits set by the first pass that reads it, which writes every page:
   * VACUUM and a CHECKPOINT go first, so neither the yardstick nor the rollback pays that, as
   * neither would on a table in service.
   */
  const bareOut = () =>
    withClient(url, async (c) => {
      await c.query('VACUUM (ANALYZE) sync_activity_log, sync_progress');
      await c.query('CHECKPOINT');
      const file = join(scratch, 'bare.copy');
      const started = performance.now();
      await pipeline(c.query(copyTo('COPY (SELECT * FROM sync_activity_log) TO STDOUT')), createWriteStream(file));
      await pipeline(c.query(copyTo('COPY (SELECT * FROM sync_progress) TO STDOUT')), createWriteStream(`${file}.2`));
      return performance.now() - started;
    });

  /**
   * Yardstick in: psql's bare `\copy … from FILE` of the export's files into the tables the restore
   * made, emptied first, in one transaction (psql -1), connected as psql connects by default
   * (sslmode=prefer: over TLS, as the restore is, when the server offers it). Null without psql.
   */
  const bareIn = (directory: string): number | null => {
    if (!PSQL) return null;
    const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as ExportManifest;
    const script = join(scratch, 'bare-in.sql');
    writeFileSync(
      script,
      [
        `TRUNCATE ${manifest.tables.map((t) => t.table).join(', ')};`,
        'ALTER TABLE public.sync_progress DISABLE TRIGGER USER;',
        ...manifest.tables.map(
          (t) => `\\copy ${t.table} (${t.columns.map(quoteIdent).join(', ')}) from '${join(directory, t.file)}'`,
        ),
        'ALTER TABLE public.sync_progress ENABLE TRIGGER USER;',
      ].join('\n'),
    );
    const started = performance.now();
    const run = spawnSync(PSQL, ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-f', script, url], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`psql: ${run.stderr}`);
    return performance.now() - started;
  };

  const config = loadConfig({ env: {}, issohUrl: url });
  const settings = {
    lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
    statementTimeoutMs: DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
    allowPooled: false,
  };
  const db = writableDatabase(config.issoh!, config, settings);
  try {
    // Round 1: the restore, then its yardstick; round 2 the other way round (the yardstick into the
    // tables round 1 restored, then a rollback and the restore), so neither always goes first.
    for (const round of [1, 2]) {
      const directory = join(scratch, `export-${round}`);
      const bareFirstMs = round === 2 ? bareIn(join(scratch, 'export-1')) : undefined;
      const bareOutMs = await bareOut();
      let started = performance.now();
      const rolled = await rollback(db, defaultDependencies(), {
        dryRun: false,
        exportDirectory: directory,
        discardData: false,
        allowCascade: [],
        ...settings,
      });
      const rollbackMs = performance.now() - started;
      if (rolled.outcome !== 'committed') throw new Error(`rollback: ${rolled.outcome}: ${rolled.error}`);
      started = performance.now();
      await checkExport(directory);
      const checkMs = performance.now() - started;
      started = performance.now();
      const restored = await restore(db, directory, settings);
      const restoreMs = performance.now() - started;
      if (restored.outcome !== 'committed') throw new Error(`restore: ${restored.outcome}: ${restored.error}`);
      const bareInMs = bareFirstMs === undefined ? bareIn(directory) : bareFirstMs;
      const load = loadavg()[0]!.toFixed(1);
      console.log(`round ${round} (load average ${load}):`);
      console.log(
        `  rollback (lock, count, fingerprint, COPY out, check files, drop, re-check), default timeouts: ${rate(ROWS, rollbackMs)}`,
      );
      console.log(
        `    yardsticks: bare COPY out, just before ${rate(ROWS, bareOutMs)}, ratio ${(rollbackMs / bareOutMs).toFixed(2)} (target ≤ 2); the JSON path it replaced: 35,556 rows/s (1.6 M rows in 45 s)`,
      );
      console.log(
        `  restore (check files, 0024, layout, COPY in hashed on the way), default timeouts: ${rate(ROWS, restoreMs)}; of which the files' check before the transaction about ${(checkMs / 1000).toFixed(1)} s`,
      );
      console.log(
        bareInMs === null
          ? '    yardstick: psql is not installed; bare \\copy into the same tables not measured'
          : `    yardsticks: psql's bare \\copy of the same files into the same tables${round === 2 ? ' (run first)' : ''} ${rate(ROWS, bareInMs)}, ratio ${(restoreMs / bareInMs).toFixed(2)} (target ≤ 1.15); the JSON path it replaced: 5,614 rows/s (1.6 M rows in 285 s, and only with --statement-timeout 600)`,
      );
    }
  } finally {
    await db.close();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await server.stop();
}
