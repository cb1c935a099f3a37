/**
 * npm run bench (test/bench/startup.ts): `verify --json` as a script runs it, the whole process from
 * spawn to exit, beside its yardsticks in one run (issue 25 item 2), then where its time goes (item 6):
 * - against `node -e 0` on loopback (target ≤ 2×), beside the floor any client has there: psql sending
 *   verify's own catalog query (its read preamble and parameters inlined) to both databases at once;
 * - through a loopback proxy adding 100 ms of round-trip time, against `psql -c 'select 1'` through
 *   the same proxy (target ≤ psql + 150 ms);
 * - the breakdown: process start, module loading, connect, query, checks, output.
 * Runs alternate (A B A B ...) so a machine that slows down slows both; the ratio is taken pair by pair.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scopeParameters } from '../../src/core/scope.js';
import { renderSql } from '../../src/core/sqltext.js';
import { READ_LOCK_TIMEOUT_MS } from '../../src/db/connect.js';
import { bindInline } from '../../src/db/inline.js';
import { loadSql } from '../../src/sql.js';
import { buildTemplates, createDatabase, ROOT } from '../helpers/databases.js';
import { startLatencyProxy } from '../helpers/latency-proxy.js';
import { median, PHASE, type PhaseRecord, phaseRecorder, phaseRow, printBreakdown } from '../helpers/phases.js';
import { startTestServer } from '../helpers/server.js';

const RUNS = 10;
const BIN = join(ROOT, 'bin', 'mantis-sync-tui.js');
const PSQL = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((path) => existsSync(path));

/** Spawn to exit, in ms; output thrown away (verify exits 1 when findings fail: fine here). */
function timeProcess(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/** A and B in turn, one warm-up each; their medians and the median of the pairwise ratios and differences. */
async function paired(a: () => Promise<number>, b: () => Promise<number>) {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return {
    a: median(as),
    b: median(bs),
    ratio: median(as.map((value, i) => value / bs[i]!)),
    difference: median(as.map((value, i) => value - bs[i]!)),
  };
}

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const env = {
    DATABASE_URL: await createDatabase(server.adminUrl, 'issohMigrated', 'bench'),
    NEON_SPP_DATABASE_URL: await createDatabase(server.adminUrl, 'sppSeed000', 'bench'),
  };
  console.log(`server: ${server.description}; ${RUNS} runs each, alternating; whole processes, spawn to exit`);

  const local = await paired(
    () => timeProcess(process.execPath, [BIN, 'verify', '--json'], env),
    () => timeProcess(process.execPath, ['-e', '0']),
  );
  console.log(
    `verify --json ${local.a.toFixed(0)} ms · node -e 0 ${local.b.toFixed(0)} ms · ratio ${local.ratio.toFixed(2)} (target ≤ 2: ${local.ratio <= 2 ? 'met' : 'NOT met'})`,
  );

  if (PSQL) {
    // The same messages verify sends: its preamble, then IS-SOH's catalog query and SPP's topology read.
    const message = (query: string) =>
      `${renderSql(loadSql('catalog/read_begin'), {
        lock_timeout: `${READ_LOCK_TIMEOUT_MS}ms`,
        statement_timeout: '30000ms',
      })}\n${bindInline(loadSql(query), scopeParameters(undefined, null))}`;
    const psqlBoth = async () => {
      const started = performance.now();
      await Promise.all([
        timeProcess(PSQL, ['-X', '-q', env.DATABASE_URL, '-c', message('catalog/snapshot')]),
        timeProcess(PSQL, ['-X', '-q', env.NEON_SPP_DATABASE_URL, '-c', message('catalog/topology')]),
      ]);
      return performance.now() - started;
    };
    const floor = await paired(psqlBoth, () => timeProcess(process.execPath, ['-e', '0']));
    console.log(
      `the floor: psql sending verify's catalog query to both databases at once ${floor.a.toFixed(0)} ms · node -e 0 ${floor.b.toFixed(0)} ms · ratio ${floor.ratio.toFixed(2)} (connect and the server's answer alone; verify ÷ this: ${(local.a / floor.a).toFixed(2)})`,
    );
  } else console.log('the floor (psql sending the catalog query): psql is not installed; not measured');

  const proxy = await startLatencyProxy(server.adminUrl, 100);
  try {
    const far = {
      DATABASE_URL: proxy.url(env.DATABASE_URL),
      NEON_SPP_DATABASE_URL: proxy.url(env.NEON_SPP_DATABASE_URL),
    };
    if (PSQL) {
      const remote = await paired(
        () => timeProcess(process.execPath, [BIN, 'verify', '--json'], far),
        () => timeProcess(PSQL, ['-X', '-q', far.DATABASE_URL, '-c', 'select 1']),
      );
      console.log(
        `through a proxy adding 100 ms RTT: verify --json ${remote.a.toFixed(0)} ms · psql -c 'select 1' ${remote.b.toFixed(0)} ms · difference +${remote.difference.toFixed(0)} ms, ratio ${remote.ratio.toFixed(2)} (target ≤ psql + 150 ms: ${remote.difference <= 150 ? 'met' : 'NOT met'})`,
      );
    } else console.log('through a proxy adding 100 ms RTT: psql is not installed; not measured');

    for (const [title, urls] of [
      ['verify --json on loopback', env],
      ['verify --json through the 100 ms proxy', far],
    ] as const) {
      const records: PhaseRecord[] = [];
      const walls: number[] = [];
      for (let run = 0; run < 6; run++) {
        const recorder = phaseRecorder();
        try {
          const wall = await timeProcess(process.execPath, [BIN, 'verify', '--json'], { ...urls, ...recorder.env });
          if (run === 0) continue; // warm-up
          walls.push(wall);
          records.push(recorder.read());
        } finally {
          recorder.dispose();
        }
      }
      console.log('');
      printBreakdown(`Where the time goes: ${title}`, [
        ...[
          PHASE.processStart,
          PHASE.entryLoaded,
          PHASE.handlerLoaded,
          PHASE.connected,
          PHASE.queried,
          PHASE.checked,
          PHASE.firstOutput,
          PHASE.exit,
        ].map((phase) => phaseRow(phase, records)),
        ['whole process, spawn to exit (outside)', walls],
      ]);
    }
  } finally {
    await proxy.stop();
  }
} finally {
  await server.stop();
}
