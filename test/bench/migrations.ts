/**
 * npm run bench (test/bench/migrations.ts): prints figures (no pass/fail). --migrations DIR on a
 * generated directory of 200 files: the first build of the intended state (throwaway PostgreSQL 17,
 * every file applied, introspected), a second run from the cache, and verify with it against
 * plain verify on the same database, in alternating pairs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dependenciesFor, loadIntendedState } from '../../src/commands/intended.js';
import { defaultDependencies, verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { migrationFileNames } from '../../src/contract/migration-files.js';
import { runChecks } from '../../src/core/checks/index.js';
import { introspect } from '../../src/db/introspect.js';
import { readOnlyDatabase } from '../../src/db/session.js';
import { buildTemplates, createDatabase, withClient } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';

const FILES = 200;
const RUNS = 20;

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

const directory = mkdtempSync(join(tmpdir(), 'mantis-bench-migrations-'));
const cache = mkdtempSync(join(tmpdir(), 'mantis-bench-cache-'));
const server = await startTestServer();
try {
  for (let i = 1; i <= FILES; i++)
    writeFileSync(join(directory, `${String(i).padStart(4, '0')}_t${i}.sql`), migration(i));
  let started = performance.now();
  const first = await loadIntendedState(directory, cache);
  const firstMs = performance.now() - started;
  console.log(
    `first build of a ${FILES}-file directory: ${ms(firstMs)} (${first.manifest.expected.relations.length} relations, ${first.manifest.expected.functions.length} functions, ${first.manifest.expected.policies.length} policies; target < 20 s)`,
  );
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    await loadIntendedState(directory, cache);
    warm.push(performance.now() - started);
  }
  console.log(
    `second run: the intended state from the cache (hash ${FILES} files, read JSON), ${RUNS} runs: p50 ${ms(p50(warm))}`,
  );

  await buildTemplates(server.adminUrl);
  const url = await createDatabase(server.adminUrl, 'empty', 'benchmig');
  await withClient(url, async (client) => {
    for (const name of migrationFileNames(directory)) await client.query(readFileSync(join(directory, name), 'utf8'));
  });
  const config = loadConfig({ env: {}, issohUrl: url });
  const time = async (run: () => Promise<unknown>) => {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const at = performance.now();
      await run();
      samples.push(performance.now() - at);
    }
    return p50(samples);
  };
  // Plain verify and the second run alternate, so a change in the machine's load falls on both:
  // the figure is the median of each pair's difference.
  const secondRun = async () => verify(config, await dependenciesFor(directory, cache, () => new Date()));
  const plainRun = () => verify(config, defaultDependencies());
  await plainRun();
  await secondRun();
  const pairs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let at = performance.now();
    await plainRun();
    const plain = performance.now() - at;
    at = performance.now();
    await secondRun();
    pairs.push(performance.now() - at - plain);
  }
  console.log(
    `second run (load the intended state from the cache + verify) over plain verify (built-in 0024), ${RUNS} pairs: p50 ${ms(p50(pairs))} (target < 100 ms)`,
  );
  // Where the overhead goes: the cache, the catalog query over the set's scope, reading its answer, the checks.
  const deps = await dependenciesFor(directory, cache, () => new Date());
  const db = readOnlyDatabase(config.issoh!, config);
  try {
    const load = await time(() => loadIntendedState(directory, cache));
    const builtIn = await time(() => introspect(db));
    const scoped = await time(() => introspect(db, { scope: deps.manifest.migrations!.scope }));
    const snapshot = await introspect(db, { scope: deps.manifest.migrations!.scope });
    const text = JSON.stringify(snapshot);
    const parse = await time(async () => JSON.parse(text));
    // each run on a snapshot of its own, as verify has: no index of src/core/lookup.ts carried over
    const findings = runChecks({
      manifest: deps.manifest,
      templates: deps.templates,
      issoh: snapshot,
      spp: null,
    }).length;
    const checks =
      (await time(async () =>
        runChecks({ manifest: deps.manifest, templates: deps.templates, issoh: JSON.parse(text), spp: null }),
      )) - parse;
    console.log(
      `  of which (p50 of ${RUNS} runs each): the intended state from the cache ${ms(load)}; the catalog query ${ms(scoped)} (the set's ${deps.manifest.migrations!.scope.relationNames.length} relations) vs ${ms(builtIn)} (built-in scope), its ${(text.length / 1024).toFixed(0)} kB of JSON parsed in ${ms(parse)}; the checks ${ms(checks)} (${findings} findings)`,
    );
  } finally {
    await db.close();
  }
} finally {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
}
