// npm test: the whole suite on embedded PostgreSQL 17, then the database and CLI tests again on
// Debian's PostgreSQL 15 when it is installed; ends with one line "N passed, N failed" (", N skipped"
// added when something could not run on this machine: each such thing is named on a "not run:" line).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const extra = process.argv.slice(2);

/** Runs vitest with its output shown as it comes, and kept to be read afterwards. */
function vitest(args, env) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', ...args], { stdio: ['inherit', 'pipe', 'pipe'], env });
    let output = '';
    const keep = (stream) => (chunk) => {
      stream.write(chunk);
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('close', (status) => resolve({ status, output }));
  });
}
// The CLI tests drive the built binary: build first, and count a broken build as a failure.
if (spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
/**
 * What cannot run on this machine, each named on a line of its own ("not run: WHAT (WHY: FIX)"),
 * said first and again above the summary, and counted in it as skipped. .ci/run installs all of it.
 */
const notRun = [];
const isRoot = process.getuid?.() === 0;
const excluded = [];
const sshd = process.env.MANTIS_TEST_SSHD ?? '/usr/sbin/sshd';
const hasCommand = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
if (!existsSync(sshd)) {
  notRun.push('test/e2e/ssh.test.ts (sshd missing: apt-get install openssh-server)');
  excluded.push('test/e2e/ssh.test.ts');
} else if (!hasCommand('ssh') || !hasCommand('ssh-keygen')) {
  notRun.push('test/e2e/ssh.test.ts (ssh client missing: apt-get install openssh-client)');
  excluded.push('test/e2e/ssh.test.ts');
}
if (!isRoot) {
  notRun.push(
    'test/e2e/private-directory.test.ts (needs root: only a server run as the postgres user meets a directory closed to it)',
  );
  excluded.push('test/e2e/private-directory.test.ts');
}
const exclude = excluded.flatMap((file) => ['--exclude', file]);
const runs = [{ name: 'PostgreSQL 17 (embedded)', env: {}, args: [...extra, ...exclude], out: 'test-results.json' }];
const pg15 = '/usr/lib/postgresql/15/bin/initdb';
if (extra.length === 0 && existsSync(pg15) && isRoot && !process.env.TEST_DATABASE_URL) {
  runs.push({
    name: 'PostgreSQL 15 (Debian)',
    env: { MANTIS_TEST_PG: 'debian15' },
    args: ['test/db', 'test/cli'],
    out: 'test-results-pg15.json',
  });
} else if (extra.length === 0) {
  const why = process.env.TEST_DATABASE_URL
    ? 'TEST_DATABASE_URL: the tests use the server given'
    : existsSync(pg15)
      ? 'needs root to run initdb as postgres'
      : 'postgresql-15 missing: apt-get install postgresql-15';
  notRun.push(`test/db, test/cli on PostgreSQL 15 (${why})`);
}
// Global setup gives the server TLS only with openssl, and runs PgBouncer only when installed and TLS is on;
// the tests that need them are then not registered (hasTls, hasPgBouncer in test/helpers/context.ts).
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
const pgbouncer = '/usr/sbin/pgbouncer';
if (process.env.TEST_DATABASE_URL) {
  notRun.push('TLS and pooled tests (TEST_DATABASE_URL: a server the tests do not configure)');
} else {
  if (!hasOpenssl) notRun.push('TLS tests (openssl missing: apt-get install openssl)');
  if (!existsSync(pgbouncer)) notRun.push('pooled tests (pgbouncer missing: apt-get install pgbouncer)');
  else if (!hasOpenssl) notRun.push('pooled tests (PgBouncer needs TLS; openssl missing: apt-get install openssl)');
}
// A disk that fills mid-export is a tmpfs the test mounts (test/cli/hard-failures.test.ts): root only.
if (!isRoot) notRun.push('tmpfs tests: a disk that fills mid-export, a full audit log (need root to mount a tmpfs)');
for (const line of notRun) console.log(`not run: ${line}`);

let passed = 0;
let failed = 0;
/** Registered but not run (.skip/.todo: none should be), plus each thing named as not run. */
let skipped = notRun.length;
// The house is checked, not hoped for: types, lint (type-aware rules included) and format each count as one test.
for (const [name, command, args] of [
  ['typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit']],
  ['lint and format (biome ci)', 'npx', ['biome', 'ci', '--error-on-warnings', '--reporter=summary']],
]) {
  console.log(`\n=== ${name} ===`);
  const ok = spawnSync(command, args, { stdio: 'inherit' }).status === 0;
  console.log(ok ? `${name}: clean` : `${name}: FAILED`);
  if (ok) passed += 1;
  else failed += 1;
}
/** How many tests `args` would run: listed with no server (global setup skips it), as the phase would register them. */
function countTests(args, env) {
  const listed = 'test-list.json';
  rmSync(listed, { force: true });
  // --no-isolate: one worker collects every file, several times faster, and the count is the same.
  spawnSync('npx', ['vitest', 'list', '--no-isolate', `--json=${listed}`, ...args], {
    stdio: 'ignore',
    env: { ...env, MANTIS_TEST_LIST_ONLY: '1' },
  });
  if (!existsSync(listed)) return null;
  const count = JSON.parse(readFileSync(listed, 'utf8')).length;
  rmSync(listed, { force: true });
  return count;
}
for (const run of runs) {
  console.log(`\n=== ${run.name} ===`);
  rmSync(run.out, { force: true });
  // Global setup writes here why it failed (the server did not start): then no test ran, and vitest hardly says so.
  const setupFailure = `${run.out}.setup-failure`;
  rmSync(setupFailure, { force: true });
  const env = { ...process.env, ...run.env, MANTIS_TEST_SETUP_FAILURE: setupFailure };
  const result = await vitest(['run', '--outputFile.json', run.out, ...run.args], env);
  if (existsSync(setupFailure)) {
    const why = readFileSync(setupFailure, 'utf8').trim();
    rmSync(setupFailure, { force: true });
    const count = countTests(run.args, env);
    const tests = count === null ? 'its tests (they could not be listed)' : `${count} tests`;
    notRun.push(`${tests} on ${run.name} (the server did not start: ${why})`);
    console.log(`failed: ${run.name} did not start: ${why}`);
    failed += 1;
    skipped += count ?? 0;
    continue;
  }
  // An error thrown outside any test (after it ended, in a timer) is in vitest's output, not in its JSON.
  const unhandled = /Vitest caught (\d+) unhandled errors?/.exec(result.output);
  if (unhandled) {
    console.log(`unhandled errors outside any test: ${unhandled[1]} (see "Unhandled Errors" above)`);
    failed += Number(unhandled[1]);
  }
  if (existsSync(run.out)) {
    const report = JSON.parse(readFileSync(run.out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    // A file that failed without a failing test (it did not load, or a hook failed and its tests
    // were reported skipped) is a failure too: nothing may hide one.
    const failedFiles = report.testResults.filter(
      (file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'),
    );
    for (const file of failedFiles)
      console.log(`failed without a failing test: ${file.name}: ${(file.message ?? '').split('\n')[0]}`);
    failed += failedFiles.length;
    // A run that ran nothing and did not succeed (global setup failed before it could say why) hides no failure either.
    if (report.numTotalTests === 0 && !report.success && !unhandled) {
      console.log(`failed: ${run.name} ran no test (see vitest's output above)`);
      failed += 1;
    }
  } else {
    failed += 1;
  }
  if (result.status !== 0 && !existsSync(run.out)) console.log(`vitest exited with ${result.status}`);
}
for (const line of notRun) console.log(`not run: ${line}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
