/**
 * Loads the .sql files under sql/ by name ("catalog/snapshot", "evidence/index"). Every
 * statement the tool sends or prints comes from there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let sqlRoot: string | undefined;
const cache = new Map<string, string>();

/** The sql/ directory: next to dist/ when bundled, next to src/ when run from source. */
export function sqlDirectory(): string {
  if (sqlRoot) return sqlRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'sql');
    if (existsSync(join(candidate, 'catalog'))) {
      sqlRoot = candidate;
      return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the sql/ directory of mantis-sync-tui (is the package installed completely?)');
}

/**
 * A line `--#include catalog/scope` is replaced by that file: parts two statements share are
 * written once (the catalog snapshot and SPP's topology read).
 */
const INCLUDE = /^--#include (\S+)$/gm;

export function loadSql(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const text = readFileSync(join(sqlDirectory(), `${name}.sql`), 'utf8').replace(INCLUDE, (_, included: string) =>
    loadSql(included).trimEnd(),
  );
  cache.set(name, text);
  return text;
}

/** Names of the .sql files in one folder of sql/, sorted (their numeric prefixes give the order). */
export function listSql(folder: string): string[] {
  return readdirSync(join(sqlDirectory(), folder))
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => `${folder}/${file.slice(0, -4)}`);
}

/** All templates in the folders the pure core renders evidence and fixes from. */
export function loadTemplates(folders: readonly string[] = ['evidence', 'fix']): Record<string, string> {
  const templates: Record<string, string> = {};
  for (const folder of folders) {
    for (const name of listSql(folder)) templates[name] = loadSql(name);
  }
  return templates;
}

export function loadJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(sqlDirectory(), relativePath), 'utf8')) as T;
}
