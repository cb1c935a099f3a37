/**
 * npm run manifest: rebuilds sql/manifest.json from sql/prereq and sql/migrations on a fresh
 * embedded PostgreSQL 17 (or the server in TEST_DATABASE_URL).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest } from '../src/db/manifest.js';
import { sqlDirectory } from '../src/sql.js';
import { buildTemplates, createDatabase, dropDatabase } from '../test/helpers/databases.js';
import { startTestServer } from '../test/helpers/server.js';

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const url = await createDatabase(server.adminUrl, 'empty', 'manifest');
  const manifest = await buildManifest(url);
  await dropDatabase(server.adminUrl, url);
  const file = join(sqlDirectory(), 'manifest.json');
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  const e = manifest.expected;
  console.log(
    `wrote ${file} from ${server.description}: ${e.relations.length} relations, ${e.columns.length} columns, ` +
      `${e.constraints.length} constraints, ${e.indexes.length} indexes, ${e.policies.length} policies, ` +
      `${e.functions.length} functions, ${e.triggers.length} triggers, ${e.enums.length} enums`,
  );
} finally {
  await server.stop();
}
