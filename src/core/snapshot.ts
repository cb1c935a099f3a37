/**
 * A Snapshot is what one catalog query (sql/catalog/snapshot.sql) returns for one database:
 * plain JSON, so checks are pure functions over it and tests can use captured fixtures.
 * Relation references are always qualified: "schema.name".
 */

export type RelationKind = 'table' | 'partitioned' | 'view' | 'materialized view' | 'foreign' | 'other';

export interface ServerInfo {
  /** version() text, e.g. "PostgreSQL 17.10 on x86_64…" */
  readonly version: string;
  /** server_version_num, e.g. 170010 */
  readonly versionNum: number;
  readonly database: string;
  readonly currentUser: string;
  readonly superuser: boolean;
  readonly bypassRls: boolean;
  /** transaction_read_only of the introspecting transaction */
  readonly readOnly: boolean;
  /** lock_timeout and statement_timeout in force for the introspecting transaction, as the server shows them */
  readonly lockTimeout?: string;
  readonly statementTimeout?: string;
  /** system identifier, database oid and name, server start: equal for two URLs that reach one database */
  readonly identity?: string;
  readonly inRecovery: boolean;
  /** Server clock (ISO 8601, UTC) when the snapshot was taken: all date math uses this. */
  readonly now: string;
  readonly searchPath: string;
  /** whether this session is encrypted (pg_stat_ssl) */
  readonly ssl: boolean;
}

export interface Relation {
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly owner: string;
  readonly rlsEnabled: boolean;
  readonly rlsForced: boolean;
  /** reltuples; -1 when never analysed */
  readonly estimatedRows: number;
  /** relpages × block size: an estimate, read without taking a lock */
  readonly sizeBytes: number;
  /** "schema.name" of the partitioned parent, when this relation is a partition */
  readonly partitionOf: string | null;
  /** pg_get_expr(relpartbound), e.g. "FOR VALUES FROM ('2025-11-01 00:00:00+00') TO (…)" */
  readonly partitionBound: string | null;
  /** pg_get_partkeydef, e.g. "RANGE (created_at)", for partitioned tables */
  readonly partitionKey: string | null;
  /** REPLICA IDENTITY: 'default' | 'nothing' | 'full' | 'index' (absent in snapshots taken before it was read) */
  readonly replicaIdentity?: string;
  /** the publications that publish it (logical replication, Supabase Realtime) */
  readonly publications?: readonly string[];
}

export interface Column {
  readonly relation: string;
  readonly name: string;
  readonly position: number;
  /** format_type(), e.g. "character varying(255)" */
  readonly type: string;
  readonly notNull: boolean;
  /** the default, or a generated column's expression */
  readonly default: string | null;
  /** a collation other than the type's own, or null (absent in snapshots taken before it was read) */
  readonly collation?: string | null;
  /** 'ALWAYS' | 'BY DEFAULT' for an identity column */
  readonly identity?: string | null;
  /** 'STORED' for a generated column */
  readonly generated?: string | null;
}

export type ConstraintKind = 'primary key' | 'unique' | 'check' | 'foreign key' | 'exclusion' | 'not null' | 'trigger';

export interface Constraint {
  readonly relation: string;
  readonly name: string;
  readonly kind: ConstraintKind;
  /** pg_get_constraintdef() */
  readonly definition: string;
  readonly columns: readonly string[];
  readonly fkTarget: string | null;
  readonly fkTargetColumns: readonly string[];
  /** 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action', for foreign keys */
  readonly onDelete: string | null;
  readonly validated: boolean;
  /** DEFERRABLE, and INITIALLY DEFERRED (absent in snapshots taken before they were read) */
  readonly deferrable?: boolean;
  readonly deferred?: boolean;
  /** the partitioned parent's constraint this one is inherited from, when it is */
  readonly inherited: boolean;
}

export interface Index {
  readonly relation: string;
  readonly name: string;
  /** pg_get_indexdef() */
  readonly definition: string;
  readonly predicate: string | null;
  /** access method: btree, gin, … (absent in snapshots taken before it was read) */
  readonly method?: string;
  readonly unique: boolean;
  readonly primary: boolean;
  readonly valid: boolean;
  /** name of the constraint that owns this index (PK/UNIQUE), if any */
  readonly constraint: string | null;
  /** key column names in order; expressions appear as null */
  readonly columns: readonly (string | null)[];
}

export type PolicyCommand = 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface Policy {
  readonly relation: string;
  readonly name: string;
  readonly command: PolicyCommand;
  readonly permissive: boolean;
  /** role names; "public" when the policy applies to every role */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
}

