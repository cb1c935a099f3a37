/**
 * npm run bench (test/bench/watch-100k.ts): `watch` at 100,000 active syncs (issue 25 item 5), the
 * real binary on a real server while a writer moves a tenth of the syncs every second: peak RSS
 * (target < 250 MB) and what a tick writes, for the full NDJSON (the default), `--changes` and the
 * text view, each beside the figures before this work (596 MB and 27 MB of NDJSON a tick;
 * text 550 MB and a million lines) as a ratio.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/connect.js';
import { Simulator, type SyncProfile } from '../../src/db/simulator.js';
import { buildTemplates, createDatabase, ROOT, withClient } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';

const SYNCS = 100_000;
/**
 * Long enough for V8's full collections to have come round several times: over 6 ticks the peak
 * read 223-242 MB while the same binary held 268-308 MB by the 25th.
 */
const TICKS = 25;
const BEFORE = { jsonRssMb: 596, jsonTickMb: 27, textRssMb: 550 };

interface Run {
  readonly peakMb: number;
  readonly bytes: number;
  readonly lines: number;
}

/** The binary watching until --ticks, its RSS read from /proc every 50 ms, its output counted. */
async function watch(url: string, args: readonly string[]): Promise<Run> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'mantis-sync-tui.js'), 'watch', ...args, '--interval', '2', '--ticks', String(TICKS)],
    { env: { PATH: process.env.PATH, DATABASE_URL: url } },
  );
  let peakKb = 0;
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      peakKb = Math.max(peakKb, kb);
    } catch {
      // exited
    }
  }, 50);
  let bytes = 0;
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  });
  child.stderr.resume();
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  return { peakMb: peakKb / 1024, bytes, lines };
}

const mb = (bytes: number) => bytes / 1_048_576;

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const url = await createDatabase(server.adminUrl, 'migrated', 'bench');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const started = performance.now();
  await new Simulator({ query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database).start(
    Array.from(
      { length: SYNCS },
      (_, i): SyncProfile => ({
        syncId: `s${i}`,
        org: `org-${i % 500}`,
        entity: 'product',
        source: 'odoo',
        total: 10_000_000,
        ratePerMin: 60 + (i % 50),
      }),
    ),
  );
  await pool.end();
  console.log(
    `server: ${server.description}; ${SYNCS.toLocaleString('en')} active syncs in 500 organizations (made in ${((performance.now() - started) / 1000).toFixed(0)} s); ${TICKS} ticks 2 s apart; a tenth of the syncs written every second`,
  );
  let writes = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const writer = setInterval(() => {
    const tenth = writes++ % 10;
    writing = withClient(url, (c) =>
      c.query(
        `UPDATE sync_progress SET processed_count = processed_count + 10, updated_at = now()
         WHERE completed_at IS NULL AND (substr(sync_id, 2)::int % 10) = ${tenth}`,
      ),
    ).catch(() => {});
  }, 1000);
  try {
    const full = await watch(url, ['--json']);
    console.log(
      `watch --json: peak RSS ${full.peakMb.toFixed(0)} MB (target < 250 MB: ${full.peakMb < 250 ? 'met' : 'NOT met'}; before ${BEFORE.jsonRssMb} MB, ratio ${(full.peakMb / BEFORE.jsonRssMb).toFixed(2)}); ${mb(full.bytes / full.lines).toFixed(1)} MB a tick (the full snapshot, as before: ${BEFORE.jsonTickMb} MB)`,
    );
    const changes = await watch(url, ['--json', '--changes']);
    const firstLine = full.bytes / full.lines;
    const laterTicks = mb((changes.bytes - firstLine) / (changes.lines - 1));
    console.log(
      `watch --json --changes: peak RSS ${changes.peakMb.toFixed(0)} MB (target < 250 MB: ${changes.peakMb < 250 ? 'met' : 'NOT met'}); after the first line about ${laterTicks.toFixed(1)} MB a tick, ratio ${(laterTicks / BEFORE.jsonTickMb).toFixed(2)} to the full ${BEFORE.jsonTickMb} MB (the syncs written since the last tick: about a fifth)`,
    );
    const text = await watch(url, []);
    console.log(
      `watch (text, no terminal): peak RSS ${text.peakMb.toFixed(0)} MB (target < 250 MB: ${text.peakMb < 250 ? 'met' : 'NOT met'}; before ${BEFORE.textRssMb} MB, ratio ${(text.peakMb / BEFORE.textRssMb).toFixed(2)}); ${Math.round(text.lines / TICKS)} lines a tick (one per organization; before: 100,000)`,
    );
    // RSS moves with the garbage collector's timing, and so with the machine's load.
    console.log(
      `load average (1, 5, 15 min): ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
  } finally {
    clearInterval(writer);
    await writing;
  }
} finally {
  await server.stop();
}
