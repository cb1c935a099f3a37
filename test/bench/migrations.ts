/**
 * npm run bench (test/bench/migrations.ts): prints figures (no pass/fail). --migrations DIR on a
 * generated directory of 200 files, applied to a database with a ledger listing them:
 * - the first build of the intended state (throwaway PostgreSQL 17, every file applied, introspected);
 * - the second run, as a person sees it: the built binary's `verify --json --migrations DIR` (the
 *   intended state in the cache) against plain `verify --json` on the same database, whole processes,
 *   alternating, the median of the pairs' differences, and where each one's time goes;
 * - the target (a second run + < 100 ms over plain verify) on the same objects: a directory of the
 *   built-in 0024's own files against plain verify, so a bigger scope's reads are not counted as
 *   the cost of --migrations;
 * - the client's CPU time for what the second run adds: the cache, reading the catalog query's
 *   answer, the checks (CPU time, not wall: the machine may be shared); and the catalog query's wall
 *   time over the set's scope against the built-in one's (the server's share).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dependenciesFor, loadIntendedState } from '../../src/commands/intended.js';
import { loadConfig } from '../../src/config.js';
import { migrationFileNames } from '../../src/contract/migration-files.js';
import { runChecks } from '../../src/core/checks/index.js';
import { introspect } from '../../src/db/introspect.js';
import { readOnlyDatabase } from '../../src/db/session.js';
import {
  buildTemplates,
  createDatabase,
  MIGRATION_FILE,
  PREREQ_FILES,
  ROOT,
  withClient,
} from '../helpers/databases.js';
import { PHASE, type PhaseRecord, phaseRecorder, phaseRow, printBreakdown } from '../helpers/phases.js';
import { startTestServer } from '../helpers/server.js';

const FILES = 200;
const RUNS = 20;
const BIN = join(ROOT, 'bin', 'mantis-sync-tui.js');

/** A migration a team might write: a table that points at the last one, an index, a policy, a trigger, a grant. */
function migration(i: number): string {
  const previous = i > 1 ? `,\n    parent_id bigint REFERENCES app.t${i - 1} (id) ON DELETE CASCADE` : '';
  return `${i === 1 ? 'CREATE SCHEMA app;\n' : ''}CREATE TABLE app.t${i} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL DEFAULT '',
    amount numeric(12, 2) CHECK (amount >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()${previous}
);
CREATE INDEX t${i}_name_idx ON app.t${i} (name) WHERE amount > 0;
CREATE FUNCTION app.touch_t${i}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t${i}_touch BEFORE UPDATE ON app.t${i} FOR EACH ROW EXECUTE FUNCTION app.touch_t${i}();
ALTER TABLE app.t${i} ENABLE ROW LEVEL SECURITY;
CREATE POLICY t${i}_read ON app.t${i} FOR SELECT TO authenticated USING (amount IS NOT NULL);
GRANT SELECT ON app.t${i} TO authenticated;
`;
}

const p50 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Spawn to exit, in ms; output thrown away (verify exits 1 when findings fail: fine here). */
function timeProcess(args: readonly string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/** p50 of RUNS runs after a warm-up, of `measure` around each. */
async function repeated(measure: () => () => number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const stop = measure();
    await work();
    samples.push(stop());
  }
  return p50(samples);
}
const wallTime = (work: () => Promise<unknown>) =>
  repeated(() => {
    const at = performance.now();
    return () => performance.now() - at;
  }, work);
/** Only for work that does not wait: the process's CPU time, which another process's load does not stretch. */
const cpuTime = (work: () => Promise<unknown>) =>
  repeated(() => {
    const at = process.cpuUsage();
    return () => {
      const used = process.cpuUsage(at);
      return (used.user + used.system) / 1000;
    };
  }, work);

