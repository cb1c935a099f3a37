/**
 * A rollback as a list of what it will do on this database: each statement in its order, marked
 * present (will drop) or already gone (skipped, and said so). For the built-in 0024 the statements
 * are seed 001's rollback (sql/rollback/0024_rollback.sql); for a migration set they are made from
 * its intended state. Pure: the statements and a Snapshot in, items out.
 */
import type { ExportManifest } from './export.js';
import type { Finding } from './finding.js';
import { createdObjects, type ExpectedState, type Manifest, tablesInDependencyOrder } from './manifest.js';
import type { Snapshot } from './snapshot.js';
import { quoteIdent, quoteQualified } from './sqltext.js';

export type RollbackKind = 'policy' | 'rls' | 'trigger' | 'function' | 'view' | 'table' | 'type';

export interface RollbackItem {
  readonly kind: RollbackKind;
  readonly object: string;
  readonly present: boolean;
  readonly statement: string;
}

/** One statement of a rollback and the object it drops. */
export interface RollbackStatement {
  readonly kind: RollbackKind;
  /** a policy's or trigger's own name; anything else as "schema.name" */
  readonly name: string;
  /** the table a policy or trigger is on; null for the rest */
  readonly relation: string | null;
  /** a function's argument types, as the catalog prints its identity arguments */
  readonly args: string;
  readonly statement: string;
}

/** What a rollback undoes, "schema.name": the migration's tables in dependency order, its views, enum types and functions. */
export interface RollbackTargets {
  readonly tables: readonly string[];
  readonly views: readonly string[];
  readonly enums: readonly string[];
  readonly functions: readonly string[];
}

export function rollbackTargets(manifest: Pick<Manifest, 'expected' | 'migrations' | 'created'>): RollbackTargets {
  const created = createdObjects(manifest);
  const tables = tablesInDependencyOrder(manifest);
  const views = new Set(
    manifest.expected.relations
      .filter((r) => r.kind === 'view' || r.kind === 'materialized view')
      .map((r) => `${r.schema}.${r.name}`),
  );
  return {
    tables,
    views: created.relations.filter((r) => views.has(r)),
    enums: created.enums,
    functions: created.functions,
  };
}

const PATTERNS: ReadonlyArray<[RollbackKind, RegExp]> = [
  ['policy', /^DROP POLICY IF EXISTS (\S+) ON (\S+);$/i],
  ['rls', /^ALTER TABLE IF EXISTS (\S+) DISABLE ROW LEVEL SECURITY;$/i],
  ['trigger', /^DROP TRIGGER IF EXISTS (\S+) ON (\S+);$/i],
  ['function', /^DROP FUNCTION IF EXISTS (\S+?)\(\);$/i],
  ['table', /^DROP TABLE IF EXISTS (\S+)(?: CASCADE)?;$/i],
  ['type', /^DROP TYPE IF EXISTS (\S+);$/i],
];

/** The statements of a rollback written out (seed 001's), one a line, as it names them. */
export function parseRollbackSql(rollbackSql: string): RollbackStatement[] {
  const statements: RollbackStatement[] = [];
  for (const line of rollbackSql.split('\n').map((l) => l.trim())) {
    for (const [kind, pattern] of PATTERNS) {
      const m = pattern.exec(line);
      if (!m) continue;
      const [, first = '', second = ''] = m;
      const onTable = kind === 'policy' || kind === 'trigger';
      statements.push({ kind, name: first, relation: onTable ? second : null, args: '', statement: line });
      break;
    }
  }
  return statements;
}

/**
 * The rollback of a migration set, made from its intended state in seed 001's order: policies,
 * row level security, triggers, functions, views, tables (each before the tables it references),
 * enum types. Every statement IF EXISTS, so it also finishes a rollback that stopped halfway.
 */
