/** Databases built from a fixture directory of migration files, as a team's psql would build them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationFileNames } from '../../src/contract/migration-files.js';
import { freshDatabase } from './context.js';
import { ROOT, withClient } from './databases.js';

export const MIGRATION_FIXTURES = join(ROOT, 'test', 'fixtures', 'migrations');

/**
 * As psql -f runs each file: one simple query per file, no transaction of ours around it; on a
 * database that has what a Supabase project provides (auth.uid(), storage.objects) unless `platform` is false.
 */
export async function applyAsPsql(
  url: string,
  directory: string,
  skip: readonly string[] = [],
  platform = true,
): Promise<void> {
  await withClient(url, async (client) => {
    if (platform) await client.query(readFileSync(join(ROOT, 'sql', 'intended', 'supabase_platform.sql'), 'utf8'));
    for (const name of migrationFileNames(directory)) {
      if (!skip.includes(name)) await client.query(readFileSync(join(directory, name), 'utf8'));
    }
  });
}

/** A fresh empty database (dropped when the test file ends) holding the files of `directory` but `skip`. */
export async function databaseFrom(directory: string, skip: readonly string[] = [], label = 'mig'): Promise<string> {
  const url = await freshDatabase('empty', label);
  await applyAsPsql(url, directory, skip);
  return url;
}
