/**
 * The expected state: a Snapshot of a fresh Postgres after sql/prereq and sql/migrations, made
 * by `npm run manifest` with the same introspection code, minus what varies between servers.
 */
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
}

/** Drops what differs between two servers that hold the same schema (sizes, owners, oids, versions). */
export function toExpectedState(snapshot: Snapshot): ExpectedState {
  return {
    schemas: snapshot.schemas.filter((s) => s === 'public' || s === 'auth'),
    relations: snapshot.relations
      .filter((r) => r.schema === 'public' || r.schema === 'auth')
      .map((r) => ({ ...r, owner: '', estimatedRows: 0, sizeBytes: 0 })),
    columns: snapshot.columns,
    constraints: snapshot.constraints,
    indexes: snapshot.indexes,
    policies: snapshot.policies,
    functions: snapshot.functions.filter((f) => f.schema !== 'pg_catalog').map((f) => ({ ...f, owner: '' })),
    triggers: snapshot.triggers,
    enums: snapshot.enums,
    grants: snapshot.grants.filter(
      (g) => g.grantee === 'authenticated' || g.grantee === 'anon' || g.grantee === 'public',
    ),
    roles: snapshot.roles.filter((r) => r.name === 'authenticated' || r.name === 'anon'),
  };
}