const directory = mkdtempSync(join(tmpdir(), 'mantis-bench-migrations-'));
const cacheHome = mkdtempSync(join(tmpdir(), 'mantis-bench-cache-'));
// where the binary looks with XDG_CACHE_HOME (src/config.ts cacheDirectory)
const cache = join(cacheHome, 'mantis-sync-tui');
const server = await startTestServer();
try {
  for (let i = 1; i <= FILES; i++)
    writeFileSync(join(directory, `${String(i).padStart(4, '0')}_t${i}.sql`), migration(i));
  const started = performance.now();
  const first = await loadIntendedState(directory, cache);
  const firstMs = performance.now() - started;
  console.log(
    `first build of a ${FILES}-file directory: ${ms(firstMs)} (${first.manifest.expected.relations.length} relations, ${first.manifest.expected.functions.length} functions, ${first.manifest.expected.policies.length} policies; target < 20 s)`,
  );

  await buildTemplates(server.adminUrl);
  const url = await createDatabase(server.adminUrl, 'empty', 'benchmig');
  await withClient(url, async (client) => {
    // applied as a team's tool applies them, which keeps a ledger of what ran (Supabase's shape)
    await client.query(
      'CREATE TABLE public.schema_migrations (version text PRIMARY KEY, inserted_at timestamptz DEFAULT now())',
    );
    for (const name of migrationFileNames(directory)) {
      await client.query(readFileSync(join(directory, name), 'utf8'));
      await client.query('INSERT INTO public.schema_migrations (version) VALUES ($1)', [name.slice(0, 4)]);
    }
  });
  const config = loadConfig({ env: {}, issohUrl: url });

  // The built binary, as a person runs it twice: the cache it reads is the one filled above.
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: url, XDG_CACHE_HOME: cacheHome };
  const plainArgs = [BIN, 'verify', '--json'];
  const setArgs = [...plainArgs, '--migrations', directory];
  const run = async (args: readonly string[]) => {
    const recorder = phaseRecorder();
    try {
      const wall = await timeProcess(args, { ...env, ...recorder.env });
      return { wall, record: recorder.read() };
    } finally {
      recorder.dispose();
    }
  };
  await run(plainArgs);
  await run(setArgs);
  const plain: Array<{ wall: number; record: PhaseRecord }> = [];
  const withSet: Array<{ wall: number; record: PhaseRecord }> = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(await run(plainArgs));
    withSet.push(await run(setArgs));
  }
  const differences = withSet.map((r, i) => r.wall - plain[i]!.wall);
  console.log(
    `second run, whole processes: verify --json --migrations DIR p50 ${ms(p50(withSet.map((r) => r.wall)))} vs plain verify --json p50 ${ms(p50(plain.map((r) => r.wall)))}; difference p50 of ${RUNS} pairs ${ms(p50(differences))} (the set's ${FILES} tables read and compared where plain verify reads 0024's; the target is measured on the same objects, below)`,
  );
  for (const [title, runs] of [
    ['plain verify --json', plain],
    ['verify --json --migrations DIR (second run)', withSet],
  ] as const) {
    printBreakdown(`  where the time goes: ${title}`, [
      ...[
        PHASE.processStart,
        PHASE.entryLoaded,
        PHASE.handlerLoaded,
        PHASE.queried,
        PHASE.checked,
        PHASE.firstOutput,
        PHASE.exit,
      ].map((phase) =>
        phaseRow(
          phase,
          runs.map((r) => r.record),
        ),
      ),
      ['whole process, spawn to exit (outside)', runs.map((r) => r.wall)],
    ]);
  }

  // The same objects both ways: plain verify beside --migrations with a directory that holds the
  // built-in 0024's own files (its prerequisites, then the migration), on a database that has them.
  // What is left between the two is what a cached --migrations run adds, not a bigger scope's reads.
  const ownDirectory = join(directory, '..', `${basename(directory)}-0024`);
  mkdirSync(ownDirectory);
  for (const [i, file] of [...PREREQ_FILES, MIGRATION_FILE].entries())
    copyFileSync(file, join(ownDirectory, `${String(i + 1).padStart(3, '0')}_${basename(file)}`));
  try {
    const migrated = await createDatabase(server.adminUrl, 'issohMigrated', 'benchmig');
    const sameEnv = { ...env, DATABASE_URL: migrated };
    const timed = (args: readonly string[]) => timeProcess(args, sameEnv);
    const ownArgs = [...plainArgs, '--migrations', ownDirectory];
    await timed(ownArgs); // fills the cache: the first build
    await timed(plainArgs);
    const same: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      same.push(await timed(plainArgs));
      own.push(await timed(ownArgs));
    }
    const added = p50(own.map((wall, i) => wall - same[i]!));
    console.log(
      `second run over the same objects (a directory of the built-in 0024's ${PREREQ_FILES.length + 1} files, on a database that has them): verify --json --migrations DIR p50 ${ms(p50(own))} vs plain verify --json p50 ${ms(p50(same))}; difference p50 of ${RUNS} pairs ${ms(added)} (target < 100 ms: ${added < 100 ? 'met' : 'NOT met'})`,
    );
  } finally {
    rmSync(ownDirectory, { recursive: true, force: true });
  }

  // In process: the client's CPU for each part the second run adds, and the catalog query's wall time.
  const deps = await dependenciesFor(directory, cache, () => new Date());
  const scope = deps.manifest.migrations!.scope;
  const db = readOnlyDatabase(config.issoh!, config);
  try {
    const load = await cpuTime(() => loadIntendedState(directory, cache));
    const builtIn = await wallTime(() => introspect(db));
    const scoped = await wallTime(() => introspect(db, { scope }));
    const text = JSON.stringify(await introspect(db, { scope }));
    const parse = await cpuTime(async () => JSON.parse(text));
    // each run on a snapshot of its own, as verify has: no index of src/core/lookup.ts carried over
    const findings = runChecks({ ...deps, issoh: JSON.parse(text), spp: null }).length;
    const checks = (await cpuTime(async () => runChecks({ ...deps, issoh: JSON.parse(text), spp: null }))) - parse;
    console.log(
      `  the client's CPU (p50 of ${RUNS} runs each): the intended state from the cache ${ms(load)}; the catalog query's ${(text.length / 1024).toFixed(0)} kB answer parsed ${ms(parse)}; the checks ${ms(checks)} (${findings} findings)`,
    );
    console.log(
      `  the catalog query, wall: ${ms(scoped)} over the set's scope (${scope.relationNames.length} relations, ${scope.functionNames.length} functions) vs ${ms(builtIn)} over the built-in one`,
    );
  } finally {
    await db.close();
  }
} finally {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
  rmSync(cacheHome, { recursive: true, force: true });
}
