/**
 * npm run bench (test/bench/verify-all.ts): verify --all over 50 environments (100 databases, an
 * IS-SOH and an SPP each) on loopback, 8 at a time: the library call, and the binary end to end
 * with a mantis-sync-tui.json (node start included). Target: < 3 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { defaultDependencies } from '../../src/commands/verify.js';
import { VERIFY_ALL_CONCURRENCY, verifyAll } from '../../src/commands/verify-all.js';
import { loadConfig } from '../../src/config.js';
import type { Config, DatabaseTarget } from '../../src/core/config.js';
import type { Database } from '../../src/db/connect.js';
import { introspect, introspectTopology } from '../../src/db/introspect.js';
import { readOnlyDatabase } from '../../src/db/session.js';
import { buildTemplates, createDatabase, ROOT, withClient } from '../helpers/databases.js';
import { median } from '../helpers/phases.js';
import { startTestServer } from '../helpers/server.js';

const ENVIRONMENTS = 50;
const RUNS = 3;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * CPU the server has spent on backends that have ended, in ms: the postmaster's children's user and
 * system time (/proc, Linux), or null where that cannot be read. Each database's backend ends
 * with its read, so a run's difference is the server's share of the work.
 */
async function serverCpu(adminUrl: string): Promise<(() => number) | null> {
  try {
    const dataDirectory = await withClient(
      adminUrl,
      async (c) => (await c.query('SHOW data_directory')).rows[0].data_directory,
    );
    const pid = readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0];
    const ticks = () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // fields 16 and 17 of stat(5) (cutime, cstime), counted from the state at index 0
      return (Number(fields[13]) + Number(fields[14])) * 10;
    };
    ticks();
    return ticks;
  } catch {
    return null;
  }
}

async function readAndClose(
  target: DatabaseTarget,
  config: Config,
  read: (db: Database) => Promise<unknown>,
): Promise<void> {
  const db = readOnlyDatabase(target, config);
  try {
    await read(db);
  } finally {
    await db.close();
  }
}

/**
 * The yardstick: the same two reads per environment, over the same connections, 8 environments at
 * a time, and nothing else (no checks, no report). What verifyAll adds to it is its own work; the
 * rest is the reads', most of it the server's. Run after each verifyAll, so both see the same host.
 */
async function readAlone(named: ReadonlyArray<{ readonly config: Config }>): Promise<number> {
  const limit = pLimit(VERIFY_ALL_CONCURRENCY);
  const started = performance.now();
  await Promise.all(
    named.map(({ config }) =>
      limit(() =>
        Promise.all([
          readAndClose(config.issoh!, config, (db) => introspect(db)),
          readAndClose(config.spp!, config, (db) => introspectTopology(db)),
        ]),
      ),
    ),
  );
  return performance.now() - started;
}

const server = await startTestServer();
const directory = mkdtempSync(join(tmpdir(), 'mantis-bench-all-'));
try {
  await buildTemplates(server.adminUrl);
  const variables: Record<string, string> = {};
  const environments: Record<string, { issoh: string; spp: string }> = {};
  for (let i = 0; i < ENVIRONMENTS; i++) {
    const name = `tenant-${String(i).padStart(2, '0')}`;
    const prefix = `TENANT_${String(i).padStart(2, '0')}`;
    variables[`${prefix}_DATABASE_URL`] = await createDatabase(server.adminUrl, 'issohMigrated', 'bench');
    variables[`${prefix}_SPP_DATABASE_URL`] = await createDatabase(server.adminUrl, 'sppSeed000', 'bench');
    environments[name] = { issoh: `${prefix}_DATABASE_URL`, spp: `${prefix}_SPP_DATABASE_URL` };
  }
  console.log(`server: ${server.description}; ${ENVIRONMENTS} environments, ${ENVIRONMENTS * 2} databases`);

  const named = Object.entries(environments).map(([name, e]) => ({
    name,
    config: loadConfig({
      env: {},
      environment: {
        name,
        production: false,
        readOnly: false,
        issoh: { url: variables[e.issoh]!, source: e.issoh },
        spp: { url: variables[e.spp]!, source: e.spp },
        warnings: [],
      },
    }),
  }));
  const deps = defaultDependencies();
  // A database just made from a template has no relation cache file yet: its first connection
  // writes one (pg_internal.init), which no database in service pays. That first pass is printed
  // on its own and not counted.
  const creating = performance.now();
  await verifyAll(named, deps);
  const firstPass = performance.now() - creating;
  const samples: number[] = [];
  const readsAlone: number[] = [];
  const cpuOfServer = await serverCpu(server.adminUrl);
  const spent: string[] = [];
  const floors: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const [clientBefore, serverBefore] = [process.cpuUsage(), cpuOfServer?.() ?? 0];
    const results = await verifyAll(named, deps);
    const wall = performance.now() - started;
    samples.push(wall);
    const client = process.cpuUsage(clientBefore);
    const clientMs = (client.user + client.system) / 1000;
    const serverMs = cpuOfServer ? cpuOfServer() - serverBefore : null;
    spent.push(
      `${serverMs === null ? 'server not readable here' : `server ${seconds(serverMs)}`}, client ${seconds(clientMs)}`,
    );
    if (serverMs !== null) {
      const floor = (serverMs + clientMs) / os.availableParallelism();
      floors.push(`${seconds(floor)} (the run took ${Math.round((wall / floor) * 100)}% of it)`);
    }
    readsAlone.push(await readAlone(named));
    const unread = results.filter((r) => Object.values(r.report.databases).some((d) => d.status !== 'ok'));
    if (unread.length > 0) throw new Error(`${unread.length} environments not read`);
  }
  const best = Math.min(...samples);
  console.log(
    `verifyAll, ${ENVIRONMENTS} environments at ${VERIFY_ALL_CONCURRENCY} at a time, ${RUNS} runs: ${samples.map(seconds).join(', ')} (after a first pass over the new databases, ${seconds(firstPass)})`,
  );
  console.log(
    `  target < 3 s: ${Math.max(...samples) < 3000 ? 'met' : 'NOT met'} (slowest run; fastest ${seconds(best)})`,
  );
  console.log(
    `  yardstick, the same reads alone (no checks, no report), ${RUNS} runs: ${readsAlone.map(seconds).join(', ')}; verifyAll takes ${(median(samples) / median(readsAlone)).toFixed(2)}x their median`,
  );
  // Where the time goes: on 2 cores, the CPU both sides spend over 2 is the run's floor.
  console.log(`  CPU per run (${os.availableParallelism()} cores): ${spent.join('; ')}`);
  // No schedule beats it: the run cannot end before both sides' CPU has been spent on these cores.
  // The server's share moves with the host (by a third between minutes on a shared VM).
  if (floors.length > 0) console.log(`  floor per run, both sides' CPU over the cores: ${floors.join('; ')}`);

  writeFileSync(join(directory, 'mantis-sync-tui.json'), JSON.stringify({ environments }));
  const started = performance.now();
  try {
    execFileSync(process.execPath, [join(ROOT, 'bin', 'mantis-sync-tui.js'), 'verify', '--all', '--format', 'junit'], {
      cwd: directory,
      env: { PATH: process.env.PATH, ...variables },
      stdio: 'ignore',
    });
  } catch (error) {
    // 1 (warnings and failures) is fine here; anything else is not.
    if ((error as { status?: number }).status !== 1) throw error;
  }
  const binary = performance.now() - started;
  console.log(
    `binary: mantis-sync-tui verify --all --format junit, end to end (node start included): ${seconds(binary)}; target < 3 s: ${binary < 3000 ? 'met' : 'NOT met'}`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
  await server.stop();
}
