/**
 * The objects the catalog query looks at. Scoping by name (not by schema) keeps the single
 * introspection query fast on a catalog with thousands of unrelated tables, and still finds a
 * 0024 table created in the wrong schema.
 *
 * A migration set's scope is read from what its files create (src/db/intended-state.ts). The
 * built-in 0024's is written here because the reads start before the manifest is loaded (the
 * start-up fast path); test/core/checks.test.ts holds it equal to what the manifest records. The
 * code reads 0024's objects from the manifest (createdObjects), never from these lists.
 */

/** Seed 000's prerequisites, read beside 0024 and judged by the PRQ checks. */
const PREREQ_RELATIONS = ['public.organization', 'auth.users_extended'] as const;

/** 0024's tables, what the manifest records it creates. */
const MIGRATION_TABLES = ['public.sync_preview_cache', 'public.sync_progress', 'public.sync_activity_log'] as const;

/** Seed 000: IS-SOH's public schema holds compatibility views over core.* with these names. */
export const COMPATIBILITY_VIEWS = ['public.suppliers', 'public.inventory_items'] as const;

const MIGRATION_ENUMS = [
  'public.sync_type',
  'public.sync_action',
  'public.sync_entity_type',
  'public.sync_status_type',
] as const;

const MIGRATION_FUNCTIONS = [
  'public.auto_cleanup_preview_cache',
  'public.update_sync_progress_elapsed',
  'public.validate_sync_progress_totals',
  'public.update_sync_progress_timestamp',
  'public.auto_log_sync_activity_on_progress_change',
] as const;

/** auth.uid() and what it may read the user from (Supabase's auth.jwt()); gen_random_uuid() wherever it lives. */
const PREREQ_FUNCTIONS = ['auth.uid', 'auth.jwt', 'public.gen_random_uuid', 'pg_catalog.gen_random_uuid'] as const;

export const ROLES = ['anon', 'authenticated'] as const;

/** Parameters of sql/catalog/snapshot.sql, in order. */
export interface SnapshotScope {
  /** unqualified relation names, looked for in every user schema */
  readonly relationNames: readonly string[];
  /** "schema.name" of functions */
  readonly functionNames: readonly string[];
  /** unqualified type names, looked for in every user schema */
  readonly typeNames: readonly string[];
  readonly roleNames: readonly string[];
  /** row cap when counting the catch-all partition */
  readonly catchAllRowCap: number;
  /** unqualified names of the 0024 tables: their partitions, views and default privileges are read */
  readonly migrationTableNames: readonly string[];
}

const bare = (qualifiedName: string): string => qualifiedName.slice(qualifiedName.indexOf('.') + 1);

/** Seed 002's monthly partitions, as `maintain archive` leaves them: detached and renamed. */
const ARCHIVED_PARTITIONS = ['2025_11', '2025_12', '2026_01', '2026_02'].map(
  (m) => `public.sync_activity_log_${m}_archived`,
);

export const SNAPSHOT_SCOPE: SnapshotScope = {
  relationNames: [...PREREQ_RELATIONS, ...MIGRATION_TABLES, ...COMPATIBILITY_VIEWS, ...ARCHIVED_PARTITIONS].map(bare),
  functionNames: [...PREREQ_FUNCTIONS, ...MIGRATION_FUNCTIONS],
  typeNames: MIGRATION_ENUMS.map(bare),
  roleNames: [...ROLES],
  catchAllRowCap: 1_000_000,
  migrationTableNames: MIGRATION_TABLES.map(bare),
};

/** `appRole`: the application's role (--as), whose standing is read beside the connection's. */
export function scopeParameters(scope: SnapshotScope = SNAPSHOT_SCOPE, appRole: string | null = null): unknown[] {
  return [
    scope.relationNames,
    scope.functionNames,
    scope.typeNames,
    scope.roleNames,
    scope.catchAllRowCap,
    appRole,
    scope.migrationTableNames,
  ];
}
