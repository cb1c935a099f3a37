/**
 * Vitest global setup: one real PostgreSQL server for the whole run, with template databases,
 * and a real PgBouncer in transaction mode in front of it (when installed), as Neon's pooler is.
 */
import type { TestProject } from 'vitest/node';
import { buildTemplates } from './databases.js';
import { hasPgBouncerBinary, type PgBouncer, startPgBouncer } from './pgbouncer.js';
import { startTestServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgDescription: string;
    /** CA certificate (PEM file) that signed the server's certificate; '' when the server has no TLS. */
    pgTlsCaFile: string;
    /** PgBouncer's port on 127.0.0.1 (TLS required, transaction pooling); 0 when it is not running. */
    pgPooledPort: number;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  let pgBouncer: PgBouncer | undefined;
  const stopAll = async () => {
    await pgBouncer?.stop();
    await server.stop();
  };
  try {
    // PgBouncer needs TLS for its clients (Neon's pooler requires it), so it runs only beside a TLS server.
    const startingPgBouncer =
      server.tls && hasPgBouncerBinary() ? startPgBouncer(server.adminUrl, server.tls) : undefined;
    const [bouncer, templates] = await Promise.allSettled([startingPgBouncer, buildTemplates(server.adminUrl)]);
    if (bouncer.status === 'fulfilled') pgBouncer = bouncer.value;
    if (bouncer.status === 'rejected') throw bouncer.reason;
    if (templates.status === 'rejected') throw templates.reason;
  } catch (error) {
    await stopAll();
    throw error;
  }
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgDescription', server.description);
  project.provide('pgTlsCaFile', server.tls?.caFile ?? '');
  project.provide('pgPooledPort', pgBouncer?.port ?? 0);
  return stopAll;
}
