/**
 * Vitest global setup: one real PostgreSQL server for the whole run, with template databases,
 * and a real PgBouncer in transaction mode in front of it (when installed), as Neon's pooler is.
 */
import { writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildTemplates } from './databases.js';
import { hasPgBouncerBinary, type PgBouncer, startPgBouncer } from './pgbouncer.js';
import { startTestServer, type TestServer } from './server.js';
import { hasOpenssl } from './tls.js';

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
  // `npm test` lists a phase's tests without a server, to count those a server that did not start kept from running.
  if (process.env.MANTIS_TEST_LIST_ONLY) {
    // As a server started here would have it (TLS with openssl, PgBouncer beside TLS), so the same tests register.
    const tls = hasOpenssl();
    project.provide('pgAdminUrl', '');
    project.provide('pgDescription', 'none: tests listed, not run');
    project.provide('pgTlsCaFile', tls ? 'none: tests listed, not run' : '');
    project.provide('pgPooledPort', tls && hasPgBouncerBinary() ? 1 : 0);
    return;
  }
  let server: TestServer | undefined;
  let pgBouncer: PgBouncer | undefined;
  const stopAll = async () => {
    await pgBouncer?.stop();
    await server?.stop();
  };
  try {
    server = await startTestServer();
    // PgBouncer needs TLS for its clients (Neon's pooler requires it), so it runs only beside a TLS server.
    const startingPgBouncer =
      server.tls && hasPgBouncerBinary() ? startPgBouncer(server.adminUrl, server.tls) : undefined;
    const [bouncer, templates] = await Promise.allSettled([startingPgBouncer, buildTemplates(server.adminUrl)]);
    if (bouncer.status === 'fulfilled') pgBouncer = bouncer.value;
    if (bouncer.status === 'rejected') throw bouncer.reason;
    if (templates.status === 'rejected') throw templates.reason;
  } catch (error) {
    await stopAll();
    reportSetupFailure(error);
    throw error;
  }
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgDescription', server.description);
  project.provide('pgTlsCaFile', server.tls?.caFile ?? '');
  project.provide('pgPooledPort', pgBouncer?.port ?? 0);
  return stopAll;
}

/**
 * Vitest then runs no test and says little more than "No test files found": `npm test` reads why
 * from MANTIS_TEST_SETUP_FAILURE's file, to name the phase as not run and count its tests.
 */
function reportSetupFailure(error: unknown): void {
  const file = process.env.MANTIS_TEST_SETUP_FAILURE;
  if (!file) return;
  const message = error instanceof Error ? error.message : String(error);
  writeFileSync(file, `${message.replaceAll('\n', ' ')}\n`);
}