export function migrationSetRollback(expected: ExpectedState, targets: RollbackTargets): RollbackStatement[] {
  const dropOrder = [...targets.tables].reverse();
  const on = (relation: string) => quoteQualified(relation);
  const statements: RollbackStatement[] = [];
  const add = (kind: RollbackKind, name: string, relation: string | null, statement: string, args = '') =>
    statements.push({ kind, name, relation, args, statement });
  for (const table of dropOrder)
    for (const policy of expected.policies.filter((p) => p.relation === table).reverse())
      add('policy', policy.name, table, `DROP POLICY IF EXISTS ${quoteIdent(policy.name)} ON ${on(table)};`);
  for (const table of dropOrder)
    if (expected.relations.some((r) => `${r.schema}.${r.name}` === table && r.rlsEnabled))
      add('rls', table, null, `ALTER TABLE IF EXISTS ${on(table)} DISABLE ROW LEVEL SECURITY;`);
  for (const table of dropOrder)
    for (const trigger of expected.triggers.filter((t) => t.relation === table).reverse())
      add('trigger', trigger.name, table, `DROP TRIGGER IF EXISTS ${quoteIdent(trigger.name)} ON ${on(table)};`);
  for (const f of expected.functions.filter((f) => targets.functions.includes(`${f.schema}.${f.name}`)).reverse())
    add(
      'function',
      `${f.schema}.${f.name}`,
      null,
      `DROP FUNCTION IF EXISTS ${on(`${f.schema}.${f.name}`)}(${f.identityArgs});`,
      f.identityArgs,
    );
  for (const view of [...targets.views].reverse()) {
    const materialized = expected.relations.some(
      (r) => `${r.schema}.${r.name}` === view && r.kind === 'materialized view',
    );
    add('view', view, null, `DROP ${materialized ? 'MATERIALIZED VIEW' : 'VIEW'} IF EXISTS ${on(view)};`);
  }
  for (const table of dropOrder) add('table', table, null, `DROP TABLE IF EXISTS ${on(table)} CASCADE;`);
  for (const type of [...targets.enums].reverse()) add('type', type, null, `DROP TYPE IF EXISTS ${on(type)};`);
  return statements;
}

/** The rollback of the intended state: seed 001's text (`builtInSql`) for the built-in 0024, else made from the migration set's intended state. */
export function rollbackStatements(
  manifest: Pick<Manifest, 'expected' | 'migrations' | 'created'>,
  builtInSql: string,
): RollbackStatement[] {
  return manifest.migrations
    ? migrationSetRollback(manifest.expected, rollbackTargets(manifest))
    : parseRollbackSql(builtInSql);
}

export function rollbackItems(statements: readonly RollbackStatement[], snapshot: Snapshot): RollbackItem[] {
  const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;
  const relation = (q: string) => snapshot.relations.find((r) => qualified(r) === q && r.partitionOf === null);
  return statements.map(({ kind, name, relation: on, args, statement }) => {
    const present = (() => {
      switch (kind) {
        case 'policy':
          return snapshot.policies.some((p) => p.relation === on && p.name === name);
        case 'rls':
          return relation(name)?.rlsEnabled === true;
        case 'trigger':
          return snapshot.triggers.some((t) => t.relation === on && t.name === name);
        case 'function':
          return snapshot.functions.some((f) => qualified(f) === name && f.identityArgs === args);
        case 'view':
        case 'table':
          return relation(name) !== undefined;
        case 'type':
          return snapshot.enums.some((e) => qualified(e) === name);
      }
    })();
    const object = on !== null ? `${on}.${name}` : kind === 'function' ? `${name}(${args})` : name;
    return { kind, object, present, statement };
  });
}

/** The migration's objects that still exist: empty once a rollback is complete. */
export function remainingMigrationObjects(snapshot: Snapshot, targets: RollbackTargets): string[] {
  const tables = new Set([...targets.tables, ...targets.views]);
  const enums = new Set(targets.enums);
  const functions = new Set(targets.functions);
  const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;
  return [
    ...snapshot.relations.filter((r) => tables.has(qualified(r))).map(qualified),
    ...snapshot.enums.filter((e) => enums.has(qualified(e))).map(qualified),
    ...snapshot.functions.filter((f) => functions.has(qualified(f))).map((f) => `${qualified(f)}()`),
  ];
}

