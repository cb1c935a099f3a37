/**
 * Root, with the clone in a directory only root may enter (as in root's home, mode 0700): the
 * server runs as the postgres user, who cannot reach node_modules there. The demo and the tests'
 * own server start all the same (the binaries run from a copy that user can reach), and a server
 * that cannot start says why on one line and exits 4. `npm test` runs this file as root only and
 * names it as not run otherwise; run directly as another user it fails and says why.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, withClient } from '../helpers/databases.js';

/** A clone's working tree with its own node_modules and build, as `git clone && npm ci && npm run build` leaves it. */
function cloneInto(target: string): void {
  cpSync(ROOT, target, {
    recursive: true,
    filter: (source) => !/^(node_modules|\.git|dist|test-results)/.test(relative(ROOT, source)),
  });
  // Hard links: a real node_modules inside the private directory, without copying 270 MB.
  const linked = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(target, 'node_modules')]);
  if (linked.status !== 0) cpSync(join(ROOT, 'node_modules'), join(target, 'node_modules'), { recursive: true });
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: target, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the clone's build failed: ${built.stderr}`);
}

interface Demo {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** `npm run demo -- --print-urls` as the clone runs it: the built binary, from the clone. */
function startDemo(clone: string, env: Record<string, string>): Demo {
  const child = spawn(process.execPath, [join(clone, 'bin', 'mantis-sync-tui.js'), 'demo', '--print-urls'], {
    cwd: clone,
    env,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, stderr: () => stderr, exited };
}

/** The URLs it prints; rejects, with what it said, if it ends first. */
function printedUrls(demo: Demo): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    demo.child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (/NEON_SPP_DATABASE_URL=\S+\n/.test(stdout))
        resolve(
          Object.fromEntries(
            stdout
              .trim()
              .split('\n')
              .map((line) => line.split(/=(.*)/s).slice(0, 2)),
          ),
        );
    });
    void demo.exited.then((code) =>
      reject(new Error(`the demo ended (exit ${code}) before its URLs: ${demo.stderr()}`)),
    );
  });
}

describe('a clone in a directory only root may enter, run as root', () => {
  let privateDirectory: string;
  let clone: string;
  /** TMPDIR of the runs: a fresh one, so the binaries are copied for the postgres user here, not found from an earlier run */
  let temporary: string;
  let env: Record<string, string>;

  beforeAll(() => {
    if (process.getuid?.() !== 0)
      throw new Error('run this file as root: only a server run as the postgres user meets a directory closed to it');
    privateDirectory = mkdtempSync(join(tmpdir(), 'mantis-private-'));
    chmodSync(privateDirectory, 0o700);
    clone = join(privateDirectory, 'clone');
    cloneInto(clone);
    temporary = mkdtempSync(join(tmpdir(), 'mantis-private-tmp-'));
    chmodSync(temporary, 0o755);
    env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TMPDIR: temporary };
  }, 60_000);
  afterAll(() => {
    if (privateDirectory) rmSync(privateDirectory, { recursive: true, force: true });
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  });

  it('npm run demo -- --print-urls starts IS-SOH and SPP; Ctrl-C stops them and leaves nothing but the binaries’ copy', async () => {
    const demo = startDemo(clone, env);
    try {
      const urls = await printedUrls(demo);
      expect(Object.keys(urls)).toEqual(['DATABASE_URL', 'NEON_SPP_DATABASE_URL']);
      const databaseOf = (url: string) =>
        withClient(url, async (client) => (await client.query('SELECT current_database() AS name')).rows[0].name);
      expect(await databaseOf(urls.DATABASE_URL!)).toBe('mantis_issoh');
      expect(await databaseOf(urls.NEON_SPP_DATABASE_URL!)).toBe('mantis_spp');
      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(130);
    } finally {
      demo.child.kill('SIGKILL');
    }
    expect(demo.stderr()).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(temporary)).toEqual([expect.stringMatching(/^mantis-postgresql-/)]);
  }, 60_000);

  it('the tests’ own server (global setup’s) starts from the clone', async () => {
    const script = join(clone, 'start-test-server.ts');
    writeFileSync(
      script,
      [
        "import { startTestServer } from './test/helpers/server.ts';",
        'const server = await startTestServer();',
        'console.log(server.description);',
        'await server.stop();',
      ].join('\n'),
    );
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', script],
        { cwd: clone, env, timeout: 50_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(result, result.stderr).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^embedded PostgreSQL 17 on 127\.0\.0\.1:\d+/),
    });
  }, 60_000);

  it('a server that cannot start (its directory closed to postgres) is one line naming the cause and the fix, exit 4', async () => {
    const closed = join(privateDirectory, 'tmp');
    mkdirSync(closed, { mode: 0o700 });
    const demo = startDemo(clone, { ...env, TMPDIR: closed });
    expect(await demo.exited).toBe(4);
    const lines = demo.stderr().trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^mantis-sync-tui: the demo's PostgreSQL could not be started: the postgres user .* cannot enter .*: set TMPDIR to a directory other users can enter/,
    );
    expect(lines).toHaveLength(2); // "starting the demo…", then why it did not
    expect(existsSync(closed) && readdirSync(closed)).toEqual([]);
  }, 60_000);
});
