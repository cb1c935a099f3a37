/**
 * The application's statements (issue 19): every SQL statement its source sends to the objects the
 * migration creates, found with real parsers: oxc reads the JavaScript/TypeScript, PostgreSQL's
 * own grammar (libpg-query) decides which strings are statements and what they name.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseSync as parseScript } from 'oxc-parser';
import type { ContractStatement, ContractTargets } from '../core/contract.js';
import {
  analyseTree,
  fingerprintOf,
  loadSqlParser,
  type ParsedStatement,
  parseSqlText,
  placeholderName,
  type TargetSets,
  targetSets,
} from './sql.js';

export interface ScanOptions {
  readonly targets: ContractTargets;
  readonly includeTests?: boolean;
}

export interface ScanResult {
  /** sorted by file, then line */
  readonly statements: readonly ContractStatement[];
  /** files read (after skipping) */
  readonly filesScanned: number;
  /** files that mentioned a target name and were parsed */
  readonly filesParsed: number;
  /** files that could not be read, or whose code (or .sql) did not parse: reported, never a crash */
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly message: string }>;
}

/** A source file that does not parse: scanApplication reports it in `unreadable`. */
export class UnreadableSourceError extends Error {
  override readonly name = 'UnreadableSourceError';
}

const SCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const DECLARATION_SUFFIXES = ['.d.ts', '.d.mts', '.d.cts'];
/** Dependencies and build output: not the application's own code. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  'coverage',
  '.turbo',
  '.vercel',
  '.git',
  '.cache',
]);
/** Migrations create the objects; the contract is what the application sends to them afterwards. */
const MIGRATION_DIRECTORIES = new Set(['migrations', 'migration']);
const TEST_DIRECTORIES = new Set(['__tests__', '__mocks__', 'test', 'tests', 'e2e']);
const CONCURRENCY = 32;

export async function scanApplication(directory: string, options: ScanOptions): Promise<ScanResult> {
  const includeTests = options.includeTests ?? false;
  const unreadable: { file: string; message: string }[] = [];
  const files = await listSourceFiles(directory, includeTests, unreadable);
  const needles = targetNeedles(options.targets);
  const targets = targetSets(options.targets);
  const found: ContractStatement[][] = [];
  let filesScanned = 0;
  let filesParsed = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      let text: string;
      try {
        text = await readFile(join(directory, file), 'utf8');
      } catch (error) {
        unreadable.push({ file, message: messageOf(error) });
        continue;
      }
      filesScanned++;
      // Speed: a statement naming a target contains its name, so a file that does not is never parsed.
      if (!mentionsAny(text, needles)) continue;
      filesParsed++;
      try {
        found[index] = await statementsOfFile(file, text, targets, needles);
      } catch (error) {
        unreadable.push({ file, message: messageOf(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  const statements = uniqueIds(found.flat().sort(byPlace));
  unreadable.sort((a, b) => compareText(a.file, b.file));
  return { statements, filesScanned, filesParsed, unreadable };
}

/**
 * One file's statements (used to tell whether a contract entry went stale): `file` is the path
 * relative to the application's directory. Throws UnreadableSourceError when the file does not parse.
 */
export async function scanSource(file: string, text: string, targets: ContractTargets): Promise<ContractStatement[]> {
  const needles = targetNeedles(targets);
  if (!mentionsAny(text, needles)) return [];
  return statementsOfFile(file, text, targetSets(targets), needles);
}

// ---------------------------------------------------------------------------------------------
// Files

async function listSourceFiles(
  root: string,
  includeTests: boolean,
  unreadable: { file: string; message: string }[],
): Promise<string[]> {
  const files: string[] = [];
  const limit = limiter(CONCURRENCY);
  const visit = async (relativeDirectory: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await limit(() => readdir(join(root, relativeDirectory), { withFileTypes: true }));
    } catch (error) {
      if (relativeDirectory === '') throw error;
      unreadable.push({ file: relativeDirectory, message: messageOf(error) });
      return;
    }
    const below: Promise<void>[] = [];
    for (const entry of entries) {
      const path = relativeDirectory ? `${relativeDirectory}/${entry.name}` : entry.name;
      // A symbolic link is neither a directory nor a file here: it is not followed.
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name, includeTests)) below.push(visit(path));
      } else if (entry.isFile() && isScannedFile(entry.name, includeTests)) {
        files.push(path);
      }
    }
    await Promise.all(below);
  };
  await visit('');
  return files.sort(compareText);
}