export interface RowCount {
  readonly table: string;
  readonly partitionOf: string | null;
  readonly rows: number;
}

export interface Dependent {
  /** the object as the server names it ("view public.x", "constraint f on table public.t"), a column as "column public.t.c" */
  readonly dependent: string;
  readonly relation: string | null;
  readonly relationKind: string | null;
  /** a column typed with a 0024 enum: the rollback cannot go on until it is changed (see `fix`) */
  readonly blocker: boolean;
  /** for a blocker: the SQL that keeps the column's values as text */
  readonly fix: string | null;
  /** a view's or materialized view's definition: CASCADE drops it whole, this re-creates it after */
  readonly definition: string | null;
  /** for a blocker: how many rows hold a value in the column (0: CASCADE would take the column, no data) */
  readonly values?: number | null;
}

/** What --allow-cascade must name for a dependent: its relation (schema-qualified), else the object. */
export const dependentName = (d: Pick<Dependent, 'relation' | 'dependent'>): string => d.relation ?? d.dependent;

/**
 * Whether a name given to --allow-cascade names this dependent: exactly as a refusal prints it
 * (the object, or its relation, schema-qualified or bare when it is in public).
 */
export function allowsDependent(name: string, d: Pick<Dependent, 'relation' | 'dependent'>): boolean {
  const given = name.trim();
  return given === d.dependent || given === d.relation || `public.${given}` === d.relation;
}

/** The statement that re-creates a view CASCADE dropped, or null for anything else. */
export function recreateStatement(d: Pick<Dependent, 'relation' | 'relationKind' | 'definition'>): string | null {
  if (!d.definition || !d.relation) return null;
  const kind = d.relationKind === 'materialized view' ? 'MATERIALIZED VIEW' : 'VIEW';
  return `CREATE ${kind} ${d.relation} AS\n${d.definition.trim().replace(/;$/, '')};`;
}

export interface RollbackResult {
  readonly outcome: 'committed' | 'dry-run' | 'refused' | 'rolled-back' | 'failed' | 'interrupted' | 'unusable-export';
  /** the migration set's directory rolled back (--migrations DIR); absent for the built-in 0024 */
  readonly migrations?: string;
  readonly items: readonly RollbackItem[];
  readonly rowCounts: readonly RowCount[];
  readonly dependents: readonly Dependent[];
  /** the partitions maintain archive detached (the tool's own): exported and dropped with 0024, made again by restore */
  readonly archives?: readonly string[];
  readonly exported: ExportManifest | null;
  /** 0024 objects still present inside the transaction after the rollback ran */
  readonly remaining: readonly string[];
  /** prerequisite findings that passed before the rollback and fail after it */
  readonly brokenPrerequisites: readonly Finding[];
  readonly durationMs: number;
  readonly error: string | null;
}

/** Seed 001's rollback for 0024; a migration set's is made from its intended state. */
export const rollbackTitle = (r: Pick<RollbackResult, 'migrations'>): string =>
  r.migrations ? `The rollback of ${r.migrations}, in dependency order` : "Seed 001's rollback, in its order";

export interface RestoreResult {
  readonly outcome: 'committed' | 'failed' | 'refused' | 'interrupted';
  readonly tables: ReadonlyArray<{
    readonly table: string;
    readonly exported: number;
    readonly restored: number;
    readonly skippedExpired: number;
  }>;
  /** partitions re-created as the export recorded them (beyond those 0024 makes) */
  readonly partitions: readonly string[];
  /** 0024's tables the export records as absent when it was made: re-created empty */
  readonly absent?: readonly string[];
  /** of the whole export (every table and the set of them), proven table by table by the server; null unless committed */
  readonly fingerprint?: string | null;
  readonly durationMs: number;
  readonly error: string | null;
}
