/**
 * The expected state: a Snapshot of a fresh Postgres after sql/prereq and sql/migrations, made
 * by `npm run manifest` with the same introspection code, minus what varies between servers.
 */
import type { MigrationSet } from './migration-set.js';
import { PREREQ_FUNCTIONS, PREREQ_RELATIONS, ROLES } from './scope.js';
import type { Snapshot } from './snapshot.js';

export type ExpectedState = Pick<
  Snapshot,
  | 'schemas'
  | 'relations'
  | 'columns'
  | 'constraints'
  | 'indexes'
  | 'policies'
  | 'functions'
  | 'triggers'
  | 'enums'
  | 'grants'
  | 'roles'
>;

export interface Manifest {
  /** sha256 of each sql/prereq and sql/migrations file it was built from */
  readonly sources: Readonly<Record<string, string>>;
  readonly serverVersion: string;
  readonly expected: ExpectedState;
  /** present when the intended state was built from a migration set (`--migrations DIR`), not the built-in 0024 */
  readonly migrations?: MigrationSet;
  /** files of the set that create the same tables: variants of one migration, each one's intended state */
  readonly variants?: readonly VariantGroup[];
}

/** Several files of a migration set that create the same tables: one is aimed at, the live database may hold another. */
export interface VariantGroup {
  /** in name order */
  readonly files: readonly string[];
  /** the one the intended state holds: --target, else the last */
  readonly aimed: string;
  /** what the group's files create, named as findings name them */
  readonly objects: readonly string[];
  /** each file's intended state, with the others of the group left out */
  readonly states: ReadonlyArray<{
    readonly file: string;
    readonly expected: ExpectedState;
    readonly relations: readonly string[];
  }>;
}

/**
 * Drops what differs between two servers that hold the same schema (sizes, owners, oids, versions).
 * `schemas`: the schemas the intended state speaks for; `roles`: the client roles whose grants it holds.
 */
export function toExpectedState(
  snapshot: Snapshot,
  schemas: readonly string[] = ['public', 'auth'],
  roles: readonly string[] = ROLES,
): ExpectedState {
  const clients = [...roles, 'public'];
  return {
    schemas: snapshot.schemas.filter((s) => schemas.includes(s)),
    relations: snapshot.relations
      .filter((r) => schemas.includes(r.schema))
      .map((r) => ({ ...r, owner: '', estimatedRows: 0, sizeBytes: 0 })),
    columns: snapshot.columns,
    constraints: snapshot.constraints,
    indexes: snapshot.indexes,
    policies: snapshot.policies,
    functions: snapshot.functions.filter((f) => f.schema !== 'pg_catalog').map((f) => ({ ...f, owner: '' })),
    triggers: snapshot.triggers,
    enums: snapshot.enums,
    grants: snapshot.grants.filter((g) => clients.includes(g.grantee)),
    roles: snapshot.roles.filter((r) => roles.includes(r.name)),
  };
}

/** What a migration creates, "schema.name": its tables (not their partitions), enum types and functions. */
export interface CreatedObjects {
  readonly tables: readonly string[];
  readonly enums: readonly string[];
  readonly functions: readonly string[];
}

/**
 * What the built-in migration (0024) creates, read from its intended state: everything the manifest
 * holds beyond the prerequisites. The manifest does not say which file made an object, so the
 * prerequisites are the names scope.ts gives them.
 */
export function createdBeyondPrerequisites(expected: ExpectedState): CreatedObjects {
  const beyond = (names: readonly string[], prerequisites: readonly string[]) =>
    names.filter((name) => !prerequisites.includes(name));
  const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;
  return {
    tables: beyond(expected.relations.filter((r) => r.partitionOf === null).map(qualified), PREREQ_RELATIONS),
    enums: expected.enums.map(qualified),
    functions: [...new Set(beyond(expected.functions.map(qualified), PREREQ_FUNCTIONS))],
  };
}
