/** Vitest global setup: one real PostgreSQL server for the whole run, with template databases. */
import type { TestProject } from 'vitest/node';
import { buildTemplates } from './databases.js';
import { startTestServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgDescription: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  try {
    await buildTemplates(server.adminUrl);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgDescription', server.description);
  return async () => {
    await server.stop();
  };
}
