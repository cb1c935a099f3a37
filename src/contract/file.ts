/**
 * The contract file a team keeps beside its application (`contract --write FILE`, `--contract FILE`):
 * YAML, because people review and edit it. SQL stays readable as a block, example values and the
 * role are filled in by hand, comments survive, and a diff shows one statement per entry. The
 * `yaml` package reads and writes it; the format is documented in the README.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { ConfigError } from '../core/config.js';
import type { ContractStatement, ContractTargets, StaleEntry } from '../core/contract.js';
import { scanSource, UnreadableSourceError } from './scan.js';
import { analyseStatement, loadSqlParser } from './sql.js';

export const CONTRACT_FORMAT = 1;

export interface ContractFile {
  /** the application's directory, absolute (for telling stale entries) */
  readonly appDirectory: string;
  readonly role: string | null;
  readonly context: Readonly<Record<string, string>>;
  readonly statements: readonly ContractStatement[];
}

interface Entry {
  id: string;
  source?: string;
  sql: string;
  params?: Array<string | number | boolean | null>;
  unchecked?: string;
}

const HEADER = `The application's contract: the statements its code sends to the migration's objects.
Written by mantis-sync-tui contract --app DIR --write FILE; checked by contract --contract FILE
and verify --contract FILE. Edit it: fill in example values (params: $1, $2, … in order; null where
none is known), the role the application connects as, and the settings it sets (context, used by
--execute). An entry without source is yours: a statement from code the scanner does not read.`;

export async function writeContractFile(
  path: string,
  contract: Omit<ContractFile, 'appDirectory'> & { readonly appDirectory: string },
): Promise<void> {
  const app = relative(dirname(resolve(path)), contract.appDirectory) || '.';
  const entries: Entry[] = contract.statements.map((s) => ({
    id: s.id,
    ...(s.file ? { source: `${s.file}:${s.line ?? 0}` } : {}),
    sql: s.sql,
    params: [...s.params],
    ...(s.dynamic ? { unchecked: s.dynamic } : {}),
  }));
  const body = stringify(
    { version: CONTRACT_FORMAT, app, role: contract.role, context: contract.context, statements: entries },
    { lineWidth: 0, blockQuote: 'literal' },
  );
  const comment = HEADER.split('\n')
    .map((line) => `# ${line}`)
    .join('\n');
  await writeFile(path, `${comment}\n${body}`, 'utf8');
}

const fail = (path: string, why: string): never => {
  throw new ConfigError(`${path}: ${why} (see the README's "Application contract" section for the format)`);
};

export async function readContractFile(path: string, targets: ContractTargets): Promise<ContractFile> {
  await loadSqlParser();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(path, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) fail(path, `is not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`);
  const data = document.toJS() as {
    version?: unknown;
    app?: unknown;
    role?: unknown;
    context?: unknown;
    statements?: unknown;
  } | null;
  if (!data || typeof data !== 'object') return fail(path, 'is empty');
  if (data.version !== CONTRACT_FORMAT)
    fail(path, `has version ${String(data.version)}; this tool reads ${CONTRACT_FORMAT}`);
  if (!Array.isArray(data.statements)) fail(path, 'has no statements list');
  const base = dirname(resolve(path));
  const app = typeof data.app === 'string' ? data.app : '.';
  const context: Record<string, string> = {};
  if (data.context && typeof data.context === 'object')
    for (const [name, value] of Object.entries(data.context)) context[name] = String(value);
  const seen = new Set<string>();
  const statements = (data.statements as Entry[]).map((entry, index) => {
    const where = `statement ${index + 1}${entry?.id ? ` (${entry.id})` : ''}`;
    if (!entry || typeof entry.id !== 'string' || entry.id === '') return fail(path, `${where} has no id`);
    if (seen.has(entry.id)) fail(path, `${where}: the id ${entry.id} is used twice`);
    seen.add(entry.id);
    if (typeof entry.sql !== 'string' || entry.sql.trim() === '') return fail(path, `${where} has no sql`);
    const analysis = analyseStatement(entry.sql, targets);
    if ('error' in analysis) return fail(path, `${where}: the sql does not parse: ${analysis.error}`);
    const [file, line] = splitSource(entry.source);
    return {
      id: entry.id,
      file,
      line,
      sql: entry.sql,
      params: (entry.params ?? []).map((p) => (p === null || p === undefined ? null : String(p))),
      kind: analysis.kind,
      dynamic: typeof entry.unchecked === 'string' ? entry.unchecked : null,
      references: analysis.references,
      fingerprint: analysis.fingerprint,
    } satisfies ContractStatement;
  });
  return {
    appDirectory: isAbsolute(app) ? app : join(base, app),
    role: typeof data.role === 'string' && data.role !== '' ? data.role : null,
    context,
    statements,
  };
}

function splitSource(source: string | undefined): [string | null, number | null] {
  if (!source) return [null, null];
  const at = source.lastIndexOf(':');
  const line = Number(source.slice(at + 1));
  return at > 0 && Number.isInteger(line) ? [source.slice(0, at), line] : [source, null];
}

/**
 * Entries whose source no longer says what the contract holds: the file is gone, the statement
 * moved to another line, or no statement of the file has its id (it changed or was removed).
 */
export async function staleEntries(contract: ContractFile, targets: ContractTargets): Promise<StaleEntry[]> {
  const byFile = new Map<string, ContractStatement[]>();
  for (const statement of contract.statements)
    if (statement.file) byFile.set(statement.file, [...(byFile.get(statement.file) ?? []), statement]);
  const stale: StaleEntry[] = [];
  for (const [file, entries] of byFile) {
    let found: readonly ContractStatement[];
    try {
      found = await scanSource(file, await readFile(join(contract.appDirectory, file), 'utf8'), targets);
    } catch (error) {
      const why =
        error instanceof UnreadableSourceError
          ? `${file} no longer parses (${error.message})`
          : `${file} not found in ${contract.appDirectory}`;
      for (const entry of entries) stale.push({ id: entry.id, file, line: entry.line ?? 0, why });
      continue;
    }
    for (const entry of entries) {
      const now = found.find((s) => s.id === entry.id);
      if (!now)
        stale.push({
          id: entry.id,
          file,
          line: entry.line ?? 0,
          why: 'no longer in the file (the statement changed or was removed)',
        });
      else if (now.line !== entry.line)
        stale.push({ id: entry.id, file, line: entry.line ?? 0, why: `moved to line ${now.line}` });
    }
  }
  return stale;
}
