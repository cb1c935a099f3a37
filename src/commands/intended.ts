/**
 * The intended state of `--migrations DIR`: read from the cache when the files (and the catalog
 * query) are unchanged, else built on a throwaway PostgreSQL 17 and kept in the cache. A second
 * run with the same files costs reading and hashing them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrationDigest, readMigrations } from '../contract/migration-files.js';
import { intendedManifest } from '../core/intended.js';
import type { Manifest } from '../core/manifest.js';
import { buildIntendedState, INTENDED_STATE_SOURCES } from '../db/intended-state.js';
import { loadSql } from '../sql.js';
import { VERSION } from '../version.js';
import { defaultDependencies, type VerifyDependencies } from './verify.js';

export interface IntendedState {
  readonly manifest: Manifest;
  /** read from the cache, not built */
  readonly cached: boolean;
  readonly elapsedMs: number;
}

/**
 * verify's dependencies with a migration set's intended state in place of the built-in 0024, or
 * as they are without a directory. `onBuilding` is told when the files are applied (not cached).
 */
export async function dependenciesFor(
  directory: string | undefined,
  cacheDirectory: string,
  now: () => Date,
  onBuilding?: (directory: string) => void,
): Promise<VerifyDependencies> {
  const deps = defaultDependencies(now);
  if (directory === undefined) return deps;
  const intended = await loadIntendedState(directory, cacheDirectory, onBuilding);
  return { ...deps, manifest: intended.manifest };
}

export async function loadIntendedState(
  directory: string,
  cacheDirectory: string,
  onBuilding?: (directory: string) => void,
): Promise<IntendedState> {
  const started = performance.now();
  const salt = [VERSION, ...INTENDED_STATE_SOURCES.map((name) => loadSql(name))].join('\u0000');
  const digest = migrationDigest(directory, salt);
  const file = join(cacheDirectory, `intended-${digest}.json`);
  const kept = readCache(file);
  if (kept) {
    // the same files may sit in another directory than when they were built
    const manifest = { ...kept, migrations: { ...kept.migrations!, directory } };
    return { manifest, cached: true, elapsedMs: Math.round(performance.now() - started) };
  }
  onBuilding?.(directory);
  const read = await readMigrations(directory);
  const applied = await buildIntendedState(read.files);
  const manifest = intendedManifest(applied.snapshot, {
    directory,
    files: read.files.map((f) => f.name),
    unapplied: applied.unapplied,
    digest,
    origins: read.origins,
    relations: applied.relations,
    scope: applied.scope,
  });
  writeCache(file, manifest);
  return { manifest, cached: false, elapsedMs: Math.round(performance.now() - started) };
}

function readCache(file: string): Manifest | null {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return manifest.migrations && manifest.expected ? manifest : null;
  } catch {
    return null;
  }
}

/** Written aside and renamed: a reader never sees half a file. A cache that cannot be written is only slower. */
function writeCache(file: string, manifest: Manifest): void {
  try {
    const directory = dirname(file);
    for (const level of [dirname(directory), directory]) {
      if (!existsSync(level)) mkdirSync(level, { mode: 0o700 });
    }
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(manifest), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // the next run builds it again
  }
}