const isSkippedDirectory = (name: string, includeTests: boolean) =>
  SKIPPED_DIRECTORIES.has(name) || MIGRATION_DIRECTORIES.has(name) || (!includeTests && TEST_DIRECTORIES.has(name));

function isScannedFile(name: string, includeTests: boolean): boolean {
  const extension = extname(name);
  if (extension !== '.sql' && !SCRIPT_EXTENSIONS.has(extension)) return false;
  if (DECLARATION_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  return includeTests || !(name.includes('.test.') || name.includes('.spec.'));
}

/** At most `concurrency` tasks at a time; a finished task hands its slot to the next waiting one. */
function limiter(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const nextTask = waiting.shift();
      if (nextTask) nextTask();
      else active--;
    }
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPlace = (a: ContractStatement, b: ContractStatement) =>
  compareText(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0);

/** The target names to look for, lower case; a name containing another one is covered by it. */
function targetNeedles(targets: ContractTargets): string[] {
  const names = [...new Set([...targets.relations, ...targets.functions, ...targets.types])]
    .map((name) => name.toLowerCase())
    .filter((name) => name.length > 0);
  return names.filter((name) => !names.some((other) => other !== name && name.includes(other)));
}

function mentionsAny(text: string, needles: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return needles.some((needle) => lower.includes(needle));
}

// ---------------------------------------------------------------------------------------------
// Statements of one file

type Draft = Omit<ContractStatement, 'id'>;

async function statementsOfFile(
  file: string,
  text: string,
  targets: TargetSets,
  needles: readonly string[],
): Promise<ContractStatement[]> {
  await loadSqlParser();
  const drafts = file.endsWith('.sql')
    ? sqlFileStatements(file, text, targets)
    : scriptStatements(file, text, targets, needles);
  return withIds(file, drafts);
}

/** "SyncProgressTracker" for "src/services/SyncProgressTracker.ts". */
const stemOf = (file: string) => basename(file, extname(file));
const baseId = (file: string, fingerprint: string) => `${stemOf(file)}-${fingerprint.slice(0, 8)}`;

/** "<file stem>-<8 hex>", "-2", "-3" … for a repeat in the same file, in source order. */
function withIds(file: string, drafts: readonly Draft[]): ContractStatement[] {
  const seen = new Map<string, number>();
  return drafts.map((draft) => {
    const base = baseId(file, draft.fingerprint);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { id: count === 1 ? base : `${base}-${count}`, ...draft };
  });
}

/** Two files with the same stem and the same statement would share an id: the later one gets the next number. */
function uniqueIds(statements: readonly ContractStatement[]): ContractStatement[] {
  const taken = new Set<string>();
  return statements.map((statement) => {
    if (!taken.has(statement.id)) {
      taken.add(statement.id);
      return statement;
    }
    const base = baseId(statement.file ?? '', statement.fingerprint);
    let count = 2;
    while (taken.has(`${base}-${count}`)) count++;
    const id = `${base}-${count}`;
    taken.add(id);
    return { ...statement, id };
  });
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

const highestParameter = (numbers: ReadonlySet<number>) => Math.max(0, ...numbers);

function sqlFileStatements(file: string, source: string, targets: TargetSets): Draft[] {
  // A byte order mark is not SQL; a space keeps every offset where it was.
  const text = source.startsWith('\uFEFF') ? ` ${source.slice(1)}` : source;
  const outcome = parseSqlText(text);
  const lineAt = lineIndex(text);
  if (!outcome.ok) {
    const where = outcome.position === null ? '' : ` (line ${lineAt(outcome.position)})`;
    throw new UnreadableSourceError(`SQL does not parse: ${outcome.message}${where}`);
  }
  return outcome.statements.flatMap((statement) => {
    const analysis = analyseTree(statement.tree, targets);
    if (!analysis.touchesTarget) return [];
    return [
      {
        file,
        line: lineAt(statement.start),
        sql: text.slice(statement.start, statement.end),
        params: new Array<string | null>(highestParameter(analysis.parameters)).fill(null),
        kind: statement.kind,
        dynamic: null,
        references: analysis.references,
        fingerprint: fingerprintOf(statement.tree),
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// JavaScript and TypeScript

/** An ESTree / TS-ESTree node as oxc gives it: UTF-16 offsets into the file. */
interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
const child = (node: AstNode, key: string): AstNode | null => {
  const value = node[key];
  return isNode(value) ? value : null;
};
const children = (node: AstNode, key: string): AstNode[] => {
  const value = node[key];
  return Array.isArray(value) ? value.filter(isNode) : [];
};

/** Type assertions and the like do not change the value: `'…' as const`, `values!`. */
const WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
]);
function unwrap(node: AstNode): AstNode {
  let at = node;
  while (WRAPPERS.has(at.type)) {
    const inner = child(at, 'expression');
    if (!inner) break;
    at = inner;
  }
  return at;
}

const isStringLiteral = (node: AstNode) => node.type === 'Literal' && typeof node.value === 'string';
const isText = (node: AstNode) => isStringLiteral(node) || node.type === 'TemplateLiteral';

/**
 * The operands of a `+` chain that holds text, flattened; null when `node` is no such chain. A
 * nested `+` without text (`count + 1`) is one operand: it adds numbers before the text comes.
 */
function textOperands(node: AstNode): AstNode[] | null {
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return null;
  const left = child(node, 'left');
  const right = child(node, 'right');
  if (!left || !right) return null;
  const operands = [left, right].flatMap((side) => textOperands(side) ?? [side]);
  return operands.some(isText) ? operands : null;
}

/** Scopes a `const` is visible in. */
const BLOCKS = new Set([
  'Program',
  'BlockStatement',
  'StaticBlock',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'SwitchStatement',
]);

interface Binding {
  readonly name: string;
  readonly init: AstNode;
  readonly block: AstNode;
  readonly at: number;
}

interface CallSite {
  readonly sql: AstNode;
  readonly values: AstNode;
  readonly at: number;
}

/** Walks the whole tree once: the candidate SQL expressions, the `const`s, the calls that pass values. */
class SqlExpressionFinder {
  readonly candidates: AstNode[] = [];
  private readonly bindings: Binding[] = [];
  private readonly calls: CallSite[] = [];
  private readonly blocks: AstNode[] = [];

  visit(node: AstNode): void {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') this.candidates.push(node);
        return;
      case 'TemplateLiteral':
        this.candidates.push(node);
        this.visitAll(children(node, 'expressions'));
        return;
      case 'TaggedTemplateExpression': {
        this.candidates.push(node);
        const quasi = child(node, 'quasi');
        if (quasi) this.visitAll(children(quasi, 'expressions'));
        return;
      }
      case 'BinaryExpression': {
        const operands = textOperands(node);
        if (!operands) break;
        // The outermost chain is the candidate; its text pieces are not candidates of their own.
        this.candidates.push(node);
        for (const operand of operands) {
          if (operand.type === 'TemplateLiteral') this.visitAll(children(operand, 'expressions'));
          else if (!isStringLiteral(operand)) this.visit(operand);
        }
        return;
      }
      case 'CallExpression':
      case 'NewExpression':
        this.callSite(node);
        break;
      case 'VariableDeclarator':
        this.binding(node);
        break;
    }
    const opensBlock = BLOCKS.has(node.type);
    if (opensBlock) this.blocks.push(node);
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) this.visit(item);
      } else if (isNode(value)) {
        this.visit(value);
      }
    }
    if (opensBlock) this.blocks.pop();
  }

  private visitAll(nodes: readonly AstNode[]): void {
    for (const node of nodes) this.visit(node);
  }

  private binding(node: AstNode): void {
    const id = child(node, 'id');
    const init = child(node, 'init');
    const block = this.blocks[this.blocks.length - 1];
    if (id?.type === 'Identifier' && typeof id.name === 'string' && init && block)
      this.bindings.push({ name: id.name, init: unwrap(init), block, at: node.start });
  }

  /** `query(text, [values])`, `query({ text, values })`: the values passed with a statement. */
  private callSite(node: AstNode): void {
    const [first, second] = children(node, 'arguments').map(unwrap);
    if (!first) return;
    if (first.type === 'ObjectExpression') {
      const property = (name: string) => {
        const found = children(first, 'properties').find((p) => {
          const key = child(p, 'key');
          return p.type === 'Property' && key && (key.name === name || key.value === name);
        });
        const value = found && child(found, 'value');
        return value ? unwrap(value) : null;
      };
      const text = property('text');
      const values = property('values');
      if (text && values) this.calls.push({ sql: text, values, at: node.start });
      return;
    }
    if (second) this.calls.push({ sql: first, values: second, at: node.start });
  }

  /** The nearest `const name = …` whose block holds `at` (the innermost block wins). */
  private resolve(node: AstNode, at: number): AstNode {
    if (node.type !== 'Identifier') return node;
    let best: Binding | undefined;
    for (const binding of this.bindings) {
      if (binding.name !== node.name || binding.block.start > at || at >= binding.block.end) continue;
      const size = binding.block.end - binding.block.start;
      const bestSize = best ? best.block.end - best.block.start : Number.POSITIVE_INFINITY;
      if (size < bestSize || (size === bestSize && binding.at <= at)) best = binding;
    }
    return best?.init ?? node;
  }

  /** Each candidate's values array: the first call that passes it (directly or through a `const`). */
  valuesByCandidate(): Map<AstNode, AstNode> {
    const found = new Map<AstNode, AstNode>();
    for (const call of this.calls) {
      const sql = this.resolve(call.sql, call.at);
      const values = this.resolve(call.values, call.at);
      if (values.type === 'ArrayExpression' && !found.has(sql)) found.set(sql, values);
    }
    return found;
  }
}

const PLAIN_JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** Without TypeScript's type annotations (a string literal type is no SQL), which also makes the AST smaller to read. */
const PARSE_OPTIONS = { preserveParens: false, astType: 'js' } as const;

function parseProgram(file: string, text: string): AstNode {
  let result = parseScript(file, text, PARSE_OPTIONS);
  const firstError = () => result.errors.find((error) => (error.severity as string) === 'Error');
  let error = firstError();
  if (error && PLAIN_JS_EXTENSIONS.has(extname(file))) {
    // Plain .js files often hold JSX.
    const original = result;
    result = parseScript(file, text, { ...PARSE_OPTIONS, lang: 'jsx' });
    error = firstError();
    if (error) result = original;
    error = firstError();
  }
  if (error) throw new UnreadableSourceError(error.message);
  return result.program as unknown as AstNode;
}

/** A piece of the SQL text: written in the source, or an expression whose value is put in (a slot). */
type Piece = { readonly text: string } | { readonly slot: AstNode; readonly template: boolean };

function templatePieces(template: AstNode): Piece[] {
  const pieces: Piece[] = [];
  const quasis = children(template, 'quasis');
  const expressions = children(template, 'expressions');
  for (const [index, quasi] of quasis.entries()) {
    const value = quasi.value as { cooked?: string | null; raw: string };
    pieces.push({ text: value.cooked ?? value.raw });
    const expression = expressions[index];
    if (expression) pieces.push({ slot: expression, template: true });
  }
  return pieces;
}

function piecesOf(candidate: AstNode): Piece[] {
  switch (candidate.type) {
    case 'Literal':
      return [{ text: String(candidate.value) }];
    case 'TemplateLiteral':
      return templatePieces(candidate);
    case 'TaggedTemplateExpression': {
      const quasi = child(candidate, 'quasi');
      return quasi ? templatePieces(quasi) : [];
    }
    default:
      return (textOperands(candidate) ?? []).flatMap((operand): Piece[] => {
        if (isStringLiteral(operand)) return [{ text: String(operand.value) }];
        if (operand.type === 'TemplateLiteral') return templatePieces(operand);
        return [{ slot: operand, template: false }];
      });
  }
}

/** An example value: a literal's text (null for the null literal and for anything not literal). */
function exampleOf(expression: AstNode | null | undefined): string | null {
  if (!expression) return null;
  const node = unwrap(expression);
  if (node.type === 'Literal') {
    if (typeof node.bigint === 'string') return node.bigint;
    if (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean')
      return String(node.value);
    return null;
  }
  if (node.type === 'TemplateLiteral' && children(node, 'expressions').length === 0)
    return (children(node, 'quasis')[0]?.value as { cooked?: string | null } | undefined)?.cooked ?? null;
  if (node.type === 'UnaryExpression' && node.operator === '-') {
    const argument = child(node, 'argument');
    if (argument?.type === 'Literal' && typeof argument.value === 'number') return String(-argument.value);
  }
  return null;
}

/** Helpers of SQL builders whose result is SQL text, not a value: sql.join(…), sql.raw(…), raw(…) … */
const SQL_BUILDERS = new Set(['sql', 'raw', 'join', 'unsafe', 'identifier', 'ident', 'fragment', 'empty']);

function isSqlText(expression: AstNode): boolean {
  const node = unwrap(expression);
  switch (node.type) {
    case 'TemplateLiteral':
    case 'TaggedTemplateExpression':
      return true;
    case 'CallExpression': {
      const callee = child(node, 'callee');
      if (!callee) return false;
      const target = unwrap(callee);
      if (target.type === 'Identifier') return SQL_BUILDERS.has(String(target.name));
      if (target.type !== 'MemberExpression') return false;
      const object = child(target, 'object');
      const property = child(target, 'property');
      return (
        (property?.type === 'Identifier' && SQL_BUILDERS.has(String(property.name))) ||
        (object?.type === 'Identifier' && object.name === 'sql')
      );
    }
    case 'ConditionalExpression':
      return [child(node, 'consequent'), child(node, 'alternate')].some((branch) => branch && isSqlText(branch));
    case 'LogicalExpression':
      return [child(node, 'left'), child(node, 'right')].some((side) => side && isSqlText(side));
    default:
      return false;
  }
}

const isIdentifierCode = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;

/** The highest `$n` written in the text: the source's own parameters, which `${}` slots are numbered after. */
function highestWrittenParameter(text: string): number {
  let highest = 0;
  for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', at + 1)) {
    let end = at + 1;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end > at + 1) highest = Math.max(highest, Number(text.slice(at + 1, end)));
  }
  return highest;
}

