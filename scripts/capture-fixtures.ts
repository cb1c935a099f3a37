/**
 * npm run fixtures: captures the JSON snapshots the pure core tests use, from a real
 * PostgreSQL 17 with each template database (never hand-typed catalogs).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { introspect } from '../src/db/introspect.js';
import { buildTemplates, createDatabase, dropDatabase, ROOT, type TemplateName } from '../test/helpers/databases.js';
import { startTestServer } from '../test/helpers/server.js';

const CAPTURES: Record<string, TemplateName> = {
  'issoh-migrated': 'issohMigrated',
  'issoh-seed000': 'issohSeed000',
  'spp-seed000': 'sppSeed000',
  'issoh-drifted': 'drifted',
};

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  for (const [file, template] of Object.entries(CAPTURES)) {
    const url = await createDatabase(server.adminUrl, template, 'fixture');
    const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
      readOnly: true,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10000,
    });
    const snapshot = await introspect(db);
    await db.close();
    await dropDatabase(server.adminUrl, url);
    // Database names carry a pid and a timestamp; fix them so the fixtures are stable.
    const stable = {
      ...snapshot,
      server: { ...snapshot.server, database: file.startsWith('spp') ? 'mantis_spp' : 'mantis_issoh' },
    };
    writeFileSync(join(ROOT, 'test', 'fixtures', 'snapshots', `${file}.json`), `${JSON.stringify(stable, null, 2)}\n`);
    console.log(`captured ${file}.json`);
  }
} finally {
  await server.stop();
}
