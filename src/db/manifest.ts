/**
 * Builds the Manifest: applies sql/prereq and sql/migrations to an empty database and
 * introspects it with the same query verify uses, so expected and actual speak one language.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { type Manifest, toExpectedState } from '../core/manifest.js';
import { scopeParameters } from '../core/scope.js';
import type { Snapshot } from '../core/snapshot.js';
import { listSql, loadSql } from '../sql.js';

export const MANIFEST_SOURCES = (): string[] => [...listSql('prereq'), ...listSql('migrations')];

export function sourceDigests(): Record<string, string> {
  return Object.fromEntries(
    MANIFEST_SOURCES().map((name) => [name, createHash('sha256').update(loadSql(name)).digest('hex')]),
  );
}

interface CreatedSoFar {
  relations_in_order: string[];
  function_names: string[];
  enum_names: string[];
}

/** `emptyDatabaseUrl` must name a database without the prerequisites or 0024. */
export async function buildManifest(emptyDatabaseUrl: string): Promise<Manifest> {
  const client = new pg.Client({ connectionString: emptyDatabaseUrl });
  await client.connect();
  try {
    const apply = async (names: readonly string[]) => {
      for (const name of names) {
        await client.query('BEGIN');
        await client.query(loadSql(name));
        await client.query('COMMIT');
      }
    };
    const createdSoFar = async () => (await client.query<CreatedSoFar>(loadSql('intended/created_objects'))).rows[0]!;
    await apply(listSql('prereq'));
    const prerequisites = await createdSoFar();
    await apply(listSql('migrations'));
    const all = await createdSoFar();
    const result = await client.query<{ snapshot: Snapshot }>(loadSql('catalog/snapshot'), scopeParameters());
    const snapshot = result.rows[0]!.snapshot;
    const beyond = (names: readonly string[], before: readonly string[]) => names.filter((n) => !before.includes(n));
    const enums = beyond(all.enum_names, prerequisites.enum_names);
    return {
      sources: sourceDigests(),
      serverVersion: snapshot.server.version.split(' on ')[0] ?? snapshot.server.version,
      expected: toExpectedState(snapshot),
      // What 0024 creates, so that nothing else needs its names: rollback, restore, test-rls, Health.
      created: {
        relations: beyond(all.relations_in_order, prerequisites.relations_in_order),
        enums: snapshot.enums.filter((e) => enums.includes(e.name)).map((e) => `${e.schema}.${e.name}`),
        functions: beyond(all.function_names, prerequisites.function_names),
      },
    };
  } finally {
    await client.end();
  }
}
