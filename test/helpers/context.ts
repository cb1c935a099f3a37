/** Per-test-file access to the server global setup started. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { createDatabase, dropDatabase, type TemplateName } from './databases.js';

export const adminUrl = (): string => inject('pgAdminUrl');

/** The CA (PEM file) that signed the server's certificate, for sslrootcert / ssl.ca; '' when the server has no TLS. */
export const tlsCaFile = (): string => inject('pgTlsCaFile');
export const hasTls = (): boolean => tlsCaFile() !== '';

/** Whether global setup runs PgBouncer (installed, and the server has TLS). */
export const hasPgBouncer = (): boolean => inject('pgPooledPort') > 0;

/**
 * `directUrl` through PgBouncer (transaction pooling, TLS required), as a Neon -pooler URL:
 * same credentials and database, `?sslmode=require&pgbouncer=true`.
 * node-postgres reads sslmode=require as verify-full: pass `ssl` yourself (e.g. with tlsCaFile()).
 */
export function pooledUrl(directUrl: string): string {
  const port = inject('pgPooledPort');
  if (!port)
    throw new Error(
      'pooledUrl: PgBouncer is not running (not installed, or the server has no TLS); check hasPgBouncer() first',
    );
  const url = new URL(directUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  url.searchParams.set('sslmode', 'require');
  url.searchParams.set('pgbouncer', 'true');
  return url.toString();
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((url) => dropDatabase(adminUrl(), url).catch(() => {})));
});

/** A fresh database from a template, dropped when the file's tests end. */
export async function freshDatabase(template: TemplateName, label?: string): Promise<string> {
  const url = await createDatabase(adminUrl(), template, label);
  created.push(url);
  return url;
}

const scratches: string[] = [];
afterAll(() => {
  for (const directory of scratches) rmSync(directory, { recursive: true, force: true });
});

/** A temporary directory (exports, audit logs) removed when the file's tests end. */
export function scratchDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  scratches.push(directory);
  return directory;
}
