/**
 * Finding[] → Step[]: seed 001's remediation sequence, reduced to what is still needed. Pure.
 *
 * Order: prerequisites (roles, organization, auth schema, users_extended, auth.uid(), grants) →
 * 0023 (information) → repairs that must precede 0024 (renames, columns) → severe rebuilds of
 * tables whose shape cannot be repaired in place → 0024 itself (idempotent: creates what is
 * missing by name) → repairs of what 0024 skips because the name exists → optional test data →
 * RLS isolation test → re-verify.
 */

import { policyFixVars } from './checks/rls.js';
import { createTableValues } from './checks/tables.js';
import type { Code } from './codes.js';
import type { ExportManifest } from './export.js';
import type { Finding } from './finding.js';
import { ACTIVITY_LOG } from './maintenance.js';
import type { ExpectedState } from './manifest.js';
import { creatableIndex, renderSql } from './sqltext.js';

export type Danger = 'safe' | 'moderate' | 'severe';
export type StepKind = 'sql' | 'rebuild' | 'info' | 'rls-test' | 'verify';

export interface Step {
  /** stable within a plan, used by `apply --step ID` */
  readonly id: string;
  readonly title: string;
  readonly kind: StepKind;
  readonly danger: Danger;
  /** ids of the findings that make this step needed */
  readonly why: readonly string[];
  /** what runs in the step's transaction (empty for info, rls-test and verify steps) */
  readonly sql: string;
  /** finding ids whose objects must not fail (nor be blocked) once the step has run */
  readonly mustPass: readonly string[];
  /** tables whose rows are exported before the step runs (rebuild steps) */
  readonly exportTables: readonly string[];
  /** steps the user must ask for by id; apply skips them otherwise */
  readonly optional: boolean;
  readonly explanation: string;
}

export interface PlanInput {
  /** findings of IS-SOH, where 0024 belongs */
  readonly findings: readonly Finding[];
  readonly expected: ExpectedState;
  /** sql/ files by name: prereq/*, migrations/*, fix/*, rebuild/*, plan/* */
  readonly sql: Readonly<Record<string, string>>;
  /** the intended state is a migration set's (--migrations): its objects are created from it, not by re-running 0024 */
  readonly migrationSet?: boolean;
}

const MIGRATION = 'migrations/0024_sync_preview_progress_logs';

/** Prerequisite steps in the order they can run (030 grants to the roles 010 creates). */
const PREREQ_STEPS: ReadonlyArray<{ id: string; codes: readonly Code[]; sql: string; title: string }> = [
  {
    id: 'prereq-roles',
    codes: ['PRQ008', 'PRQ010'],
    sql: 'prereq/010_roles',
    title: 'Create roles anon and authenticated (NOLOGIN)',
  },
  { id: 'prereq-pgcrypto', codes: ['PRQ009'], sql: 'fix/pgcrypto', title: 'Provide gen_random_uuid() (pgcrypto)' },
  {
    id: 'prereq-organization',
    codes: ['PRQ001'],
    sql: 'prereq/020_organization',
    title: 'Create public.organization (seed 000 step 1)',
  },
  {
    id: 'prereq-auth-schema',
    codes: ['PRQ003'],
    sql: 'prereq/030_auth_schema',
    title: 'Create schema auth (seed 000 step 2)',
  },
  {
    id: 'prereq-users-extended',
    codes: ['PRQ004'],
    sql: 'prereq/040_users_extended',
    title: 'Create auth.users_extended (seed 000 step 2)',
  },
  {
    id: 'prereq-users-extended-fk',
    codes: ['PRQ005'],
    sql: 'fix/users_extended_org_fk',
    title: 'Link auth.users_extended to organization',
  },
  {
    id: 'prereq-auth-uid',
    codes: ['PRQ006'],
    sql: 'prereq/050_auth_uid',
    title: 'Create auth.uid() (Supabase-compatible)',
  },
  {
    id: 'prereq-auth-grants',
    codes: ['PRQ011'],
    sql: 'fix/auth_grants',
    title: 'Let authenticated use schema auth, auth.users_extended and auth.uid()',
  },
];

