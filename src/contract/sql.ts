/**
 * The PostgreSQL side of the contract scanner: PostgreSQL's own parser (libpg-query, PG17, WASM)
 * decides what is a statement, splits a text into statements, and tells what each one names.
 */
import { createHash } from 'node:crypto';
import { loadModule, parseSync } from 'libpg-query';
import type { ContractTargets, StatementReferences } from '../core/contract.js';

/** A node of libpg-query's JSON parse tree. */
export type PgNode = { readonly [key: string]: unknown };

interface RawStatement {
  readonly stmt?: PgNode;
  readonly stmt_location?: number;
  readonly stmt_len?: number;
}

let loading: Promise<void> | undefined;
let loaded = false;

/** The WASM module loads once, on first use; parsing is synchronous after that. */
export function loadSqlParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

/** One statement of a parsed text. */
export interface ParsedStatement {
  /** `{ SelectStmt: … }`: the statement's node, wrapped in its type */
  readonly tree: PgNode;
  readonly kind: string;
  /** UTF-16 offsets into the parsed text: where it begins (after the previous `;`), its first token
   * (comments skipped) and its end (no `;`) */
  readonly rawStart: number;
  readonly start: number;
  readonly end: number;
  /** its position among all the statements of the text, from 0 */
  readonly index: number;
}

export type SqlParseOutcome =
  | { readonly ok: true; readonly statements: readonly ParsedStatement[] }
  /** `position`: UTF-16 offset of the token the parser stopped at, null when it named none */
  | { readonly ok: false; readonly message: string; readonly position: number | null };

/** Parses with PostgreSQL's grammar. The parser must be loaded (loadSqlParser). */
export function parseSqlText(text: string): SqlParseOutcome {
  if (!loaded) throw new Error('the SQL parser is not loaded: await loadSqlParser() before parsing');
  let result: { stmts?: RawStatement[] };
  try {
    result = parseSync(text) as { stmts?: RawStatement[] };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const cursor = details?.cursorPosition;
    return {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      position: typeof cursor === 'number' && cursor >= 0 ? codePointToUtf16(text, cursor) : null,
    };
  }
  const offsets = byteOffsets(text);
  const statements: ParsedStatement[] = [];
  for (const [index, raw] of (result.stmts ?? []).entries()) {
    if (!raw.stmt) continue;
    const from = offsets(raw.stmt_location ?? 0);
    const to = raw.stmt_len === undefined ? text.length : offsets((raw.stmt_location ?? 0) + raw.stmt_len);
    const start = skipSpaceAndComments(text, from, to);
    let end = to;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    statements.push({ tree: raw.stmt, kind: Object.keys(raw.stmt)[0] ?? 'Unknown', rawStart: from, start, end, index });
  }
  return { ok: true, statements };
}

/** libpg-query gives byte offsets into the UTF-8 text; JavaScript strings count UTF-16 units. */
function byteOffsets(text: string): (byteOffset: number) => number {
  if (Buffer.byteLength(text, 'utf8') === text.length) return (byteOffset) => byteOffset;
  const bytes = Buffer.from(text, 'utf8');
  return (byteOffset) => bytes.subarray(0, byteOffset).toString('utf8').length;
}

/** The parser's error cursor counts characters (code points). */
function codePointToUtf16(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    const code = text.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/** The first token at or after `from`: a statement's place is where its first word is, not its comment. */
function skipSpaceAndComments(text: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const code = text.charCodeAt(at);
    if (isSpace(code)) {
      at++;
    } else if (text.startsWith('--', at)) {
      const newline = text.indexOf('\n', at);
      at = newline < 0 || newline > to ? to : newline + 1;
    } else if (text.startsWith('/*', at)) {
      // PostgreSQL's block comments nest.
      let depth = 0;
      while (at < to) {
        if (text.startsWith('/*', at)) {
          depth++;
          at += 2;
        } else if (text.startsWith('*/', at)) {
          depth--;
          at += 2;
          if (depth === 0) break;
        } else {
          at++;
        }
      }
    } else {
      break;
    }
  }
  return Math.min(at, to);
}

/** sha256 of the tree without positions: the same statement however it is laid out. */
export function fingerprintOf(tree: PgNode): string {
  const json = JSON.stringify(tree, (key, value: unknown) =>
    key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value,
  );
  return createHash('sha256').update(json).digest('hex');
}

const PLACEHOLDER_PREFIX = 'mantis_placeholder_';
/** The identifier a `${}` placeholder becomes when it stands where a name goes. */
export const placeholderName = (number: number) => `${PLACEHOLDER_PREFIX}${number}`;

