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

/** `emptyDatabaseUrl` must name a database without the prerequisites or 0024. */
export async function buildManifest(emptyDatabaseUrl: string): Promise<Manifest> {
  const client = new pg.Client({ connectionString: emptyDatabaseUrl });
  await client.connect();
  try {
    for (const name of MANIFEST_SOURCES()) {
      await client.query('BEGIN');
      await client.query(loadSql(name));
      await client.query('COMMIT');
    }
    const result = await client.query<{ snapshot: Snapshot }>(loadSql('catalog/snapshot'), scopeParameters());
    const snapshot = result.rows[0]!.snapshot;
    return {
      sources: sourceDigests(),
      serverVersion: snapshot.server.version.split(' on ')[0] ?? snapshot.server.version,
      expected: toExpectedState(snapshot),
    };
  } finally {
    await client.end();
  }
}