/** What re-running 0024 creates by name when it is missing. */
const CREATED_BY_MIGRATION = new Set<string>([
  'ENM001',
  'TBL001',
  'IDX001',
  'PRT002',
  'RLS001',
  'RLS002',
  'FUN001',
  'FUN002',
  'FUN003',
  'TRG001',
  'TRG002',
  'TRG003',
  'GRT001',
  'GRT002',
]);
/** Repairs that must run before 0024 re-runs: it would otherwise create a twin, or fail on a missing column. */
const BEFORE_MIGRATION = new Set<string>(['IDX003', 'TBL002', 'TBL004', 'TBL005', 'TBL006']);
/** Repairs of objects that exist under the spec's name, which 0024 therefore skips. */
const AFTER_MIGRATION = new Set<string>([
  'ENM002',
  'IDX002',
  'IDX004',
  'RLS003',
  'RLS004',
  'RLS005',
  'CON001',
  'CON002',
  'CON003',
  'CON004',
  'CON005',
  'CON006',
  'GRT003',
  'GRT004',
]);
/** Fixes a person must choose: forcing RLS on the app's own role, or changing default privileges, changes what the application can do. */
const DECIDED_BY_A_PERSON = new Set<string>(['RLS006', 'RLS007', 'GRT005']);
/** Shapes that cannot be changed in place: the table is rebuilt. */
const REBUILD = new Set<string>(['TBL007', 'PRT001']);

const DANGER: Partial<Record<string, Danger>> = {
  TBL002: 'moderate',
  TBL004: 'moderate',
  TBL005: 'moderate',
  IDX002: 'moderate',
  RLS001: 'moderate',
  RLS003: 'moderate',
  RLS004: 'moderate',
  RLS005: 'moderate',
  CON001: 'moderate',
  CON002: 'moderate',
  CON003: 'moderate',
  CON005: 'moderate',
  CON007: 'moderate',
  GRT003: 'moderate',
  GRT006: 'moderate',
  GRT004: 'moderate',
};

const open = (f: Finding) => f.status === 'fail' || f.status === 'blocked';

