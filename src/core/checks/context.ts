/** What every check receives, and the one way findings are made. */
import { CODES, type Code } from '../codes.js';
import type { DatabaseName, Finding, SourceLocation, Status } from '../finding.js';
import { rowsWhere } from '../lookup.js';
import type { CreatedObjects, ExpectedState, Manifest } from '../manifest.js';
import type { Snapshot, TopologySnapshot } from '../snapshot.js';
import { renderSql, type TemplateValue } from '../sqltext.js';

/** `S`: what was read of this database (SPP's read in verify holds its topology only) */
export interface CheckContext<S extends TopologySnapshot = Snapshot> {
  readonly database: DatabaseName;
  readonly actual: S;
  readonly expected: ExpectedState;
  /** the other database's snapshot, when it was read: misplaced objects are judged against it */
  readonly other: TopologySnapshot | null;
  /** sql/evidence and sql/fix templates by name ("evidence/index") */
  readonly templates: Readonly<Record<string, string>>;
  /** codes of failed prerequisites: what they block is `blocked`, not failed */
  readonly blockers: readonly string[];
  /** IS-SOH and SPP are one database (the application's "unified" setup): no link between them, nothing misplaced */
  readonly sameDatabase?: boolean;
  /** the relations the intended state creates, "schema.name": what the checks judge (a variant's own, for its comparison) */
  readonly relations: readonly string[];
  /** what the intended state's migration creates: its enum types and functions are its own, any other is a prerequisite's */
  readonly created: CreatedObjects;
  /** --migrations: the statement that created each object; a finding about one points at it */
  readonly origins?: Readonly<Record<string, SourceLocation>>;
}

export interface Draft {
  readonly code: Code;
  readonly object: string;
  readonly status: Status;
  /** defaults to the code's meaning when failing, or "<object> as specified" when passing */
  readonly title?: string;
  readonly expected: string;
  readonly actual: string;
  /** [template name, values], or literal text where no query applies */
  readonly evidence: readonly [string, Readonly<Record<string, TemplateValue>>] | string;
  readonly fix?: readonly [string, Readonly<Record<string, TemplateValue>>] | string | null;
  readonly impact?: string;
  readonly blockedBy?: readonly string[];
}

export function sql(
  ctx: CheckContext<TopologySnapshot>,
  name: string,
  values: Readonly<Record<string, TemplateValue>>,
): string {
  const template = ctx.templates[name];
  if (template === undefined) throw new Error(`missing SQL template sql/${name}.sql`);
  return renderSql(template, values);
}

/** Whether a code's meaning already names the object as a word ("role anon missing" for anon): then the title does not repeat it. */
const names = (meaning: string, object: string): boolean =>
  new RegExp(`(^|[\\s(])${object.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s),:])`).test(meaning);

export function makeFinding(ctx: CheckContext<TopologySnapshot>, draft: Draft): Finding {
  const info = CODES[draft.code];
  const location = ctx.origins ? originOf(ctx.origins, draft.object) : null;
  const status = draft.status;
  const fix =
    status === 'pass' || draft.fix === undefined || draft.fix === null
      ? null
      : typeof draft.fix === 'string'
        ? draft.fix
        : sql(ctx, draft.fix[0], draft.fix[1]);
  return {
    id: `${ctx.database}:${draft.code}:${draft.object}`,
    code: draft.code,
    category: info.category,
    group: info.group,
    severity: status === 'pass' ? 'info' : info.severity,
    database: ctx.database,
    object: draft.object,
    title:
      draft.title ??
      (status === 'pass'
        ? `${draft.object}: as specified`
        : names(info.meaning, draft.object)
          ? info.meaning
          : `${info.meaning}: ${draft.object}`),
    status,
    expected: draft.expected,
    actual: draft.actual,
    evidence: typeof draft.evidence === 'string' ? draft.evidence : sql(ctx, draft.evidence[0], draft.evidence[1]),
    fix,
    impact: draft.impact ?? info.impact,
    blockedBy: status === 'blocked' ? (draft.blockedBy ?? ctx.blockers) : [],
    ...(location ? { location } : {}),
  };
}

/**
 * Where an object came from: the statement that created it, else the one that created what it
 * belongs to (a column's table, a grant's object, a function whatever its arguments).
 */
export function originOf(origins: Readonly<Record<string, SourceLocation>>, object: string): SourceLocation | null {
  // "<relation> → <grantee>" and "<function>(<arguments>)" belong to what precedes them
  const arrow = object.indexOf(' → ');
  let name = arrow < 0 ? object : object.slice(0, arrow);
  const parenthesis = name.endsWith(')') ? name.indexOf('(') : -1;
  if (parenthesis >= 0) name = name.slice(0, parenthesis);
  for (;;) {
    const found = origins[name];
    if (found) return found;
    const dot = name.lastIndexOf('.');
    // "schema.name" is the shortest name an origin is kept under
    if (dot < 0 || name.indexOf('.') === dot) return null;
    name = name.slice(0, dot);
  }
}

/** Status for a spec object that is absent: blocked while a prerequisite is missing, else fail. */
export function absentStatus(ctx: CheckContext): Status {
  return ctx.blockers.length > 0 ? 'blocked' : 'fail';
}

/** What a child object (index, policy, trigger…) of a missing table waits for. */
export function blockedByTable(ctx: CheckContext): readonly string[] {
  return ctx.blockers.length > 0 ? ctx.blockers : ['TBL001'];
}

export function splitName(qualifiedName: string): { schema: string; name: string } {
  const dot = qualifiedName.indexOf('.');
  return { schema: qualifiedName.slice(0, dot), name: qualifiedName.slice(dot + 1) };
}

export function tableVars(relation: string): { schema: string; table: string; relation: string } {
  const { schema, name } = splitName(relation);
  return { schema, table: name, relation };
}

/** The rows of one relation (columns, constraints, policies…), in their list's order. */
export function expectedFor<T extends { relation: string }>(rows: readonly T[], relation: string): readonly T[] {
  return rowsWhere(rows, 'relation', (row) => row.relation, relation);
}

export function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

export type { Manifest };
