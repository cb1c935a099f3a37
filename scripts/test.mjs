// npm test: the whole suite on embedded PostgreSQL 17, then the database and CLI tests again on
// Debian's PostgreSQL 15 when it is installed; ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const extra = process.argv.slice(2);
// The CLI tests drive the built binary: build first, and count a broken build as a failure.
if (spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const runs = [{ name: 'PostgreSQL 17 (embedded)', env: {}, args: extra, out: 'test-results.json' }];
/** What could not run on this machine: said first, and again in the summary above the last line. */
const notes = [];
const pg15 = '/usr/lib/postgresql/15/bin/initdb';
const isRoot = process.getuid?.() === 0;
if (extra.length === 0 && existsSync(pg15) && isRoot && !process.env.TEST_DATABASE_URL) {
  runs.push({ name: 'PostgreSQL 15 (Debian)', env: { MANTIS_TEST_PG: 'debian15' }, args: ['test/db', 'test/cli'], out: 'test-results-pg15.json' });
} else if (extra.length === 0) {
  notes.push(`PostgreSQL 15 run skipped (${existsSync(pg15) ? 'needs root to run initdb as postgres' : `${pg15} not installed`})`);
}
// Global setup gives the server TLS only with openssl, and runs PgBouncer only when installed and TLS is on.
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
const pgbouncer = '/usr/sbin/pgbouncer';
if (process.env.TEST_DATABASE_URL) {
  notes.push('TLS and pooled tests not run (TEST_DATABASE_URL: a server the tests do not configure)');
} else {
  if (!hasOpenssl) notes.push('TLS tests not run (openssl not installed)');
  if (!existsSync(pgbouncer)) notes.push('pooled tests not run: pgbouncer not installed (apt-get install pgbouncer)');
  else if (!hasOpenssl) notes.push('pooled tests not run: PgBouncer needs TLS (openssl not installed)');
}
for (const note of notes) console.log(`note: ${note}`);

let passed = 0;
let failed = 0;
for (const run of runs) {
  console.log(`\n=== ${run.name} ===`);
  rmSync(run.out, { force: true });
  const result = spawnSync('npx', ['vitest', 'run', '--outputFile.json', run.out, ...run.args], {
    stdio: 'inherit',
    env: { ...process.env, ...run.env },
  });
  if (existsSync(run.out)) {
    const report = JSON.parse(readFileSync(run.out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // A file that failed without a failing test (it did not load, or a hook failed and its tests
    // were reported skipped) is a failure too: nothing may hide one.
    const failedFiles = report.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'));
    for (const file of failedFiles) console.log(`failed without a failing test: ${file.name}: ${(file.message ?? '').split('\n')[0]}`);
    failed += failedFiles.length;
  } else {
    failed += 1;
  }
  if (result.status !== 0 && !existsSync(run.out)) console.log(`vitest exited with ${result.status}`);
}
for (const note of notes) console.log(`note: ${note}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