export function buildPlan(input: PlanInput): Step[] {
  if (input.migrationSet) return buildMigrationSetPlan(input);
  const findings = input.findings.filter((f) => f.database === 'issoh');
  const steps: Step[] = [];
  const sqlFile = (name: string): string => {
    const text = input.sql[name];
    if (text === undefined) throw new Error(`missing sql/${name}.sql`);
    return text;
  };

  for (const prereq of PREREQ_STEPS) {
    const why = findings.filter(
      (f) => (prereq.codes as readonly string[]).includes(f.code) && (open(f) || f.status === 'warn'),
    );
    if (why.length === 0) continue;
    steps.push(
      sqlStep(
        prereq.id,
        prereq.title,
        'safe',
        why,
        renderSql(sqlFile(prereq.sql), {}),
        'An idempotent prerequisite: it creates only what is missing.',
      ),
    );
  }

  steps.push(
    step({
      id: 'info-0023',
      title: 'Migration 0023: nothing to do for 0024',
      kind: 'info',
      explanation:
        "Seed 001 asks to verify 0023 first (by listing tables LIKE 'sync%', which matches unrelated names too). 0024 references nothing 0023 creates: only organization, auth.users_extended, auth.uid() and role authenticated, checked above.",
    }),
  );

  const migrationFindings = findings.filter(
    (f) => !['prerequisites', 'topology', 'lints'].includes(f.group) && open(f),
  );
  const migrationTablesMissing = findings.filter((f) => f.code === 'TBL001' && open(f)).length;
  const anyTableExists = findings.some(
    (f) => (f.code === 'TBL001' || f.code === 'TBL007') && f.status !== 'blocked' && f.actual !== 'does not exist',
  );

  const rebuilt = [...new Set(findings.filter((f) => REBUILD.has(f.code) && f.status === 'fail').map((f) => f.object))];
  const notRebuilt = (f: Finding) => !rebuilt.some((relation) => onTable(f, relation));
  if (anyTableExists) {
    steps.push(
      ...repairSteps(
        'before',
        findings.filter((f) => BEFORE_MIGRATION.has(f.code) && open(f) && f.fix !== null && notRebuilt(f)),
      ),
    );
    for (const relation of rebuilt) {
      const finding = findings.find((f) => REBUILD.has(f.code) && f.status === 'fail' && f.object === relation)!;
      steps.push(rebuildStep(finding, findings, input, sqlFile));
    }
  }

  const createdByMigration = migrationFindings.filter(
    (f) => (CREATED_BY_MIGRATION.has(f.code) || f.status === 'blocked') && notRebuilt(f),
  );
  if (createdByMigration.length > 0 || migrationTablesMissing > 0) {
    steps.push(
      step({
        id: 'migration-0024',
        title: anyTableExists ? 'Re-run 0024: create what is missing by name' : 'Apply migration 0024',
        kind: 'sql',
        why: createdByMigration.map((f) => f.id),
        sql: sqlFile(MIGRATION).trim(),
        mustPass: createdByMigration.map((f) => f.id),
        explanation:
          'Seed 002 exactly, idempotent: it creates the enums, tables, indexes, partitions, policies, functions, triggers and grants that do not exist yet and leaves existing ones alone.',
      }),
    );
  }

  if (anyTableExists) {
    steps.push(
      ...repairSteps(
        'after',
        findings.filter((f) => AFTER_MIGRATION.has(f.code) && open(f) && f.fix !== null && notRebuilt(f)),
      ),
    );
    const manual = findings.filter(
      (f) =>
        open(f) &&
        (f.fix === null || DECIDED_BY_A_PERSON.has(f.code)) &&
        notRebuilt(f) &&
        !REBUILD.has(f.code) &&
        !['prerequisites', 'topology'].includes(f.group) &&
        f.status !== 'blocked',
    );
    if (manual.length > 0) steps.push(manualStep(manual));
  }

  steps.push(
    step({
      id: 'test-data',
      title: 'Optional: a test organization and user',
      kind: 'sql',
      sql: sqlFile('plan/test_data').trim(),
      optional: true,
      explanation:
        'Seed 001 step 5. Creates organization "mantis-test" and one user in auth.users_extended; run only when asked for.',
    }),
    step({
      id: 'rls-test',
      title: 'Test RLS isolation between two organizations (rolled back)',
      kind: 'rls-test',
      explanation:
        'Seed 001 step 6: as the application’s role (--as) or authenticated, with the user context set the way auth.uid() reads it, every command through every table and partition: user A works on organization A’s rows and not on B’s, and a session with no user sees and changes nothing. Nothing is kept.',
    }),
    reverifyStep(),
  );
  return steps;
}

/** Every plan ends by reading the database again and running the whole checklist. */
const reverifyStep = (): Step =>
  step({
    id: 'reverify',
    title: 'Re-verify',
    kind: 'verify',
    explanation: 'The whole checklist again, on a fresh read of the database.',
  });

/** An optional step whose title does not already say so ("Optional: a test organization…"): tagged, not labelled twice. */
export const needsOptionalTag = (step: Pick<Step, 'optional' | 'title'>): boolean =>
  step.optional && !/^optional\b/i.test(step.title);

/** A step with the defaults of an information step: safe, no SQL, nothing it must fix. */
/** The findings no step mends, named for a person to decide: the information step both plans end with. */
function manualStep(manual: readonly Finding[]): Step {
  return step({
    id: 'manual',
    title: `${manual.length} ${manual.length === 1 ? 'finding needs' : 'findings need'} a person to decide`,
    kind: 'info',
    why: manual.map((f) => f.id),
    explanation: manual.map((f) => `${f.code} ${f.object}: ${f.title}`).join('\n'),
  });
}

