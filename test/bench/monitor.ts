/**
 * Monitor benchmark (issue 4): with 10,000 active syncs, the tick query's p50/p95 and bytes per
 * tick (full and incremental), RSS; and the CPU of `watch` idling at a 2 s interval. The time per
 * frame (reducer + render) is test/bench/monitor-ui.ts's.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/connect.js';
import { introspect } from '../../src/db/introspect.js';
import { Sampler, samplingShape, tickSql } from '../../src/db/sample.js';
import { Simulator, type SyncProfile } from '../../src/db/simulator.js';
import { buildTemplates, createDatabase, ROOT, withClient } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';

const pct = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const url = await createDatabase(server.adminUrl, 'migrated', 'bench');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const sim = new Simulator({ query: (t: string, v?: unknown[]) => pool.query(t, v) } as Database);
  await sim.start(
    Array.from(
      { length: 10_000 },
      (_, i): SyncProfile => ({
        syncId: `s${i}`,
        org: `org-${i % 100}`,
        entity: 'product',
        source: 'odoo',
        total: 10_000_000,
        ratePerMin: 60 + (i % 50),
      }),
    ),
  );
  await withClient(url, (c) =>
    c.query(`INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count)
             SELECT (SELECT id FROM organization LIMIT 1), 'done-' || i, 'order', 10, 10 FROM generate_series(1, 100000) i; ANALYZE sync_progress;`),
  );
  const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
    readOnly: true,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 10000,
    max: 1,
  });
  const snapshot = await introspect(db);
  const sampler = new Sampler(db, samplingShape(snapshot));
  // The first tick of a session runs cold (the parser not yet compiled): printed apart, then 5
  // more not counted, then 40 measured.
  let t0 = performance.now();
  await sampler.tick(null);
  const coldMs = performance.now() - t0;
  for (let i = 0; i < 5; i++) await sampler.tick(null);
  const full: number[] = [];
  let fullBytes = 0;
  for (let i = 0; i < 40; i++) {
    t0 = performance.now();
    await sampler.tick(null);
    full.push(performance.now() - t0);
    fullBytes = sampler.lastTickBytes;
  }
  const analyzed = await withClient(url, (c) =>
    c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${tickSql(samplingShape(snapshot))}`, [null]),
  );
  const serverMs = (analyzed.rows[0]['QUERY PLAN'][0] as { 'Execution Time': number })['Execution Time'];
  console.log(
    `10,000 active syncs (+100,000 finished), full tick query: server execution ${serverMs.toFixed(1)} ms; round trip with parsing p50 ${pct(full, 0.5).toFixed(1)} ms, p95 ${pct(full, 0.95).toFixed(1)} ms (target p95 < 50 ms), ${(fullBytes / 1024).toFixed(0)} kB per tick; the session's first (cold) ${coldMs.toFixed(1)} ms`,
  );
  // Incremental ticks: a tenth of the syncs write between ticks (after the 3 s slack has passed).
  await new Promise((r) => setTimeout(r, 3500));
  const incremental: number[] = [];
  let incBytes = 0;
  let incRows = 0;
  let serverNow = (await sampler.tick(null)).serverNow;
  // Ticks 2 s apart, as at the default interval: the 3 s slack then carries one or two ticks of writes.
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    await withClient(url, (c) =>
      c.query(
        `UPDATE sync_progress SET processed_count = processed_count + 1 WHERE completed_at IS NULL AND sync_id LIKE 's%' AND (substr(sync_id, 2)::int % 10) = ${i % 10}`,
      ),
    );
    const t = performance.now();
    const tick = await sampler.tick(serverNow);
    incremental.push(performance.now() - t);
    incBytes = sampler.lastTickBytes;
    incRows = tick.rows.length;
    serverNow = tick.serverNow;
  }
  console.log(
    `incremental tick (1,000 of 10,000 written per 2 s; ${incRows} sent): p50 ${pct(incremental, 0.5).toFixed(1)} ms, p95 ${pct(incremental, 0.95).toFixed(1)} ms, ${(incBytes / 1024).toFixed(0)} kB per tick`,
  );

  await db.close();
  // RSS of the real binary watching the 10,000 syncs (read at its last tick).
  const watching = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'mantis-sync-tui.js'), 'watch', '--json', '--interval', '0.5', '--ticks', '6'],
    { env: { PATH: process.env.PATH, DATABASE_URL: url } },
  );
  let peak = 0;
  const rssTimer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${watching.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // exited
    }
  }, 100);
  watching.stdout.resume();
  await new Promise((r) => watching.on('exit', r));
  clearInterval(rssTimer);
  console.log(
    `RSS of mantis-sync-tui watch --json on 10,000 active syncs: peak ${(peak / 1024).toFixed(0)} MB (target < 150 MB)`,
  );

  // CPU of the real binary idling: `watch --json` at 2 s on 10 quiet syncs, 20 s.
  const quiet = await createDatabase(server.adminUrl, 'migrated', 'bench');
  const quietPool = new pg.Pool({ connectionString: quiet, max: 1 });
  await new Simulator({ query: (t: string, v?: unknown[]) => quietPool.query(t, v) } as Database).start(
    Array.from(
      { length: 10 },
      (_, i): SyncProfile => ({
        syncId: `q${i}`,
        org: 'quiet',
        entity: 'order',
        source: 'odoo',
        total: 1000,
        ratePerMin: 1,
      }),
    ),
  );
  await quietPool.end();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'mantis-sync-tui.js'), 'watch', '--json', '--interval', '2', '--ticks', '11'],
    { env: { PATH: process.env.PATH, DATABASE_URL: quiet } },
  );
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => (bytes += d.length));
  const clk = 100;
  const cpu = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clk;
  };
  await new Promise((r) => setTimeout(r, 2500)); // past startup
  const cpu0 = cpu();
  const idleFrom = performance.now();
  await new Promise((r) => setTimeout(r, 16_000));
  const used = cpu() - cpu0;
  const seconds = (performance.now() - idleFrom) / 1000;
  await new Promise((r) => child.on('exit', r));
  console.log(
    `watch --json idling at 2 s on 10 syncs: CPU ${((used / seconds) * 100).toFixed(2)} % over ${seconds.toFixed(0)} s (target < 3 %); ${Math.round(bytes / 11)} bytes written per tick`,
  );
  await sim.stop();
  await pool.end();
} finally {
  await server.stop();
}
