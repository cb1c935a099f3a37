/**
 * The application's contract (issue 19): the statements the application's own code sends to the
 * 0024 objects, and what the deployed database says of each. Pure: the scanner (src/contract)
 * finds them, db/contract has the server check them, and this module judges the outcome.
 */
import { CODES } from './codes.js';
import type { Finding } from './finding.js';
import { createdObjects, type Manifest } from './manifest.js';

/** What a statement names, as the parser read it (unquoted names folded to lower case). */
export interface StatementReferences {
  /** "sync_progress" or "public.sync_progress", as written */
  readonly relations: readonly string[];
  /** "sync_progress.status": a column the statement reads or writes, attributed to its relation where it can be */
  readonly columns: readonly string[];
  readonly functions: readonly string[];
  readonly types: readonly string[];
}

/** One statement of the application's, found in its source or kept in a contract file. */
export interface ContractStatement {
  /** stable: "<file stem>-<8 hex of the statement's parse tree>", "-2" … for a repeat in one file */
  readonly id: string;
  /** relative to the application's directory, '/'-separated; null for an entry written by hand */
  readonly file: string | null;
  readonly line: number | null;
  /** the statement with $1 … $n where the source passes values */
  readonly sql: string;
  /** example values for $1 … $n, as text; null where none is known */
  readonly params: readonly (string | null)[];
  /** the parser's node type: SelectStmt, InsertStmt, UpdateStmt, DeleteStmt, MergeStmt, CreateStmt … */
  readonly kind: string;
  /** why the statement cannot be checked (a table name built at run time …), or null */
  readonly dynamic: string | null;
  readonly references: StatementReferences;
  /** sha256 of the parse tree without positions: the same statement however it is laid out */
  readonly fingerprint: string;
}

/** The names a statement must mention to belong to the contract: what the migration creates. */
export interface ContractTargets {
  /** unqualified, lower case */
  readonly relations: readonly string[];
  readonly functions: readonly string[];
  readonly types: readonly string[];
}

const unqualified = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** The migration's own objects in the intended state: its tables (and their partitions), views, functions and types, not its prerequisites'. */
export function contractTargets(manifest: Manifest): ContractTargets {
  const created = createdObjects(manifest);
  const own = new Set(created.relations);
  const bare = (names: readonly string[]) => [...new Set(names.map(unqualified))].sort();
  return {
    relations: bare(
      manifest.expected.relations
        .filter((r) => own.has(`${r.schema}.${r.name}`) || (r.partitionOf !== null && own.has(r.partitionOf)))
        .map((r) => r.name),
    ),
    functions: bare(created.functions),
    types: bare(created.enums),
  };
}

/** Statement kinds the server can prepare and plan without running them. */
const PLANNABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** Why a statement is not sent to the server, or null when it can be checked. */
export function uncheckableReason(statement: ContractStatement): string | null {
  if (statement.dynamic) return statement.dynamic;
  if (!PLANNABLE.has(statement.kind))
    return `${describeKind(statement.kind)} is not a query the server can plan without running it; verify checks the objects it makes`;
  return null;
}

function describeKind(kind: string): string {
  const words = kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return `a ${words.toUpperCase()} statement`;
}

export type StatementStatus = 'ok' | 'fail' | 'unchecked';

/** What the server said of one statement (db/contract). */
export interface ProbeOutcome {
  readonly id: string;
  readonly status: 'ok' | 'fail';
  readonly sqlstate?: string;
  readonly message?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
  readonly datatype?: string;
}

export interface ProbeResult {
  readonly statements: readonly ProbeOutcome[];
  /** under --execute: sequences a rolled-back write still advanced ("public.seq" → last value) */
  readonly sequencesAdvanced: Readonly<Record<string, number>>;
}

export type ProbeMode = 'check' | 'execute';

/** One statement's verdict, as `contract --json` prints it. */
export interface StatementResult {
  readonly id: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly sql: string;
  readonly status: StatementStatus;
  readonly sqlstate: string | null;
  readonly message: string | null;
  /** the object the error names ("public.sync_progress.status"), where it can be told */
  readonly object: string | null;
  /** why it was not checked */
  readonly reason: string | null;
}

/**
 * The object an error is about: the fields the server sets (table, column, constraint), or, for an
 * error of parse analysis (which sets none), the statement's own reference that the database lacks.
 */
