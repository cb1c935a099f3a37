/**
 * A real PgBouncer (Debian's /usr/sbin/pgbouncer) in front of the test server, set up as Neon's
 * pooler behaves: transaction pooling, TLS required from clients, SCRAM passed through to the
 * server, and stock startup-parameter handling, so it refuses `options` and `statement_timeout`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { withClient } from './databases.js';
import { freePort, postgresUser } from './server.js';
import type { ServerCertificate } from './tls.js';

export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface PgBouncer {
  /** Port on 127.0.0.1; every database of the server is reachable by its name. */
  readonly port: number;
  stop(): Promise<void>;
}

export const hasPgBouncerBinary = (): boolean => existsSync(PGBOUNCER_BINARY);

/** The role's SCRAM verifier: with it in auth_file, PgBouncer can pass the client's SCRAM proof on to the server. */
async function scramVerifier(adminUrl: string): Promise<{ user: string; verifier: string }> {
  const { rows } = await withClient(adminUrl, (client) =>
    client.query<{ user: string; verifier: string | null }>(
      'SELECT rolname AS user, rolpassword AS verifier FROM pg_authid WHERE rolname = current_user',
    ),
  );
  const row = rows[0];
  if (!row?.verifier?.startsWith('SCRAM-SHA-256$'))
    throw new Error(`PgBouncer: role ${row?.user} has no SCRAM verifier in pg_authid`);
  return { user: row.user, verifier: row.verifier };
}

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Starts PgBouncer for the server at `adminUrl` (a superuser URL) and waits until it serves a real connection. */
export async function startPgBouncer(adminUrl: string, tls: ServerCertificate): Promise<PgBouncer> {
  const server = new URL(adminUrl);
  const { user, verifier } = await scramVerifier(adminUrl);
  const port = await freePort();
  // PgBouncer refuses to run as root: as root it runs as postgres, which must reach these files.
  const runAs = postgresUser();
  const directory = mkdtempSync(join(tmpdir(), 'mantis-test-pgbouncer-'));
  chmodSync(directory, 0o755);
  const authFile = join(directory, 'userlist.txt');
  writeFileSync(authFile, `${quoted(user)} ${quoted(verifier)}\n`, { mode: 0o600 });
  if (runAs) chownSync(authFile, runAs.uid, runAs.gid);
  const configFile = join(directory, 'pgbouncer.ini');
  writeFileSync(
    configFile,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      'max_client_conn = 500',
      'default_pool_size = 20',
      'auth_type = scram-sha-256',
      `auth_file = ${authFile}`,
      'client_tls_sslmode = require',
      `client_tls_cert_file = ${tls.certFile}`,
      `client_tls_key_file = ${tls.keyFile}`,
      'server_tls_sslmode = prefer',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );

  // Spawned with the postgres uid directly (not through runuser), so killing the child stops PgBouncer itself.
  const child = spawn(PGBOUNCER_BINARY, [configFile], {
    uid: runAs?.uid,
    gid: runAs?.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keepLog = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keepLog);
  child.stderr?.on('data', keepLog);
  // If the test run dies without teardown, do not leave PgBouncer behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcess(child);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(child, () => log, {
      host: '127.0.0.1',
      port,
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
      database: decodeURIComponent(server.pathname.slice(1)) || 'postgres',
      ssl: { ca: readFileSync(tls.caFile, 'utf8'), servername: 'localhost' },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

/** Polls a real query through PgBouncer: listening is not enough, the server behind must answer too. */
async function waitUntilServing(child: ChildProcess, log: () => string, config: pg.ClientConfig): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PgBouncer exited (${child.exitCode ?? child.signalCode}) before serving: ${log().trim()}`);
    }
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.end().catch(() => {});
    }
    await sleep(50);
  }
  throw new Error(
    `PgBouncer did not serve a connection within ${READY_TIMEOUT_MS} ms: ${(lastError as Error)?.message}\n${log().trim()}`,
  );
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM'); // PgBouncer 1.18: immediate shutdown
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
