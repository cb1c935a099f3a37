/**
 * A migration directory read with PostgreSQL's own parser: its .sql files in name order, each
 * split into statements with their lines, and where each object they create is created (the
 * last statement that creates it: the definition in force when the files have run).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceLocation } from '../core/finding.js';
import type { MigrationFile, MigrationStatement } from '../core/intended.js';
import type { PgNode } from './sql.js';

export interface ReadMigrations {
  readonly files: readonly MigrationFile[];
  /** per file, in order: each object a statement of it creates (named as findings name it) and where */
  readonly created: Readonly<Record<string, ReadonlyArray<readonly [string, SourceLocation]>>>;
  /** per file: the tables it creates with CREATE TABLE (two files that do are variants of one migration) */
  readonly tables: Readonly<Record<string, readonly string[]>>;
  /** the files call Supabase's auth functions or use its storage schema without creating them */
  readonly usesPlatform: boolean;
}

const PLATFORM_USE = /\b(auth\.(uid|jwt|role)\s*\(|storage\.(objects|buckets|foldername|filename|extension)\b)/i;
const CREATES_PLATFORM = /\bCREATE\s+SCHEMA\s+(IF\s+NOT\s+EXISTS\s+)?"?(auth|storage)"?/i;

/** The .sql files of `directory`, sorted by name (as every migration tool orders them). */
export function migrationFileNames(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * sha256 over each file's name and content, and `salt` (the catalog query and bootstrap: a new
 * tool version that reads more builds anew). Reads the files and nothing else: the cache key.
 */
export function migrationDigest(directory: string, salt: string): string {
  const hash = createHash('sha256').update(salt);
  for (const name of migrationFileNames(directory)) {
    hash.update(`\u0000${name}\u0000`).update(readFileSync(join(directory, name)));
  }
  return hash.digest('hex');
}

export async function readMigrations(directory: string): Promise<ReadMigrations> {
  // PostgreSQL's parser (WASM, ~15 ms to load) only when the files are read to be applied: a run
  // from the cache only hashes them (test/bench/migrations.ts)
  const { loadSqlParser, parseSqlText } = await import('./sql.js');
  await loadSqlParser();
  const created: Record<string, Array<readonly [string, SourceLocation]>> = {};
  const tables: Record<string, string[]> = {};
  const files = migrationFileNames(directory).map((name): MigrationFile => {
    created[name] = [];
    tables[name] = [];
    const text = readFileSync(join(directory, name), 'utf8');
    const parsed = parseSqlText(text);
    if (!parsed.ok) return { name, statements: null, text };
    const lineAt = lineCounter(text);
    const statements: MigrationStatement[] = [];
    for (const statement of parsed.statements) {
      // The tool wraps each file in its own transaction: the file's BEGIN / COMMIT are left out.
      if (statement.kind === 'TransactionStmt') continue;
      const line = lineAt(statement.start);
      let body = text.slice(statement.start, statement.end);
      // An empty database has nothing to build concurrently, and CONCURRENTLY refuses a transaction.
      if (statement.kind === 'IndexStmt' && (statement.tree.IndexStmt as PgNode).concurrent === true)
        body = body.replace(/\bCONCURRENTLY\b/i, '');
      statements.push({ text: body, line });
      for (const [object, offset] of createdBy(statement.tree, body)) {
        created[name]!.push([object, { file: name, line: offset === 0 ? line : lineAt(statement.start + offset) }]);
      }
      if (statement.kind === 'CreateStmt')
        tables[name]!.push(relationOf((statement.tree.CreateStmt as PgNode).relation));
    }
    return { name, statements, text };
  });
  const texts = files.map((f) => f.text);
  const usesPlatform = texts.some((t) => PLATFORM_USE.test(t)) && !texts.some((t) => CREATES_PLATFORM.test(t));
  return { files, created, tables, usesPlatform };
}

/** 1-based line of a UTF-16 offset. */
function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

const str = (node: unknown): string => ((node as { String?: { sval?: string } })?.String?.sval ?? '') as string;

/** "schema.name" of a RangeVar; an unqualified name is public's (the default search_path). */
function relationOf(rangeVar: unknown): string {
  const r = (rangeVar ?? {}) as { schemaname?: string; relname?: string };
  return `${r.schemaname ?? 'public'}.${r.relname ?? ''}`;
}

/** "schema.name" of a qualified name list (functions, types). */
function qualifiedOf(names: unknown): string {
  const parts = ((names as unknown[]) ?? []).map(str);
  return parts.length > 1 ? parts.slice(-2).join('.') : `public.${parts[0] ?? ''}`;
}

/** DDL inside a DO block, which the parser does not open: CREATE <kind> [IF NOT EXISTS] [schema.]name. */
const CREATE_IN_BODY =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|TYPE|FUNCTION|VIEW|INDEX|UNIQUE\s+INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?(\w+)"?\.)?"?(\w+)"?/gi;
const POLICY_IN_BODY = /\bCREATE\s+POLICY\s+"?(\w+)"?\s+ON\s+(?:"?(\w+)"?\.)?"?(\w+)"?/gi;

/** The objects a statement creates, named as findings name them, with their offset in its text (0: the statement's start). */
function createdBy(tree: PgNode, body: string): Array<readonly [string, number]> {
  const [kind, node] = Object.entries(tree)[0] ?? ['', {}];
  const n = node as Record<string, unknown>;
  const out: Array<readonly [string, number]> = [];
  switch (kind) {
    case 'CreateStmt': {
      const table = relationOf(n.relation);
      out.push([table, 0]);
      for (const element of (n.tableElts as PgNode[]) ?? []) {
        const column = element.ColumnDef as { colname?: string } | undefined;
        if (column?.colname) out.push([`${table}.${column.colname}`, 0]);
        const constraint = element.Constraint as { conname?: string } | undefined;
        if (constraint?.conname) out.push([`${table}.${constraint.conname}`, 0]);
      }
      break;
    }
    case 'AlterTableStmt': {
      const table = relationOf(n.relation);
      for (const command of (n.cmds as PgNode[]) ?? []) {
        const cmd = command.AlterTableCmd as { subtype?: string; def?: PgNode } | undefined;
        const column = cmd?.def?.ColumnDef as { colname?: string } | undefined;
        if (cmd?.subtype === 'AT_AddColumn' && column?.colname) out.push([`${table}.${column.colname}`, 0]);
        const constraint = cmd?.def?.Constraint as { conname?: string } | undefined;
        if (cmd?.subtype === 'AT_AddConstraint' && constraint?.conname) out.push([`${table}.${constraint.conname}`, 0]);
      }
      break;
    }
    case 'IndexStmt':
      if (n.idxname) out.push([`${relationOf(n.relation).split('.')[0]}.${n.idxname as string}`, 0]);
      break;
    case 'CreateFunctionStmt':
      out.push([qualifiedOf(n.funcname), 0]);
      break;
    case 'CreateTrigStmt':
      out.push([`${relationOf(n.relation)}.${n.trigname as string}`, 0]);
      break;
    case 'CreatePolicyStmt':
      out.push([`${relationOf(n.table)}.${n.policy_name as string}`, 0]);
      break;
    case 'CreateEnumStmt':
      out.push([qualifiedOf(n.typeName), 0]);
      break;
    case 'ViewStmt':
      out.push([relationOf(n.view), 0]);
      break;
    case 'CreateTableAsStmt':
      out.push([relationOf((n.into as { rel?: unknown } | undefined)?.rel), 0]);
      break;
    case 'DoStmt': {
      for (const match of body.matchAll(CREATE_IN_BODY)) {
        out.push([`${match[1] ?? 'public'}.${match[2]}`, match.index ?? 0]);
      }
      for (const match of body.matchAll(POLICY_IN_BODY)) {
        out.push([`${match[2] ?? 'public'}.${match[3]}.${match[1]}`, match.index ?? 0]);
      }
      break;
    }
  }
  return out;
}
