/**
 * Seed 001's rollback as a list of what it will do on this database: each statement of
 * sql/rollback/0024_rollback.sql, in its order, marked present (will drop) or already gone
 * (skipped, and said so). Pure: the SQL text and a Snapshot in, items out.
 */
import type { ExportManifest } from './export.js';
import type { Finding } from './finding.js';
import { MIGRATION_ENUMS, MIGRATION_FUNCTIONS, MIGRATION_TABLES } from './scope.js';
import type { Snapshot } from './snapshot.js';

export type RollbackKind = 'policy' | 'rls' | 'trigger' | 'function' | 'table' | 'type';

export interface RollbackItem {
  readonly kind: RollbackKind;
  readonly object: string;
  readonly present: boolean;
  readonly statement: string;
}

const PATTERNS: ReadonlyArray<[RollbackKind, RegExp]> = [
  ['policy', /^DROP POLICY IF EXISTS (\S+) ON (\S+);$/i],
  ['rls', /^ALTER TABLE IF EXISTS (\S+) DISABLE ROW LEVEL SECURITY;$/i],
  ['trigger', /^DROP TRIGGER IF EXISTS (\S+) ON (\S+);$/i],
  ['function', /^DROP FUNCTION IF EXISTS (\S+?)\(\);$/i],
  ['table', /^DROP TABLE IF EXISTS (\S+)(?: CASCADE)?;$/i],
  ['type', /^DROP TYPE IF EXISTS (\S+);$/i],
];

export function rollbackItems(rollbackSql: string, snapshot: Snapshot): RollbackItem[] {
  const table = (q: string) => snapshot.relations.find((r) => `${r.schema}.${r.name}` === q && r.partitionOf === null);
  const items: RollbackItem[] = [];
  for (const line of rollbackSql.split('\n').map((l) => l.trim())) {
    for (const [kind, pattern] of PATTERNS) {
      const m = pattern.exec(line);
      if (!m) continue;
      const [, first = '', second = ''] = m;
      const present = (() => {
        switch (kind) {
          case 'policy':
            return snapshot.policies.some((p) => p.relation === second && p.name === first);
          case 'rls':
            return table(first)?.rlsEnabled === true;
          case 'trigger':
            return snapshot.triggers.some((t) => t.relation === second && t.name === first);
          case 'function':
            return snapshot.functions.some((f) => `${f.schema}.${f.name}` === first && f.identityArgs === '');
          case 'table':
            return table(first) !== undefined;
          case 'type':
            return snapshot.enums.some((e) => `${e.schema}.${e.name}` === first);
        }
      })();
      const object =
        kind === 'policy' || kind === 'trigger' ? `${second}.${first}` : kind === 'function' ? `${first}()` : first;
      items.push({ kind, object, present, statement: line });
      break;
    }
  }
  return items;
}

/** 0024 objects that still exist: empty once a rollback is complete. */
export function remainingMigrationObjects(snapshot: Snapshot): string[] {
  const names = (list: readonly string[]) => new Set(list);
  const tables = names(MIGRATION_TABLES);
  const enums = names(MIGRATION_ENUMS);
  const functions = names(MIGRATION_FUNCTIONS);
  return [
    ...snapshot.relations.filter((r) => tables.has(`${r.schema}.${r.name}`)).map((r) => `${r.schema}.${r.name}`),
    ...snapshot.enums.filter((e) => enums.has(`${e.schema}.${e.name}`)).map((e) => `${e.schema}.${e.name}`),
    ...snapshot.functions.filter((f) => functions.has(`${f.schema}.${f.name}`)).map((f) => `${f.schema}.${f.name}()`),
  ];
}

export const bareNames = {
  tables: MIGRATION_TABLES.map((t) => t.slice(t.indexOf('.') + 1)),
  enums: MIGRATION_ENUMS.map((t) => t.slice(t.indexOf('.') + 1)),
  functions: MIGRATION_FUNCTIONS.map((t) => t.slice(t.indexOf('.') + 1)),
};

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