export function objectOf(
  statement: ContractStatement,
  outcome: ProbeOutcome,
  present: { readonly relations: ReadonlySet<string>; readonly columns: ReadonlySet<string> },
): string | null {
  if (outcome.table) {
    const relation = `${outcome.schema ?? 'public'}.${outcome.table}`;
    if (outcome.column) return `${relation}.${outcome.column}`;
    if (outcome.constraint) return `${relation} constraint ${outcome.constraint}`;
    return relation;
  }
  const qualify = (name: string) => (name.includes('.') ? name : `public.${name}`);
  switch (outcome.sqlstate) {
    case '42P01': {
      const missing = statement.references.relations.find((r) => !present.relations.has(qualify(r)));
      return missing ? qualify(missing) : null;
    }
    case '42703': {
      const columnOf = (c: string) => `${qualify(c.slice(0, c.lastIndexOf('.')))}.${unqualified(c)}`;
      const missing = statement.references.columns.find((c) => {
        const relation = qualify(c.slice(0, c.lastIndexOf('.')));
        return present.relations.has(relation) && !present.columns.has(columnOf(c));
      });
      return missing ? columnOf(missing) : null;
    }
    case '42883': {
      const name = statement.references.functions[0];
      return name ? `${qualify(name)}()` : null;
    }
    default:
      return outcome.datatype ?? null;
  }
}

export interface ContractSummary {
  readonly ok: number;
  readonly fail: number;
  readonly unchecked: number;
  readonly total: number;
}

export function summarizeStatements(results: readonly StatementResult[]): ContractSummary {
  const counts = { ok: 0, fail: 0, unchecked: 0 };
  for (const result of results) counts[result.status]++;
  return { ...counts, total: results.length };
}

/** What `contract` reports: `contract --json`'s document and the text face's input. */
export interface ContractReport {
  readonly version: string;
  readonly generatedAt: string;
  /** IS-SOH, where the application's DATABASE_URL points */
  readonly database: {
    readonly label: 'IS-SOH';
    readonly url: string;
    readonly host: string;
    readonly database: string;
    readonly pooled: boolean;
  };
  readonly mode: ProbeMode;
  readonly role: string | null;
  /** where the statements came from: the application's directory, or a contract file */
  readonly source:
    | { readonly kind: 'app'; readonly directory: string }
    | { readonly kind: 'file'; readonly path: string };
  readonly statements: readonly StatementResult[];
  readonly summary: ContractSummary;
  readonly stale: readonly StaleEntry[];
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly message: string }>;
  readonly filesScanned: number | null;
  /** --execute: sequences a rolled-back write still advanced */
  readonly sequencesAdvanced: Readonly<Record<string, number>>;
  /** the verify findings of the contract group: each failing statement explained by the migration's finding, or the disagreement named */
  readonly findings: readonly Finding[];
}

/** Outcomes of the server joined to the statements, in the statements' order. */
export function judgeStatements(
  statements: readonly ContractStatement[],
  probe: ProbeResult | null,
  present: { readonly relations: ReadonlySet<string>; readonly columns: ReadonlySet<string> },
  unreadable: string | null = null,
): StatementResult[] {
  const byId = new Map((probe?.statements ?? []).map((o) => [o.id, o]));
  return statements.map((statement) => {
    const base = { id: statement.id, file: statement.file, line: statement.line, sql: statement.sql };
    const reason = uncheckableReason(statement);
    const outcome = byId.get(statement.id);
    if (reason || !outcome)
      return {
        ...base,
        status: 'unchecked',
        sqlstate: null,
        message: null,
        object: null,
        reason: reason ?? unreadable ?? 'the server gave no answer for it',
      };
    if (outcome.status === 'ok')
      return { ...base, status: 'ok', sqlstate: null, message: null, object: null, reason: null };
    return {
      ...base,
      status: 'fail',
      sqlstate: outcome.sqlstate ?? null,
      message: outcome.message ?? null,
      object: objectOf(statement, outcome, present),
      reason: null,
    };
  });
}

/** Where a statement is, for people: "src/services/SyncProgressTracker.ts:263", or its id. */
export const placeOf = (statement: Pick<StatementResult, 'id' | 'file' | 'line'>): string =>
  statement.file ? `${statement.file}${statement.line ? `:${statement.line}` : ''}` : statement.id;

/** What a stale contract entry is found to be when its source file is read again. */
export interface StaleEntry {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  /** "moved to line 270", "no longer in the file (changed or removed)", "file not found" */
  readonly why: string;
}

/** The facts a contract finding is judged with: the migration's findings and the intended state. */
export interface ContractJudgement {
  readonly statements: readonly ContractStatement[];
  readonly results: readonly StatementResult[];
  readonly stale: readonly StaleEntry[];
  /** IS-SOH's findings of the migration itself (what explains a failing statement) */
  readonly migration: readonly Finding[];
  readonly manifest: Manifest;
}