function step(fields: Pick<Step, 'id' | 'title' | 'kind' | 'explanation'> & Partial<Step>): Step {
  return { danger: 'safe', why: [], sql: '', mustPass: [], exportTables: [], optional: false, ...fields };
}

function sqlStep(
  id: string,
  title: string,
  danger: Danger,
  why: readonly Finding[],
  sql: string,
  explanation: string,
): Step {
  const ids = why.map((f) => f.id);
  return step({ id, title, kind: 'sql', danger, why: ids, sql, mustPass: ids, explanation });
}

/** One step per table and group: each its own transaction, small enough to read before applying. */
function repairSteps(phase: 'before' | 'after', findings: readonly Finding[]): Step[] {
  const buckets = new Map<string, Finding[]>();
  for (const finding of findings) {
    // Grants around the policies (partitions, views) are revoked in one step, however many there are.
    const table =
      finding.code === 'GRT004'
        ? 'partitions and views'
        : (/^public\.sync_[a-z_]+?(?=\.|$| )/.exec(finding.object)?.[0] ?? relationOfIndex(finding) ?? finding.object);
    const key = `${finding.group}:${table}`;
    buckets.set(key, [...(buckets.get(key) ?? []), finding]);
  }
  return [...buckets.entries()].map(([key, bucket]) => {
    const [group, table] = key.split(':') as [string, string];
    const danger: Danger = bucket.some((f) => DANGER[f.code] === 'moderate') ? 'moderate' : 'safe';
    return sqlStep(
      `repair-${phase}-${group}-${table.replace(/^public\./, '')}`.replace(/[^a-z0-9_-]/g, '-'),
      `Repair ${group} of ${table}: ${[...new Set(bucket.map((f) => f.code))].join(', ')}`,
      danger,
      bucket,
      bucket.map((f) => f.fix).join('\n'),
      bucket.map((f) => `${f.code} ${f.object}: ${f.title}`).join('\n'),
    );
  });
}

function relationOfIndex(finding: Finding): string | null {
  const match = /ON (?:ONLY )?(public\.sync_[a-z_]+)/.exec(finding.expected);
  return match?.[1] ?? null;
}

function rebuildStep(
  finding: Finding,
  findings: readonly Finding[],
  input: PlanInput,
  sqlFile: (name: string) => string,
): Step {
  const relation = finding.object;
  const render = (name: string, values: Record<string, string>) => renderSql(sqlFile(name), values);
  const definition = tableDefinition(relation, input.expected, render);
  const partitions = [...definition.partitions];
  // Seed 002's log: rows older than its first partition (a sql/rebuild file written for 0024's log alone).
  if (relation === ACTIVITY_LOG) partitions.push(render('rebuild/activity_log_older_rows', {}));
  const sql = render('rebuild/table', {
    relation,
    create: definition.create,
    partitions: partitions.join('\n'),
    spec: [...definition.onTable, ...definition.triggers].join('\n'),
  });
  const related = findings.filter((f) => open(f) && onTable(f, relation)).map((f) => f.id);
  return step({
    id: `rebuild-${relation.replace(/^public\./, '')}`,
    title: `Rebuild ${relation} as the spec defines it, keeping its rows`,
    kind: 'rebuild',
    danger: 'severe',
    why: related,
    sql,
    mustPass: related,
    exportTables: [relation],
    explanation:
      `${finding.title}. The table cannot be changed in place: its rows are exported (COPY text) first; then, in one transaction, ` +
      'it is dropped, created with everything seed 002 defines on it, and its rows are loaded back by column name. Any row that does not fit rolls the whole step back.',
  });
}