/**
 * How a slot is written into the text given to the parser: a parameter `$k` (a value), a name
 * (where the parser wants an identifier), or nothing (a piece of SQL that may be empty).
 */
type SlotMode = 'parameter' | 'name' | 'fragment';

interface Slot {
  readonly number: number;
  /** as the source shows it: "${tableName}" in a template, "tableName" in a `+` chain */
  readonly shown: string;
  /** as the statement's shown text names it: "${tableName}" either way */
  readonly inSql: string;
  readonly line: number;
  readonly example: string | null;
  readonly sqlText: boolean;
}

interface Rendered {
  readonly text: string;
  /** each slot's UTF-16 range in `text` */
  readonly spans: readonly { readonly start: number; readonly end: number }[];
}

function render(pieces: readonly Piece[], slots: readonly Slot[], modes: readonly SlotMode[]): Rendered {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  let index = 0;
  for (const piece of pieces) {
    if ('text' in piece) {
      text += piece.text;
      continue;
    }
    const slot = slots[index]!;
    const mode = modes[index]!;
    const written = mode === 'parameter' ? `$${slot.number}` : mode === 'name' ? placeholderName(slot.number) : '';
    spans.push({ start: text.length, end: text.length + written.length });
    text += written;
    index++;
  }
  return { text, spans };
}

