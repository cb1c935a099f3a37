/**
 * The intended state of a migration set (`--migrations DIR`): the files applied in name order to a
 * throwaway PostgreSQL and introspected with the same catalog query verify uses. Pure: the types,
 * the manifest made of the result, where each object was created, and the findings a file that
 * does not apply makes.
 */
import { type CheckContext, makeFinding } from './checks/context.js';
import type { Finding, SourceLocation } from './finding.js';
import { type ExpectedState, toExpectedState } from './manifest.js';
import type { MigrationSet } from './migration-set.js';
import type { SnapshotScope } from './scope.js';
import type { Snapshot } from './snapshot.js';

export type { MigrationFile, MigrationSet, MigrationStatement, UnappliedFile } from './migration-set.js';

/** What varies between servers dropped, as for the built-in manifest; every schema the files use kept. */
export function toIntendedState(snapshot: Snapshot, scope: SnapshotScope): ExpectedState {
  const used = new Set(snapshot.relations.map((r) => r.schema));
  for (const f of snapshot.functions) used.add(f.schema);
  for (const e of snapshot.enums) used.add(e.schema);
  return toExpectedState(snapshot, [...used], scope.roleNames);
}

/** Files that create the same table (a rewrite that drops and re-creates it, a tracking copy): variants of one migration. */
export function variantGroups(
  files: readonly string[],
  tables: Readonly<Record<string, readonly string[]>>,
): string[][] {
  const groups: string[][] = [];
  for (const file of files) {
    const mine = new Set(tables[file] ?? []);
    const joined = groups.filter((group) => group.some((other) => (tables[other] ?? []).some((t) => mine.has(t))));
    const merged = [...joined.flat(), file].sort();
    for (const group of joined) groups.splice(groups.indexOf(group), 1);
    groups.push(merged);
  }
  return groups.filter((group) => group.length > 1);
}

/** The last statement of the files applied that creates each object. */
export function originsOf(
  created: Readonly<Record<string, ReadonlyArray<readonly [string, SourceLocation]>>>,
  files: readonly string[],
): Record<string, SourceLocation> {
  const origins: Record<string, SourceLocation> = {};
  for (const file of files) for (const [object, at] of created[file] ?? []) origins[object] = at;
  return origins;
}

/** A file that does not apply is a failing finding with the server's SQLSTATE and message, at its line. */
export function unappliedFindings(ctx: CheckContext, set: MigrationSet): Finding[] {
  return set.unapplied.map((file) => ({
    ...makeFinding(ctx, {
      code: 'MIG001',
      object: file.file,
      status: 'fail',
      title: `migration file does not apply: ${file.file}:${file.line}: ${file.sqlstate} ${file.message}`,
      expected: `${file.file} applies after the files before it`,
      actual: `line ${file.line}: ${file.sqlstate} ${file.message}; the intended state is partial: built without this file`,
      evidence: `-- psql -v ON_ERROR_STOP=1 -f ${file.file}   (on a copy built from the files before it)`,
      fix: null,
    }),
    location: { file: file.file, line: file.line },
  }));
}