/** `BEGIN READ ONLY; PREPARE …; EXPLAIN EXECUTE …; ROLLBACK;`: what a person pastes into psql to see the same answer. */
export function evidenceOf(statement: Pick<ContractStatement, 'sql' | 'params'>): string {
  const values = statement.params.map((p) => (p === null ? 'NULL' : `'${p.replaceAll("'", "''")}'`));
  return [
    'BEGIN READ ONLY;',
    `PREPARE mantis_contract AS\n${statement.sql.trim().replace(/;\s*$/, '')};`,
    `EXPLAIN EXECUTE mantis_contract${values.length > 0 ? `(${values.join(', ')})` : ''};`,
    'ROLLBACK;',
  ].join('\n');
}

/** 22P02's "invalid input value for enum sync_entity_type: "products"": the type and the label. */
function enumLabelOf(message: string | null): { type: string; label: string } | null {
  const match = /enum ([\w.]+): "(.*)"$/.exec(message ?? '');
  return match ? { type: match[1]!, label: match[2]! } : null;
}

/**
 * Why a statement fails, in terms of the migration: the failing migration finding about the same
 * object (the missing column's), or the plain fact that the specification lacks what the
 * application uses, naming both sides.
 */
function explain(
  result: StatementResult,
  judgement: ContractJudgement,
): { readonly code: 'APP001' | 'APP002'; readonly because: string } {
  const expected = judgement.manifest.expected;
  // The other side, by name: the migration file the intended state was built from.
  const migrationFile = Object.keys(judgement.manifest.sources).find((name) => name.startsWith('migrations/'));
  const spec = migrationFile ? `the migration (sql/${migrationFile}.sql)` : 'the migration';
  const label = enumLabelOf(result.message);
  if (result.sqlstate === '22P02' && label) {
    const type = expected.enums.find((e) => e.name === unqualified(label.type));
    if (type && !type.labels.includes(label.label))
      return {
        code: 'APP002',
        because: `the application uses the label "${label.label}" of ${type.schema}.${type.name}, which ${spec} does not define (its labels: ${type.labels.join(', ')}): change ${placeOf(result)} or the migration`,
      };
  }
  const object = result.object;
  if (object) {
    const relation = object.includes('.') ? object.slice(0, object.lastIndexOf('.')) : object;
    const specRelation = expected.relations.some((r) => `${r.schema}.${r.name}` === relation);
    const specColumn = expected.columns.some((c) => `${c.relation}.${c.name}` === object);
    if (result.sqlstate === '42703' && specRelation && !specColumn)
      return {
        code: 'APP002',
        because: `the application uses ${object}, which ${spec} does not define: the tool cannot make both true (change ${placeOf(result)} or the migration)`,
      };
    if (result.sqlstate === '42P01' && !expected.relations.some((r) => `${r.schema}.${r.name}` === object))
      return {
        code: 'APP002',
        because: `the application uses ${object}, which ${spec} does not create: change ${placeOf(result)} or the migration`,
      };
    const failing = judgement.migration.filter((f) => f.status === 'fail' || f.status === 'blocked');
    // The finding about the object itself, else about what holds it (the table a missing column was to be in).
    const explaining =
      failing.find((f) => f.object === object) ?? failing.find((f) => object.startsWith(`${f.object}.`));
    if (explaining) return { code: 'APP001', because: `explained by ${explaining.code} ${explaining.title}` };
  }
  return { code: 'APP001', because: 'no migration finding explains it' };
}

/** One finding per statement: works (pass), fails (APP001/APP002), not checked (APP003), and each stale entry (APP004). */
export function contractFindings(judgement: ContractJudgement): Finding[] {
  const byId = new Map(judgement.statements.map((s) => [s.id, s]));
  const findings: Finding[] = judgement.results.map((result) => {
    const statement = byId.get(result.id);
    const place = placeOf(result);
    const location = result.file && result.line ? { location: { file: result.file, line: result.line } } : {};
    const base = {
      category: 'contract' as const,
      group: 'contract' as const,
      database: 'issoh' as const,
      object: place,
      evidence: evidenceOf(statement ?? { sql: result.sql, params: [] }),
      fix: null,
      blockedBy: [],
      ...location,
    };
    if (result.status === 'ok')
      return {
        ...base,
        id: `issoh:APP001:${result.id}`,
        code: 'APP001',
        severity: 'info',
        title: `${place}: works`,
        status: 'pass',
        expected: 'the server parses, binds and plans it',
        actual: 'it does',
        impact: CODES.APP001.impact,
      };
    if (result.status === 'unchecked')
      return {
        ...base,
        id: `issoh:APP003:${result.id}`,
        code: 'APP003',
        severity: CODES.APP003.severity,
        title: `${place}: not checked`,
        status: 'warn',
        expected: 'a statement the server can check',
        actual: result.reason ?? 'not checked',
        impact: CODES.APP003.impact,
      };
    const { code, because } = explain(result, judgement);
    const error = `${result.sqlstate ?? ''} ${result.message ?? ''}`.trim();
    return {
      ...base,
      id: `issoh:${code}:${result.id}`,
      code,
      severity: CODES[code].severity,
      title: `${place} fails: ${error}`,
      status: 'fail',
      expected: 'the server parses, binds and plans it',
      actual: `${error}${result.object ? ` (${result.object})` : ''}\n${because}`,
      impact: CODES[code].impact,
    };
  });
  for (const entry of judgement.stale)
    findings.push({
      id: `issoh:APP004:${entry.id}`,
      code: 'APP004',
      category: 'contract',
      group: 'contract',
      severity: CODES.APP004.severity,
      database: 'issoh',
      object: `${entry.file}:${entry.line}`,
      title: `contract entry ${entry.id} stale: ${entry.why}`,
      status: 'warn',
      expected: `${entry.id} at ${entry.file}:${entry.line}`,
      actual: entry.why,
      evidence: `-- mantis-sync-tui contract --app DIR --write FILE writes the contract again`,
      fix: null,
      impact: CODES.APP004.impact,
      blockedBy: [],
      location: { file: entry.file, line: entry.line },
    });
  return findings;
}