/** The slot the parser stopped at: the one at `position`, or the one just before it (spaces between). */
function slotAt(rendered: Rendered, position: number): number | null {
  let before: number | null = null;
  for (const [index, span] of rendered.spans.entries()) {
    if (span.start <= position && position < span.end) return index;
    if (span.end <= position && rendered.text.slice(span.end, position).trim() === '') before = index;
  }
  return before;
}

const shorten = (source: string) => {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
};

function scriptStatements(file: string, text: string, targets: TargetSets, needles: readonly string[]): Draft[] {
  const program = parseProgram(file, text);
  const finder = new SqlExpressionFinder();
  finder.visit(program);
  const valuesOf = finder.valuesByCandidate();
  const lineAt = lineIndex(text);
  const drafts: Draft[] = [];
  for (const candidate of finder.candidates) {
    const pieces = piecesOf(candidate);
    const written = pieces.map((piece) => ('text' in piece ? piece.text : ' ')).join('');
    if (!mentionsAny(written, needles)) continue;
    drafts.push(
      ...expressionStatements(file, text, candidate, pieces, valuesOf.get(candidate) ?? null, targets, lineAt),
    );
  }
  return drafts;
}

/** The statements one SQL expression of the source holds (none when its text is not SQL). */
function expressionStatements(
  file: string,
  source: string,
  candidate: AstNode,
  pieces: readonly Piece[],
  valuesArray: AstNode | null,
  targets: TargetSets,
  lineAt: (offset: number) => number,
): Draft[] {
  const firstSlot = highestWrittenParameter(pieces.map((piece) => ('text' in piece ? piece.text : ' ')).join(' ')) + 1;
  const slots: Slot[] = [];
  const modes: SlotMode[] = [];
  for (const [index, piece] of pieces.entries()) {
    if ('text' in piece) continue;
    const code = shorten(source.slice(piece.slot.start, piece.slot.end));
    slots.push({
      number: firstSlot + slots.length,
      shown: piece.template ? `\${${code}}` : code,
      inSql: `\${${code}}`,
      line: lineAt(piece.slot.start),
      example: exampleOf(piece.slot),
      sqlText: isSqlText(piece.slot),
    });
    // Glued to a word ("sync_activity_log_${month}"), a slot is part of a name, not a value.
    const previous = pieces[index - 1];
    const glued =
      previous && 'text' in previous && isIdentifierCode(previous.text.charCodeAt(previous.text.length - 1));
    modes.push(glued ? 'name' : 'parameter');
  }

  // A text that does not parse is no statement, unless it parses once a slot is read as a name or left out.
  let rendered = render(pieces, slots, modes);
  let outcome = parseSqlText(rendered.text);
  for (let attempt = 0; !outcome.ok && attempt < slots.length * 2; attempt++) {
    const index = outcome.position === null ? null : slotAt(rendered, outcome.position);
    if (index === null || modes[index] === 'fragment') return [];
    modes[index] = modes[index] === 'parameter' ? 'name' : 'fragment';
    rendered = render(pieces, slots, modes);
    outcome = parseSqlText(rendered.text);
  }
  if (!outcome.ok) return [];
  const parsed = outcome.statements;
  const shown = shownText(rendered, slots, modes, parsed);

  const line = lineAt(candidate.start);
  const single = candidate.type !== 'BinaryExpression';
  const values = valuesArray ? children(valuesArray, 'elements') : [];
  const drafts: Draft[] = [];
  for (const [position, statement] of parsed.entries()) {
    const members = slots
      .map((_, index) => index)
      .filter((index) => {
        const span = rendered.spans[index]!;
        return span.start >= statement.rawStart && span.start <= statement.end;
      });
    const shownStatement = shown.statements[position]!;
    const analysis = analyseTree(shownStatement.tree, targets);
    if (!analysis.touchesTarget) continue;

    const whyDynamic = (index: number): string | null => {
      const slot = slots[index]!;
      if (modes[index] === 'name') return 'stands where a name goes';
      if (modes[index] === 'fragment') return 'stands for a piece of SQL';
      if (slot.sqlText) return 'is SQL text put together at run time';
      if (!analysis.parameters.has(slot.number)) return 'is inside quotes';
      if (analysis.nameParameters.has(slot.number)) return 'stands where a name goes';
      return null;
    };
    const reasons = members.map((index) => ({ slot: slots[index]!, why: whyDynamic(index) }));
    const first = reasons.find((reason) => reason.why !== null);
    const dynamic = first
      ? `${first.slot.shown} (line ${first.slot.line}) ${first.why}: the statement's text is only known at run time`
      : null;

    const params = new Array<string | null>(highestParameter(analysis.parameters)).fill(null);
    for (let index = 0; index < params.length && index < values.length; index++)
      params[index] = exampleOf(values[index]);
    for (const { slot, why } of reasons)
      if (why === null && slot.example !== null && slot.number <= params.length) params[slot.number - 1] = slot.example;

    // A pulled-out piece of SQL before the first word shows as a comment there.
    const leading = members.flatMap((index) => shown.fragmentStarts[index] ?? []);
    const from = Math.min(shownStatement.start, ...leading.filter((at) => at >= shownStatement.rawStart));
    drafts.push({
      file,
      line: position > 0 && single ? line + newlinesBefore(rendered.text, statement.start) : line,
      sql: shown.text.slice(from, shownStatement.end),
      params,
      kind: shownStatement.kind,
      dynamic,
      references: analysis.references,
      fingerprint: fingerprintOf(shownStatement.tree),
    });
  }
  return drafts;
}

