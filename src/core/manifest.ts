/**
 * The expected state: a Snapshot of a fresh Postgres after sql/prereq and sql/migrations, made
 * by `npm run manifest` with the same introspection code, minus what varies between servers.
 */
import type { MigrationSet } from './migration-set.js';
import { ROLES } from './scope.js';
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
  /** the built-in 0024: what sql/migrations creates beyond sql/prereq, read when the manifest was built */
  readonly created?: CreatedObjects;
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

/**
 * The intended state as a database's snapshot, with stand-ins where it has nothing to say (the
 * server, sizes, extensions, catch-all rows): what verify rehearses its checks on while the
 * servers answer (src/startup-fast-path.ts). No finding is ever made from it.
 */
export function intendedAsSnapshot(expected: ExpectedState, now: string): Snapshot {
  return {
    server: {
      version: 'the intended state',
      versionNum: 170000,
      database: '',
      currentUser: '',
      superuser: false,
      bypassRls: false,
      readOnly: true,
      inRecovery: false,
      now,
      searchPath: '"$user", public',
      ssl: true,
    },
    schemaRelationCounts: {},
    extensions: [],
    foreignServers: [],
    catchAll: null,
    ...expected,
  };
}

/** What a migration creates, "schema.name": its tables and views (not their partitions) in the order created, enum types and functions. */
export interface CreatedObjects {
  readonly relations: readonly string[];
  readonly enums: readonly string[];
  readonly functions: readonly string[];
}

const NOTHING_CREATED: CreatedObjects = { relations: [], enums: [], functions: [] };

/**
 * What the intended state's migration creates beyond its prerequisites: a migration set's as its
 * build read it (--migrations), else the built-in 0024's as `npm run manifest` recorded it.
 */
export function createdObjects(manifest: Pick<Manifest, 'expected' | 'migrations' | 'created'>): CreatedObjects {
  const set = manifest.migrations;
  if (!set) return manifest.created ?? NOTHING_CREATED;
  const types = new Set(set.scope.typeNames);
  return {
    relations: set.relations,
    enums: manifest.expected.enums.filter((e) => types.has(e.name)).map((e) => `${e.schema}.${e.name}`),
    functions: set.scope.functionNames,
  };
}

/**
 * The tables the migration creates (views left out), each after the tables it references (foreign
 * keys, a partition's parent), otherwise in the order created: the order to create them in, and,
 * reversed, to drop them in. For the built-in 0024 this is seed 001's order.
 */
export function tablesInDependencyOrder(manifest: Pick<Manifest, 'expected' | 'migrations' | 'created'>): string[] {
  const { expected } = manifest;
  const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;
  const kinds = new Map(expected.relations.map((r) => [qualified(r), r]));
  const tables = createdObjects(manifest).relations.filter((name) => {
    const kind = kinds.get(name)?.kind;
    return kind === 'table' || kind === 'partitioned';
  });
  const mine = new Set(tables);
  const needs = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const c of expected.constraints)
    if (
      c.kind === 'foreign key' &&
      c.fkTarget &&
      c.fkTarget !== c.relation &&
      mine.has(c.relation) &&
      mine.has(c.fkTarget)
    )
      needs.get(c.relation)!.add(c.fkTarget);
  for (const t of tables) {
    const parent = kinds.get(t)?.partitionOf;
    if (parent && mine.has(parent)) needs.get(t)!.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    // the first (in the order created) whose references are all placed; a cycle is taken as created
    const next =
      tables.find((t) => !placed.has(t) && [...needs.get(t)!].every((n) => placed.has(n))) ??
      tables.find((t) => !placed.has(t))!;
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}