export interface DbFunction {
  readonly schema: string;
  readonly name: string;
  /** pg_get_function_identity_arguments */
  readonly identityArgs: string;
  /** pg_get_function_arguments: names, modes and defaults (absent in snapshots taken before it was read) */
  readonly arguments?: string;
  readonly returns: string;
  readonly language: string;
  /** 'immutable' | 'stable' | 'volatile' */
  readonly volatility: string;
  readonly securityDefiner: boolean;
  /** STRICT (RETURNS NULL ON NULL INPUT), LEAKPROOF, PARALLEL safety (absent in older snapshots) */
  readonly strict?: boolean;
  readonly leakproof?: boolean;
  readonly parallel?: string;
  /** proconfig, e.g. ["search_path=public"], or null */
  readonly config: readonly string[] | null;
  readonly body: string;
  /** pg_get_functiondef(): a complete CREATE OR REPLACE FUNCTION */
  readonly definition: string | null;
  readonly owner: string;
}

export interface Trigger {
  readonly relation: string;
  readonly name: string;
  /** 'BEFORE' | 'AFTER' | 'INSTEAD OF' */
  readonly timing: string;
  /** in the order INSERT, UPDATE, DELETE, TRUNCATE */
  readonly events: readonly string[];
  /** UPDATE OF these columns (absent in snapshots taken before it was read) */
  readonly updateOf?: readonly string[];
  /** 'ROW' | 'STATEMENT' */
  readonly level: string;
  /** the WHEN condition, or null */
  readonly when?: string | null;
  /** the arguments the function is called with */
  readonly arguments?: readonly string[];
  /** "schema.name" of the trigger function */
  readonly function: string;
  /** 'origin' (enabled) | 'disabled' | 'replica' | 'always' */
  readonly enabled: string;
  readonly definition: string;
  /** true for the clone a partition gets from its parent's trigger */
  readonly inherited: boolean;
}

export interface EnumType {
  readonly schema: string;
  readonly name: string;
  readonly labels: readonly string[];
}

export interface Grant {
  /** "schema.name" for relations, "schema.name(args)" for functions, schema name for schemas */
  readonly object: string;
  readonly objectKind: 'relation' | 'function' | 'schema' | 'sequence';
  /** role name, or "public" */
  readonly grantee: string;
  readonly privileges: readonly string[];
}

export interface Role {
  readonly name: string;
  readonly canLogin: boolean;
  readonly superuser: boolean;
  readonly bypassRls: boolean;
}

export interface Extension {
  readonly name: string;
  readonly version: string;
  readonly schema: string;
}

export interface ForeignServer {
  readonly name: string;
  readonly wrapper: string;
  /** host, port and dbname options only: never a password */
  readonly host: string | null;
  readonly port: string | null;
  readonly dbname: string | null;
  readonly userMappings: readonly string[];
}

/** Rows held by the partition that takes everything up to MAXVALUE, per month, when one exists. */
export interface CatchAllRows {
  readonly partition: string;
  /** rows counted, at most `cap` (a larger partition is reported as "more than cap") */
  readonly counted: number;
  readonly capped: boolean;
  readonly byMonth: ReadonlyArray<{ readonly month: string; readonly rows: number }>;
}

/**
 * A relation through which a 0024 table's rows can be read other than the table itself: a
 * partition (at any depth: read directly, the parent's policies do not apply to it), a partition
 * maintain archive detached (<table>_<month>_archived, its rows kept), or a view or materialized
 * view over the table or its partitions.
 */
export interface RowPath {
  /** "schema.name" */
  readonly relation: string;
  readonly kind: 'partition' | 'archived partition' | 'view' | 'materialized view';
  readonly owner: string;
  /** the 0024 table whose rows it holds or shows */
  readonly source: string;
  /** partitions: row-level security enabled on the partition itself (its own policies then decide) */
  readonly rlsEnabled: boolean;
  /** partitions: … and forced, so its owner is filtered too */
  readonly rlsForced: boolean;
  /** views: reloptions security_invoker=true (PostgreSQL 15+) */
  readonly securityInvoker: boolean;
  /** views: the role whose rights read the table's rows (a view that is not security_invoker reads as its owner); null: the caller's */
  readonly readsAs: string | null;
  /** views: why the table's policies do not filter `readsAs` ('superuser', 'BYPASSRLS', 'owner', 'partition'); null when they do */
  readonly unfilteredBecause: string | null;
  /** privileges by grantee, the owner's own left out; grantee "public" is PUBLIC */
  readonly grants: ReadonlyArray<{ readonly grantee: string; readonly privileges: readonly string[] }>;
  /** what the client roles can do with it, resolved through membership (absent in snapshots taken before it was read) */
  readonly access?: readonly RowPathAccess[];
}

