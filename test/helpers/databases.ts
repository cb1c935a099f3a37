/**
 * Fresh databases for tests, made from templates that global setup builds once:
 * empty, seed 000's blocked IS-SOH / SPP, prerequisites + 0024 applied, and the drifted 0024.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg, { escapeIdentifier } from 'pg';

export const ROOT = join(import.meta.dirname, '..', '..');

export const PREREQ_FILES = [
  '010_roles',
  '020_organization',
  '030_auth_schema',
  '040_users_extended',
  '050_auth_uid',
].map((f) => join(ROOT, 'sql', 'prereq', `${f}.sql`));
export const MIGRATION_FILE = join(ROOT, 'sql', 'migrations', '0024_sync_preview_progress_logs.sql');
export const ROLLBACK_FILE = join(ROOT, 'sql', 'rollback', '0024_rollback.sql');
export const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'sql', `${name}.sql`);
/** Seed 000's blocked state: the demo's databases, and the tests'. */
export const DEMO_ISSOH = join(ROOT, 'sql', 'demo', 'issoh_seed000.sql');
export const DEMO_SPP = join(ROOT, 'sql', 'demo', 'spp_seed000.sql');

export const TEMPLATES = {
  empty: [] as string[],
  issohSeed000: [DEMO_ISSOH],
  sppSeed000: [DEMO_SPP],
  migrated: [...PREREQ_FILES, MIGRATION_FILE],
  issohMigrated: [DEMO_ISSOH, ...PREREQ_FILES, MIGRATION_FILE],
  drifted: [DEMO_ISSOH, ...PREREQ_FILES, fixture('issoh_drifted0024')],
} as const;
export type TemplateName = keyof typeof TEMPLATES;

export const templateDatabase = (name: TemplateName) => `mantis_tpl_${name.toLowerCase()}`;

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Each file in its own transaction, as the tool's executor runs them. */
export async function applyFiles(url: string, files: readonly string[]): Promise<void> {
  await withClient(url, async (client) => {
    for (const file of files) {
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(file, 'utf8'));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
  });
}

export async function buildTemplates(adminUrl: string): Promise<void> {
  // Roles are cluster-wide: create them once, so parallel test files never race on CREATE ROLE.
  await applyFiles(adminUrl, [PREREQ_FILES[0] as string]);
  for (const [name, files] of Object.entries(TEMPLATES) as Array<[TemplateName, readonly string[]]>) {
    const database = templateDatabase(name);
    await withClient(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(database)}`);
      await client.query(`CREATE DATABASE ${escapeIdentifier(database)} TEMPLATE template0`);
    });
    await applyFiles(databaseUrl(adminUrl, database), files);
  }
}

let counter = 0;

/** A new database copied from a template; its URL. */
export async function createDatabase(adminUrl: string, template: TemplateName, label = 'db'): Promise<string> {
  const name = `mantis_${label}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${escapeIdentifier(name)} TEMPLATE ${escapeIdentifier(templateDatabase(template))}`),
  );
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`),
  );
}