/** Everything the intended state defines on a table, as statements: itself, its partitions, what sits on it, its triggers. */
function tableDefinition(
  relation: string,
  expected: ExpectedState,
  render: (name: string, values: Record<string, string>) => string,
): { create: string; partitions: string[]; onTable: string[]; triggers: string[] } {
  const partitions = expected.relations
    .filter((r) => r.partitionOf === relation)
    .map((p) =>
      render('fix/create_partition', {
        partition: `${p.schema}.${p.name}`,
        parent: relation,
        bound: p.partitionBound ?? '',
      }),
    );
  const indexes = expected.indexes
    .filter((i) => i.relation === relation && i.constraint === null)
    .map((i) => render('fix/create_index', { definition: creatableIndex(i.definition) }));
  const table = expected.relations.find((r) => `${r.schema}.${r.name}` === relation && r.partitionOf === null);
  const rls = table?.rlsEnabled ? [render('fix/enable_rls', { relation })] : [];
  const policies = expected.policies
    .filter((p) => p.relation === relation)
    .map((p) => render('fix/create_policy', policyFixVars(relation, p)));
  const grants = expected.grants
    .filter((g) => g.object === relation && g.grantee !== 'public')
    .map((g) =>
      render('fix/grant_table', { privileges: [...g.privileges].sort().join(', '), relation, grantee: g.grantee }),
    );
  const triggers = expected.triggers
    .filter((t) => t.relation === relation)
    .map((t) => render('fix/create_trigger', { trigger: t.name, relation, definition: t.definition }));
  return {
    create: render('fix/create_table', createTableValues(expected, relation)),
    partitions,
    onTable: [...indexes, ...rls, ...policies, ...grants],
    triggers,
  };
}

/**
 * A migration set's plan (--migrations): what is missing created from the intended state in
 * dependency order (types, tables with what sits on them, functions, then triggers), what differs
 * repaired in place one group at a time, a table of another kind rebuilt with its rows kept, and
 * whatever no statement can settle left to a person with the reason. Nothing is dropped silently.
 */
function buildMigrationSetPlan(input: PlanInput): Step[] {
  const findings = input.findings.filter((f) => f.database === 'issoh');
  const sqlFile = (name: string): string => {
    const text = input.sql[name];
    if (text === undefined) throw new Error(`missing sql/${name}.sql`);
    return text;
  };
  const render = (name: string, values: Record<string, string>) => renderSql(sqlFile(name), values);
  const steps: Step[] = [];
  const notes = findings.filter((f) => (f.code === 'MIG001' || f.code === 'MIG004') && f.status === 'fail');
  if (notes.length > 0)
    steps.push(
      step({
        id: 'intended-state',
        title: notes.some((f) => f.code === 'MIG004')
          ? 'The database holds another variant than the one this plan aims at'
          : 'The intended state is partial: files that do not apply are left out',
        kind: 'info',
        why: notes.map((f) => f.id),
        explanation: notes.map((f) => f.title).join('\n'),
      }),
    );
  const missing = (code: string) =>
    findings.filter((f) => f.code === code && f.status === 'fail' && f.actual === 'does not exist');
  const enums = missing('ENM001');
  if (enums.length > 0)
    steps.push(
      sqlStep(
        'create-types',
        'Create the enum types',
        'safe',
        enums,
        enums.map((f) => f.fix).join('\n'),
        'Types the tables use.',
      ),
    );
  // Tables in an order where each one's foreign keys point at tables created before it.
  const tables = orderByReferences(
    missing('TBL001').map((f) => f.object),
    input.expected,
  );
  const tableSteps = tables.map((relation) => {
    const definition = tableDefinition(relation, input.expected, render);
    const why = findings.filter((f) => open(f) && onTable(f, relation) && !f.code.startsWith('TRG'));
    return sqlStep(
      `create-${relation}`.replace(/[^a-z0-9_-]/gi, '-'),
      `Create ${relation} with what the migrations define on it`,
      'safe',
      why,
      [definition.create, ...definition.partitions, ...definition.onTable].join('\n'),
      'It does not exist: created with its columns, constraints, partitions, indexes, row-level security, policies and grants.',
    );
  });
  steps.push(...tableSteps);
  const functions = findings.filter((f) => f.code === 'FUN001' && f.status === 'fail' && f.fix !== null);
  if (functions.length > 0)
    steps.push(
      sqlStep(
        'create-functions',
        'Create the functions',
        'safe',
        functions,
        functions.map((f) => f.fix).join('\n'),
        'Functions the triggers and policies call.',
      ),
    );
  const triggers = tables.flatMap((relation) => tableDefinition(relation, input.expected, render).triggers);
  const triggerWhy = findings.filter((f) => f.code.startsWith('TRG') && tables.some((t) => onTable(f, t)));
  if (triggers.length > 0)
    steps.push(
      sqlStep(
        'create-triggers',
        'Create the triggers of the new tables',
        'safe',
        triggerWhy,
        triggers.join('\n'),
        'After their functions.',
      ),
    );
  const created = new Set([
    ...enums.map((f) => f.id),
    ...functions.map((f) => f.id),
    ...tableSteps.flatMap((t) => t.why),
    ...triggerWhy.map((f) => f.id),
  ]);
  const rebuilt = findings.filter((f) => REBUILD.has(f.code) && f.status === 'fail');
  for (const finding of rebuilt) steps.push(rebuildStep(finding, findings, input, sqlFile));
  const notRebuilt = (f: Finding) => !rebuilt.some((r) => onTable(f, r.object));
  const repairs = findings
    .filter(
      (f) => f.status === 'fail' && f.fix !== null && !created.has(f.id) && notRebuilt(f) && f.group !== 'migrations',
    )
    .sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
  steps.push(...repairSteps('after', repairs));
  const manual = findings.filter(
    (f) =>
      open(f) &&
      f.fix === null &&
      !created.has(f.id) &&
      notRebuilt(f) &&
      !REBUILD.has(f.code) &&
      f.status !== 'blocked' &&
      f.code !== 'MIG001' &&
      f.code !== 'MIG004',
  );
  if (manual.length > 0) steps.push(manualStep(manual));
  steps.push(reverifyStep());
  return steps;
}