/**
 * One way a client role (anon, authenticated, the application's role named with --as; "public"
 * for PUBLIC, whose privileges every role has) holds privileges on a row path.
 */
export interface RowPathAccess {
  readonly role: string;
  /**
   * grant: privileges on the relation; column grant: on some of its columns; owner: its owner's,
   * which are every privilege; predefined role: pg_read_all_data or pg_write_all_data, which read
   * or write every table
   */
  readonly through: 'grant' | 'column grant' | 'owner' | 'predefined role';
  /** the role the privileges are granted to ("public": PUBLIC), the owner, or the predefined role */
  readonly grantee: string;
  /** from `role` to `grantee`, each a member of the next with INHERIT: [role] when it is the grantee */
  readonly chain: readonly string[];
  /** empty for an owner: it has them all */
  readonly privileges: readonly string[];
  /** column grant: the columns, in table order; null otherwise */
  readonly columns: readonly string[] | null;
}

/** ALTER DEFAULT PRIVILEGES for tables: what a table (a new partition) created by `role` gets. */
export interface DefaultPrivilege {
  /** the role whose new tables get these privileges */
  readonly role: string;
  /** null: in every schema (ALTER DEFAULT PRIVILEGES without IN SCHEMA) */
  readonly schema: string | null;
  /** role name, or "public" */
  readonly grantee: string;
  readonly privileges: readonly string[];
}

/** A role as row-level security sees it: the connection's, and the application's when named (--as). */
export interface RoleStanding {
  readonly name: string;
  readonly exists: boolean;
  /** the role this snapshot's session is (current_user) */
  readonly isConnection: boolean;
  readonly superuser: boolean;
  readonly bypassRls: boolean;
  /** a role with BYPASSRLS whose members Neon lets bypass row security (neon_superuser), when this role is one */
  readonly bypassVia: string | null;
  /** the 0024 tables and their partitions whose owner's privileges it has (it owns them, or is a member of their owner) */
  readonly ownerOf: readonly string[];
  /** settings it starts its sessions with (ALTER ROLE / ALTER DATABASE … SET), "name=value" */
  readonly loginSettings: readonly string[];
}

export interface Snapshot {
  readonly server: ServerInfo;
  /** every schema outside pg_catalog / information_schema / pg_toast */
  readonly schemas: readonly string[];
  /** ordinary + partitioned tables, views and foreign tables per schema, for topology */
  readonly schemaRelationCounts: Readonly<Record<string, number>>;
  readonly relations: readonly Relation[];
  readonly columns: readonly Column[];
  readonly constraints: readonly Constraint[];
  readonly indexes: readonly Index[];
  readonly policies: readonly Policy[];
  readonly functions: readonly DbFunction[];
  readonly triggers: readonly Trigger[];
  readonly enums: readonly EnumType[];
  readonly grants: readonly Grant[];
  readonly roles: readonly Role[];
  readonly extensions: readonly Extension[];
  readonly foreignServers: readonly ForeignServer[];
  readonly catchAll: CatchAllRows | null;
  /** partitions, views and materialized views of the 0024 tables (absent in snapshots taken before they were read) */
  readonly rowPaths?: readonly RowPath[];
  /** default privileges on tables in the 0024 tables' schemas, for anon, authenticated and PUBLIC */
  readonly defaultPrivileges?: readonly DefaultPrivilege[];
  /** the connection's role, and the application's role when one is named */
  readonly roleStandings?: readonly RoleStanding[];
  /** migration tools' ledger tables (schema_migrations and the like) with their rows */
  readonly ledgers?: readonly LedgerTable[];
}

/**
 * What SPP is judged by (checks/topology.ts): where things are, not how they are built. Its read
 * (sql/catalog/topology) asks for only these fields.
 */
export type TopologySnapshot = Pick<
  Snapshot,
  'server' | 'schemas' | 'schemaRelationCounts' | 'relations' | 'enums' | 'foreignServers'
>;

/** A migration tool's ledger: whichever shape the team's tool keeps (name or filename, timestamp, checksum, status). */
export interface LedgerTable {
  /** "schema.name" */
  readonly relation: string;
  readonly columns: readonly string[];
  /** its first 10000 rows, as row_to_json gives them */
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

export const qualified = (schema: string, name: string): string => `${schema}.${name}`;

export function splitQualified(name: string): { schema: string; name: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { schema: 'public', name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}
