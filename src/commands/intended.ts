/**
 * The intended state of `--migrations DIR`: read from the cache when the files (and the catalog
 * query) are unchanged, else built on a throwaway PostgreSQL 17 and kept in the cache. A second
 * run with the same files costs reading and hashing them. Files that create the same tables are
 * variants of one migration: each is built in place of the others, and the one aimed at (`--target
 * FILE`, else the last) is the intended state.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrationDigest, type ReadMigrations, readMigrations } from '../contract/migration-files.js';
import type { SourceLocation } from '../core/finding.js';
import { originsOf, toIntendedState, type UnappliedFile, variantGroups } from '../core/intended.js';
import type { ExpectedState, Manifest } from '../core/manifest.js';
import type { SnapshotScope } from '../core/scope.js';
import { buildIntendedStates, INTENDED_STATE_SOURCES } from '../db/intended-state.js';
import { loadSql } from '../sql.js';
import { VERSION } from '../version.js';
import { defaultDependencies, type VerifyDependencies } from './verify.js';

export interface IntendedState {
  readonly manifest: Manifest;
  /** read from the cache, not built */
  readonly cached: boolean;
  readonly elapsedMs: number;
}

/** A --target that names no file of the directory. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** One build: the files applied, some variants left out. */
interface Build {
  readonly leftOut: readonly string[];
  readonly serverVersion: string;
  readonly expected: ExpectedState;
  readonly unapplied: readonly UnappliedFile[];
  readonly relations: readonly string[];
  readonly scope: SnapshotScope;
}

/** What the cache keeps for one content hash: every build, whatever the target. */
interface Built {
  readonly files: readonly string[];
  readonly created: Readonly<Record<string, ReadonlyArray<readonly [string, SourceLocation]>>>;
  readonly groups: ReadonlyArray<readonly string[]>;
  readonly builds: readonly Build[];
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
  target?: string,
): Promise<VerifyDependencies> {
  const deps = defaultDependencies(now);
  if (directory === undefined) return deps;
  const intended = await loadIntendedState(directory, cacheDirectory, onBuilding, target);
  return { ...deps, manifest: intended.manifest };
}

export async function loadIntendedState(
  directory: string,
  cacheDirectory: string,
  onBuilding?: (directory: string) => void,
  target?: string,
): Promise<IntendedState> {
  const started = performance.now();
  const salt = [VERSION, ...INTENDED_STATE_SOURCES.map((name) => loadSql(name))].join('\u0000');
  const digest = migrationDigest(directory, salt);
  const file = join(cacheDirectory, `intended-${digest}.json`);
  let built = readCache(file);
  const cached = built !== null;
  if (!built) {
    onBuilding?.(directory);
    built = await build(await readMigrations(directory));
    writeCache(file, built);
  }
  const manifest = manifestOf(built, directory, digest, target);
  return { manifest, cached, elapsedMs: Math.round(performance.now() - started) };
}

/** Each variant in place of the others of its group, the last of every other group kept: 1 + Σ(|group| − 1) builds. */
async function build(read: ReadMigrations): Promise<Built> {
  const files = read.files.map((f) => f.name);
  const groups = variantGroups(files, read.tables);
  const defaults = groups.flatMap((group) => group.slice(0, -1));
  const choices: string[][] = [defaults];
  for (const group of groups) {
    for (const variant of group.slice(0, -1)) {
      choices.push([...defaults.filter((f) => !group.includes(f)), ...group.filter((f) => f !== variant)]);
    }
  }
  const applied = await buildIntendedStates(
    choices.map((leftOut) => read.files.filter((f) => !leftOut.includes(f.name))),
    read.usesPlatform,
  );
  return {
    files,
    created: read.created,
    groups,
    builds: applied.map((result, index) => ({
      leftOut: choices[index]!,
      serverVersion: result.snapshot.server.version.split(' on ')[0] ?? result.snapshot.server.version,
      expected: toIntendedState(result.snapshot, result.scope),
      unapplied: result.unapplied,
      relations: result.relations,
      scope: result.scope,
    })),
  };
}

/** The intended state aimed at (`target`, else each group's last file) and every variant's, as a manifest. */
function manifestOf(built: Built, directory: string, digest: string, target: string | undefined): Manifest {
  if (target !== undefined && !built.files.includes(target))
    throw new TargetError(
      `--target ${target}: no such file in ${directory} (give a file name, e.g. ${built.files.at(-1)})`,
    );
  const aimedOf = (group: readonly string[]) => (target && group.includes(target) ? target : group.at(-1)!);
  const leftOutFor = (choose: (group: readonly string[]) => string) =>
    built.groups.flatMap((group) => group.filter((f) => f !== choose(group)));
  const find = (leftOut: readonly string[]) => {
    const key = [...leftOut].sort().join('\u0000');
    return built.builds.find((b) => [...b.leftOut].sort().join('\u0000') === key)!;
  };
  const aimed = find(leftOutFor(aimedOf));
  const applied = built.files.filter((f) => !aimed.leftOut.includes(f));
  return {
    sources: {},
    serverVersion: aimed.serverVersion,
    expected: aimed.expected,
    migrations: {
      directory,
      files: built.files,
      unapplied: aimed.unapplied,
      digest,
      origins: originsOf(built.created, applied),
      relations: aimed.relations,
      scope: {
        ...aimed.scope,
        // the live databases are read for every variant's objects
        relationNames: unique(built.builds.flatMap((b) => b.scope.relationNames)),
        functionNames: unique(built.builds.flatMap((b) => b.scope.functionNames)),
        typeNames: unique(built.builds.flatMap((b) => b.scope.typeNames)),
        migrationTableNames: unique(built.builds.flatMap((b) => b.scope.migrationTableNames)),
      },
    },
    variants: built.groups.map((group) => ({
      files: group,
      aimed: aimedOf(group),
      objects: unique(group.flatMap((f) => (built.created[f] ?? []).map(([object]) => object))),
      states: group.map((file) => {
        // the other groups at their last file: the builds made for every variant
        const state = find(leftOutFor((g) => (g === group ? file : g.at(-1)!)));
        return { file, expected: state.expected, relations: state.relations };
      }),
    })),
  };
}

const unique = (names: readonly string[]) => [...new Set(names)].sort();

function readCache(file: string): Built | null {
  try {
    const built = JSON.parse(readFileSync(file, 'utf8')) as Built;
    return Array.isArray(built.builds) && built.builds.length > 0 ? built : null;
  } catch {
    return null;
  }
}

/** Written aside and renamed: a reader never sees half a file. A cache that cannot be written is only slower. */
function writeCache(file: string, built: Built): void {
  try {
    const directory = dirname(file);
    for (const level of [dirname(directory), directory]) {
      if (!existsSync(level)) mkdirSync(level, { mode: 0o700 });
    }
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(built), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // the next run builds it again
  }
}