/** What one step of a dry run does to the application's statements. */
export interface StepImpact {
  readonly stepId: string;
  /** worked before the step, fail after it */
  readonly breaks: readonly StatementResult[];
  /** failed before the step, work after it */
  readonly mends: readonly StatementResult[];
}

/** The application's statements through a dry run: now, after each step, and after all of them. */
export interface ContractImpact {
  readonly failingNow: number;
  readonly failingAfter: number;
  readonly steps: readonly StepImpact[];
  /** every statement after the last step */
  readonly after: readonly StatementResult[];
}

const NOTHING_PRESENT = { relations: new Set<string>(), columns: new Set<string>() };

/** `baseline` is the probe before the first step, `afterSteps` one probe per step (null: the step failed and was undone). */
export function contractImpact(
  statements: readonly ContractStatement[],
  baseline: ProbeResult,
  afterSteps: ReadonlyArray<{ readonly stepId: string; readonly probe: ProbeResult | null }>,
): ContractImpact {
  const judge = (probe: ProbeResult) => judgeStatements(statements, probe, NOTHING_PRESENT);
  let previous = judge(baseline);
  const failingNow = previous.filter((r) => r.status === 'fail').length;
  const steps: StepImpact[] = [];
  for (const { stepId, probe } of afterSteps) {
    if (!probe) {
      steps.push({ stepId, breaks: [], mends: [] });
      continue;
    }
    const current = judge(probe);
    const before = new Map(previous.map((r) => [r.id, r.status]));
    steps.push({
      stepId,
      breaks: current.filter((r) => r.status === 'fail' && before.get(r.id) === 'ok'),
      mends: current.filter((r) => r.status === 'ok' && before.get(r.id) === 'fail'),
    });
    previous = current;
  }
  return {
    failingNow,
    failingAfter: previous.filter((r) => r.status === 'fail').length,
    steps,
    after: previous,
  };
}

/** The statements a step breaks, by id: what `apply --accept-breaking` must name before the step runs. */
export const brokenBy = (impact: ContractImpact | null, stepId: string): readonly StatementResult[] =>
  impact?.steps.find((s) => s.stepId === stepId)?.breaks ?? [];

/** The impact in words, one line each: the same for the CLI and the app. */
export function describeImpact(
  impact: ContractImpact,
  stepTitle: (stepId: string) => string,
  subject = 'these steps',
): string[] {
  const statements = (n: number) => `${n} application statement${n === 1 ? '' : 's'}`;
  const lines = [`after ${subject} ${statements(impact.failingAfter)} fail (now ${impact.failingNow})`];
  for (const step of impact.steps) {
    if (step.breaks.length > 0)
      lines.push(
        `${stepTitle(step.stepId)} breaks ${step.breaks.map((r) => `${placeOf(r)} (${r.id}: ${r.sqlstate} ${r.message})`).join(', ')}`,
      );
    if (step.mends.length > 0) lines.push(`${stepTitle(step.stepId)} mends ${step.mends.map(placeOf).join(', ')}`);
  }
  return lines;
}

/** The refusal of a step that breaks statements nobody accepted, or null when every one is accepted. */
export function unacceptedBreaks(
  impact: ContractImpact | null,
  stepId: string,
  accepted: readonly string[],
): readonly StatementResult[] {
  return brokenBy(impact, stepId).filter((r) => !accepted.includes(r.id));
}