/** What one statement names and how its parameters sit, read from its tree. */
export interface StatementAnalysis {
  readonly references: StatementReferences;
  /** it names a relation, function or type of the migration's */
  readonly touchesTarget: boolean;
  /** the numbers of its ParamRefs ($n) */
  readonly parameters: ReadonlySet<number>;
  /** ParamRefs standing where a name goes: a whole output column, an ORDER BY or GROUP BY item */
  readonly nameParameters: ReadonlySet<number>;
}

export interface TargetSets {
  readonly relations: ReadonlySet<string>;
  readonly functions: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  /** false: the migration's names are not known, so no function or type is left out of the references */
  readonly known: boolean;
}

export const targetSets = (targets: ContractTargets | null): TargetSets => ({
  relations: new Set(targets?.relations ?? []),
  functions: new Set(targets?.functions ?? []),
  types: new Set(targets?.types ?? []),
  known: targets !== null,
});

/**
 * One statement written by hand (a contract file's entry): its kind, references and fingerprint as
 * the scanner computes them, or why it is not one statement. Synchronous: `await loadSqlParser()`
 * once before calling it.
 */
export function analyseStatement(
  sql: string,
  targets: ContractTargets | null = null,
):
  | { readonly kind: string; readonly references: StatementReferences; readonly fingerprint: string }
  | { readonly error: string } {
  if (sql.trim() === '') return { error: 'it is empty' };
  const outcome = parseSqlText(sql);
  if (!outcome.ok) return { error: outcome.message };
  const [statement, ...others] = outcome.statements;
  if (!statement) return { error: 'it holds no statement' };
  if (others.length > 0) return { error: `it holds ${outcome.statements.length} statements; an entry holds one` };
  const analysis = analyseTree(statement.tree, targetSets(targets));
  return { kind: statement.kind, references: analysis.references, fingerprint: fingerprintOf(statement.tree) };
}

export function analyseTree(tree: PgNode, targets: TargetSets): StatementAnalysis {
  const collector = new ReferenceCollector(targets, cteNamesOf(tree));
  collector.walk(tree, null, false);
  const sorted = (values: Set<string>) => [...values].sort();
  return {
    references: {
      relations: sorted(collector.relations),
      columns: sorted(collector.columns),
      functions: sorted(collector.functions),
      types: sorted(collector.types),
    },
    touchesTarget: collector.touchesTarget,
    parameters: collector.parameters,
    nameParameters: collector.nameParameters,
  };
}

const DATA_STATEMENTS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** The names visible to a column reference in one query level (FROM items, the DML target). */
interface Scope {
  readonly parent: Scope | null;
  /** alias or relation name → the relation as written; null for a CTE, subquery or function */
  readonly names: Map<string, string | null>;
  /** FROM items: the relation as written, null for anything else */
  readonly fromItems: (string | null)[];
  /** INSERT/UPDATE/DELETE/MERGE target, as written */
  readonly target: string | null;
  /** output column names, which ORDER BY and GROUP BY may name bare */
  readonly outputNames: ReadonlySet<string>;
}

const asNode = (value: unknown): PgNode | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PgNode) : null;
const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** ["public", "sync_progress"] from a list of String nodes; null when one part is not a name (`*`). */
function nameParts(list: unknown): string[] | null {
  const parts: string[] = [];
  for (const item of asList(list)) {
    const sval = asNode(asNode(item)?.String)?.sval;
    if (typeof sval !== 'string') return null;
    parts.push(sval);
  }
  return parts.length > 0 ? parts : null;
}

const isRangeVar = (node: PgNode) => typeof node.relname === 'string' && 'relpersistence' in node;
const writtenRelation = (node: PgNode) =>
  typeof node.schemaname === 'string' && node.schemaname !== ''
    ? `${node.schemaname}.${String(node.relname)}`
    : String(node.relname);
const aliasOf = (node: PgNode): string | null => {
  const aliasname = asNode(node.alias)?.aliasname;
  return typeof aliasname === 'string' ? aliasname : null;
};

function cteNamesOf(tree: PgNode): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = asNode(value);
    if (!node) return;
    if (typeof node.ctename === 'string') names.add(node.ctename);
    for (const child of Object.values(node)) if (typeof child === 'object') visit(child);
  };
  visit(tree);
  return names;
}

