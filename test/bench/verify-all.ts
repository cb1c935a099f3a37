/**
 * npm run bench (test/bench/verify-all.ts): verify --all over 50 environments (100 databases, an
 * IS-SOH and an SPP each) on loopback, 8 at a time: the library call, and the binary end to end
 * with a mantis-sync-tui.json (node start included). Target: < 3 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDependencies } from '../../src/commands/verify.js';
import { VERIFY_ALL_CONCURRENCY, verifyAll } from '../../src/commands/verify-all.js';
import { loadConfig } from '../../src/config.js';
import { buildTemplates, createDatabase, ROOT } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';

const ENVIRONMENTS = 50;
const RUNS = 3;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

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
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const results = await verifyAll(named, deps);
    samples.push(performance.now() - started);
    const unread = results.filter((r) => Object.values(r.report.databases).some((d) => d.status !== 'ok'));
    if (unread.length > 0) throw new Error(`${unread.length} environments not read`);
  }
  const best = Math.min(...samples);
  console.log(
    `verifyAll, ${ENVIRONMENTS} environments at ${VERIFY_ALL_CONCURRENCY} at a time, ${RUNS} runs: ${samples.map(seconds).join(', ')} (first includes the catalog caches' warm-up)`,
  );
  console.log(
    `  target < 3 s: ${Math.max(...samples) < 3000 ? 'met' : 'NOT met'} (slowest run; fastest ${seconds(best)})`,
  );

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