/** Repairs in the order their objects depend on each other: types, tables, constraints, indexes, partitions, functions, policies, grants. */
const GROUP_ORDER = ['enums', 'tables', 'constraints', 'indexes', 'partitions', 'functions', 'rls', 'grants'];

/** Tables ordered so that each one's foreign keys point at tables before it (or outside the list). */
function orderByReferences(tables: readonly string[], expected: ExpectedState): string[] {
  const ordered: string[] = [];
  const visit = (table: string, path: readonly string[]) => {
    if (ordered.includes(table) || path.includes(table)) return;
    for (const c of expected.constraints)
      if (c.relation === table && c.fkTarget && tables.includes(c.fkTarget)) visit(c.fkTarget, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** Is the finding about this table or one of its columns, constraints, indexes, policies or partitions? */
function onTable(finding: Finding, relation: string): boolean {
  return (
    finding.object === relation ||
    finding.object.startsWith(`${relation}.`) ||
    finding.object.startsWith(`${relation}_`) ||
    finding.expected.includes(` ${relation} `) ||
    finding.expected.includes(`ONLY ${relation} `)
  );
}

export type Outcome =
  | 'committed'
  | 'dry-run'
  | 'rolled-back'
  | 'failed'
  | 'refused'
  | 'interrupted'
  /** the export directory could not be made or filled (a full disk): rolled back, exit 2 */
  | 'unusable-export';

export interface StepResult {
  readonly stepId: string;
  readonly mode: 'dry-run' | 'apply';
  readonly outcome: Outcome;
  readonly durationMs: number;
  /** mustPass findings that no longer fail (in the dry run: would no longer fail) */
  readonly fixed: readonly string[];
  /** findings the step was for that still fail: why it rolled back */
  readonly stillFailing: readonly Finding[];
  /** findings after the step, read inside its transaction */
  readonly findingsAfter: readonly Finding[] | null;
  readonly exported: ExportManifest | null;
  readonly error: { readonly message: string; readonly sqlstate: string | null; readonly hint: string | null } | null;
}