function newlinesBefore(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

const isWordCode = (code: number) => isIdentifierCode(code) || code === 36; // "$" continues a PostgreSQL name

/**
 * The text people see and a contract file keeps, which parses to the statements it shows: a name
 * built at run time becomes a quoted name as the source writes it ("${table}",
 * "sync_activity_log_${month}"), a pulled-out piece of SQL a comment (/* ${where} *\/). When that
 * text would not parse the same way, it is the text given to the parser.
 */
function shownText(
  rendered: Rendered,
  slots: readonly Slot[],
  modes: readonly SlotMode[],
  parsed: readonly ParsedStatement[],
): { readonly text: string; readonly statements: readonly ParsedStatement[]; readonly fragmentStarts: number[][] } {
  interface Edit {
    readonly from: number;
    readonly to: number;
    readonly text: string;
    readonly fragment: number | null;
  }
  const edits: Edit[] = [];
  const text = rendered.text;
  for (const [index, mode] of modes.entries()) {
    const span = rendered.spans[index]!;
    if (mode === 'fragment') {
      const code = slots[index]!.inSql.replaceAll('*/', '* /').replaceAll('/*', '/ *');
      edits.push({ from: span.start, to: span.end, text: `/* ${code} */`, fragment: index });
    } else if (mode === 'name') {
      let from = span.start;
      while (from > 0 && isWordCode(text.charCodeAt(from - 1))) from--;
      let to = span.end;
      while (to < text.length && isWordCode(text.charCodeAt(to))) to++;
      if (edits.some((edit) => edit.from === from && edit.to === to)) continue;
      // Every slot of the word ("${prefix}_${month}") reads as the source writes it.
      let word = '';
      let cursor = from;
      for (const [other, otherSpan] of rendered.spans.entries()) {
        if (modes[other] !== 'name' || otherSpan.start < from || otherSpan.end > to) continue;
        word += text.slice(cursor, otherSpan.start) + slots[other]!.inSql;
        cursor = otherSpan.end;
      }
      word += text.slice(cursor, to);
      edits.push({ from, to, text: `"${word.replaceAll('"', '""')}"`, fragment: null });
    }
  }
  edits.sort((a, b) => a.from - b.from);
  let shown = '';
  let at = 0;
  const fragmentStarts: number[][] = slots.map(() => []);
  for (const edit of edits) {
    shown += text.slice(at, edit.from);
    if (edit.fragment !== null) fragmentStarts[edit.fragment]!.push(shown.length);
    shown += edit.text;
    at = edit.to;
  }
  shown += text.slice(at);
  const outcome = edits.length > 0 ? parseSqlText(shown) : null;
  if (outcome?.ok && outcome.statements.length === parsed.length)
    return { text: shown, statements: outcome.statements, fragmentStarts };
  return { text, statements: parsed, fragmentStarts: slots.map(() => []) };
}