class ReferenceCollector {
  readonly relations = new Set<string>();
  readonly columns = new Set<string>();
  readonly functions = new Set<string>();
  readonly types = new Set<string>();
  readonly parameters = new Set<number>();
  readonly nameParameters = new Set<number>();
  touchesTarget = false;

  constructor(
    private readonly targets: TargetSets,
    private readonly cteNames: ReadonlySet<string>,
  ) {}

  /** `sortOrGroup`: inside ORDER BY or GROUP BY, where a bare name may be an output column. */
  walk(value: unknown, scope: Scope | null, sortOrGroup: boolean): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, scope, sortOrGroup);
      return;
    }
    const node = asNode(value);
    if (!node) return;
    if (isRangeVar(node)) this.relation(node);
    if (Array.isArray(node.funcname)) this.function(node.funcname);
    if (Array.isArray(node.names) && 'typemod' in node) this.type(node.names);
    for (const [key, child] of Object.entries(node)) {
      if (typeof child !== 'object' || child === null) continue;
      if (DATA_STATEMENTS.has(key)) {
        const statement = asNode(child);
        if (statement) this.statement(key, statement, scope);
      } else if (key === 'ColumnRef') {
        const ref = asNode(child);
        if (ref) this.columnRef(ref, scope, sortOrGroup);
      } else if (key === 'ParamRef') {
        const number = asNode(child)?.number;
        if (typeof number === 'number') this.parameters.add(number);
      } else if (key === 'typeName' && Array.isArray(child)) {
        // CREATE TYPE … AS ENUM and ALTER TYPE name the type as a plain list of names.
        this.type(child);
      } else {
        this.walk(child, scope, key === 'FuncCall' ? false : sortOrGroup);
      }
    }
  }

  private relation(node: PgNode): void {
    const relname = String(node.relname);
    if (!node.schemaname && this.cteNames.has(relname)) return;
    this.relations.add(writtenRelation(node));
    if (this.targets.relations.has(relname)) this.touchesTarget = true;
    // "sync_activity_log_${month}": a name built at run time whose written part begins a target's name.
    const marker = relname.indexOf(PLACEHOLDER_PREFIX);
    const placeholder = marker >= 0 ? marker : relname.indexOf('${');
    if (placeholder > 0) {
      const prefix = relname.slice(0, placeholder);
      for (const target of this.targets.relations) if (target.startsWith(prefix)) this.touchesTarget = true;
    }
  }

  private function(list: unknown): void {
    const parts = nameParts(list);
    if (!parts) return;
    const name = parts[parts.length - 1]!;
    const isTarget = this.targets.functions.has(name);
    if (isTarget) this.touchesTarget = true;
    if (this.kept(parts, isTarget)) this.functions.add(parts.join('.'));
  }

  private type(list: unknown): void {
    const parts = nameParts(list);
    if (!parts) return;
    const name = parts[parts.length - 1]!;
    const isTarget = this.targets.types.has(name);
    if (isTarget) this.touchesTarget = true;
    if (this.kept(parts, isTarget)) this.types.add(parts.join('.'));
  }

  /**
   * Unqualified built-ins (now(), count(), ::text) are left out: what is kept is what the database
   * may lack, the migration's own and anything of another schema than pg_catalog.
   */
  private kept(parts: readonly string[], isTarget: boolean): boolean {
    if (parts.length > 1) return parts[0] !== 'pg_catalog';
    return isTarget || !this.targets.known;
  }

  /** One query level: its FROM items and target make the scope its column references resolve in. */
  private statement(kind: string, node: PgNode, parent: Scope | null): void {
    const targetNode = kind === 'SelectStmt' ? null : asNode(node.relation);
    const target = targetNode && isRangeVar(targetNode) ? writtenRelation(targetNode) : null;
    const scope: Scope = {
      parent,
      names: new Map(),
      fromItems: [],
      target,
      outputNames: new Set(
        asList(node.targetList).flatMap((item) => {
          const name = asNode(asNode(item)?.ResTarget)?.name;
          return kind === 'SelectStmt' && typeof name === 'string' ? [name] : [];
        }),
      ),
    };
    if (targetNode && target) {
      scope.names.set(aliasOf(targetNode) ?? String(targetNode.relname), target);
      if (asNode(node.onConflictClause)) scope.names.set('excluded', target);
    }
    const fromList =
      kind === 'DeleteStmt' ? node.usingClause : kind === 'MergeStmt' ? [node.sourceRelation] : node.fromClause;
    for (const item of asList(fromList)) this.fromItem(item, scope);

    if (target) {
      const written = (list: unknown) =>
        asList(list).flatMap((item) => {
          const name = asNode(asNode(item)?.ResTarget)?.name;
          return typeof name === 'string' ? [name] : [];
        });
      if (kind === 'InsertStmt') for (const name of written(node.cols)) this.columns.add(`${target}.${name}`);
      if (kind === 'UpdateStmt') for (const name of written(node.targetList)) this.columns.add(`${target}.${name}`);
      const onConflict = asNode(node.onConflictClause);
      if (onConflict) {
        for (const name of written(onConflict.targetList)) this.columns.add(`${target}.${name}`);
        for (const element of asList(asNode(onConflict.infer)?.indexElems)) {
          const name = asNode(asNode(element)?.IndexElem)?.name;
          if (typeof name === 'string') this.columns.add(`${target}.${name}`);
        }
      }
    }

    for (const [key, child] of Object.entries(node)) {
      if (typeof child !== 'object' || child === null) continue;
      if (key === 'larg' || key === 'rarg') {
        // The arms of UNION/INTERSECT/EXCEPT are queries of their own, beside this one.
        const arm = asNode(child);
        if (arm) this.statement('SelectStmt', arm, parent);
        continue;
      }
      if (key === 'targetList' || key === 'returningList') this.nameLikeParameters(child, 'ResTarget', 'val');
      if (key === 'sortClause') this.nameLikeParameters(child, 'SortBy', 'node');
      if (key === 'groupClause') this.nameLikeParameters(child, null, null);
      this.walk(child, scope, key === 'sortClause' || key === 'groupClause');
    }
  }

  /** `SELECT $1 FROM`, `ORDER BY $1`: a whole item that is a parameter, where SQL wants a name. */
  private nameLikeParameters(list: unknown, wrapper: string | null, field: string | null): void {
    if (!Array.isArray(list)) return;
    for (const item of asList(list)) {
      let inner = asNode(item);
      if (wrapper && field) inner = asNode(asNode(inner?.[wrapper])?.[field]);
      const number = asNode(inner?.ParamRef)?.number;
      if (typeof number === 'number') this.nameParameters.add(number);
    }
  }

  private fromItem(item: unknown, scope: Scope): void {
    const node = asNode(item);
    if (!node) return;
    const rangeVar = asNode(node.RangeVar);
    if (rangeVar) {
      const relname = String(rangeVar.relname);
      const alias = aliasOf(rangeVar);
      if (!rangeVar.schemaname && this.cteNames.has(relname)) {
        scope.names.set(alias ?? relname, null);
        scope.fromItems.push(null);
        return;
      }
      const written = writtenRelation(rangeVar);
      if (alias) {
        scope.names.set(alias, written);
      } else {
        scope.names.set(relname, written);
        scope.names.set(written, written);
      }
      scope.fromItems.push(written);
      return;
    }
    const join = asNode(node.JoinExpr);
    if (join) {
      this.fromItem(join.larg, scope);
      this.fromItem(join.rarg, scope);
      const alias = aliasOf(join);
      if (alias) scope.names.set(alias, null);
      return;
    }
    const other = asNode(Object.values(node)[0]);
    const alias = other ? aliasOf(other) : null;
    if (alias) scope.names.set(alias, null);
    scope.fromItems.push(null);
  }

  private columnRef(node: PgNode, scope: Scope | null, sortOrGroup: boolean): void {
    const parts = nameParts(node.fields);
    if (!parts || !scope) return;
    const column = parts[parts.length - 1]!;
    let relation: string | null = null;
    if (parts.length === 1) {
      if (sortOrGroup && scope.outputNames.has(column)) return;
      relation = unqualifiedRelation(scope);
    } else if (parts.length === 2 || parts.length === 3) {
      relation = lookup(scope, parts.slice(0, -1).join('.'));
    }
    if (relation) this.columns.add(`${relation}.${column}`);
  }
}

function lookup(scope: Scope, name: string): string | null {
  for (let at: Scope | null = scope; at; at = at.parent) {
    if (at.names.has(name)) return at.names.get(name) ?? null;
  }
  return null;
}

/**
 * A bare column: the DML statement's target, or the only FROM item of its level; a level with
 * no FROM item (VALUES, a scalar subquery) sends it to the level around.
 */
function unqualifiedRelation(scope: Scope): string | null {
  let at: Scope | null = scope;
  while (at && !at.target && at.fromItems.length === 0) at = at.parent;
  if (!at) return null;
  if (at.target) return at.target;
  return at.fromItems.length === 1 ? (at.fromItems[0] ?? null) : null;
}
