/**
 * Exports the rows of tables about to be dropped, rebuilt or archived, inside the step's
 * transaction and after an ACCESS EXCLUSIVE lock, so the files hold exactly the rows the step
 * removes. Rows travel as PostgreSQL's own COPY text, streamed (memory stays flat, every value
 * exact: no JavaScript number ever holds one), with the session's text settings fixed
 * (sql/execute/canonical_text). The server fingerprints each table's content before the export,
 * and restore proves the same fingerprint on what it loaded.
 *
 * The directory is made before any lock (everything that can fail outside the database fails
 * first), under a temporary name with an INCOMPLETE marker; it gets its final name only once it
 * is complete and checked.
 */

import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { EXPORT_FORMAT, type ExportedTable, type ExportManifest, type ExportProgress } from '../core/export.js';
import { quoteIdent, renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import type { StepClient } from './transaction.js';

/** Written first, removed last: a directory that has it was not finished. */
export const INCOMPLETE_MARKER = 'INCOMPLETE';
const INCOMPLETE_SUFFIX = '.incomplete';

export class ExportDirectoryError extends Error {
  override readonly name = 'ExportDirectoryError';
}

/** A file of an export that is not what its manifest says (cut short, changed, forged). */
export class ExportFilesMismatch extends Error {
  override readonly name = 'ExportFilesMismatch';
}

/** An export directory made ready before any lock is taken. */
export interface PreparedExport {
  /** where the files are written while the export is unfinished */
  readonly workPath: string;
  /** the name it gets once complete and checked */
  readonly finalPath: string;
  /** writes the manifest, removes the marker, gives the directory its final name */
  seal(manifest: ExportManifest): ExportManifest;
  /** removes the unfinished directory (nothing was changed, so nothing needs it) */
  discard(): void;
}

/**
 * Makes `finalPath` + ".incomplete" with its marker, proves it writable and checks the free space
 * against `neededBytes` (the tables' size on disk, a generous bound for their COPY text). Throws
 * ExportDirectoryError with the fix; never touches the database.
 */
export function prepareExport(finalPath: string, neededBytes: number): PreparedExport {
  const finalAbsolute = resolve(finalPath);
  // An empty directory given with --export-dir (a mount point, say) is written in place, the marker
  // alone saying it is unfinished; otherwise the export is written under a temporary name.
  const emptyDirectory =
    existsSync(finalAbsolute) && statSync(finalAbsolute).isDirectory() && readdirSync(finalAbsolute).length === 0;
  const workPath = emptyDirectory ? finalAbsolute : `${finalAbsolute}${INCOMPLETE_SUFFIX}`;
  const problem = (what: string, error?: unknown) =>
    new ExportDirectoryError(
      `cannot export to ${finalPath}: ${what}${error ? ` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` : ''}: choose another --export-dir; nothing was changed`,
    );
  if (existsSync(finalAbsolute) && !emptyDirectory) throw problem('it already exists and is not an empty directory');
  try {
    // Not mkdir -p on the directory itself: Node's recursive mkdir spins for ever where the parent
    // exists but refuses children (/proc). Only a missing parent is made recursively.
    if (!existsSync(dirname(workPath))) mkdirSync(dirname(workPath), { recursive: true, mode: 0o700 });
    if (workPath !== finalAbsolute) mkdirSync(workPath, { mode: 0o700 });
    writeFileSync(
      join(workPath, INCOMPLETE_MARKER),
      'This export was not finished: mantis-sync-tui restore refuses it. Nothing was dropped by the run that wrote it.\n',
      { mode: 0o600 },
    );
    accessSync(workPath, constants.W_OK);
  } catch (error) {
    throw problem('the directory cannot be made or written', error);
  }
  const removeWork = () => {
    if (workPath === finalAbsolute) rmSync(join(workPath, INCOMPLETE_MARKER), { force: true });
    else rmSync(workPath, { recursive: true, force: true });
  };
  const free = statfsSync(workPath);
  const available = Number(free.bavail) * Number(free.bsize);
  if (available < neededBytes) {
    removeWork();
    throw problem(`${formatBytes(available)} free, the tables take ${formatBytes(neededBytes)}`);
  }
  let sealed = false;
  return {
    workPath,
    finalPath: finalAbsolute,
    seal(content) {
      const manifest: ExportManifest = { ...content, directory: finalAbsolute };
      writeFileSync(join(workPath, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
      rmSync(join(workPath, INCOMPLETE_MARKER));
      if (workPath !== finalAbsolute) renameSync(workPath, finalAbsolute);
      sealed = true;
      return manifest;
    },
    discard() {
      if (sealed) return;
      if (workPath !== finalAbsolute) rmSync(workPath, { recursive: true, force: true });
      else for (const entry of readdirSync(workPath)) rmSync(join(workPath, entry), { recursive: true, force: true });
    },
  };
}

/** prepareExport sized by what `tables` (schema-qualified) and their partitions take on disk: read before any lock. */
export async function prepareExportFor(
  db: Pick<Database, 'query'>,
  finalPath: string,
  tables: readonly string[],
): Promise<PreparedExport> {
  const size = await db.query<{ bytes: string }>(loadSql('execute/relation_sizes'), [tables]);
  return prepareExport(finalPath, Number(size.rows[0]?.bytes ?? 0));
}

const formatBytes = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`;

/** The session's text output fixed, so the same value is always the same text (export, restore, fingerprints). */
export async function setCanonicalText(client: StepClient): Promise<void> {
  await client.query(loadSql('execute/canonical_text'));
}

/** The columns COPY carries, in table order (dropped and generated ones left out). */
export async function tableColumns(client: StepClient, table: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(loadSql('execute/table_columns'), [table]);
  return result.rows.map((r) => r.name);
}

/** The server's fingerprint of a table's content over `columns`, and its row count. */
export async function contentHash(
  client: StepClient,
  table: string,
  columns: readonly string[],
): Promise<{ rows: number; hash: string }> {
  const result = await client.query<{ rows: string; content_hash: string }>(
    renderSql(loadSql('execute/content_hash'), { relation: table, columns: columns.map(quoteIdent) }),
  );
  return { rows: Number(result.rows[0]?.rows ?? 0), hash: result.rows[0]?.content_hash ?? '' };
}

export async function partitionLayout(
  client: StepClient,
  table: string,
): Promise<Array<{ name: string; bound: string }>> {
  return (await client.query<{ name: string; bound: string }>(loadSql('execute/partition_layout'), [table])).rows;
}

/**
 * Every row of each table, locked first. `into` null (a dry run): fingerprinted and counted,
 * nothing written. Each file is checked against the server's count as it is written.
 */
export async function exportTables(
  client: StepClient,
  tables: readonly string[],
  into: PreparedExport | null,
  onProgress?: (progress: ExportProgress) => void,
): Promise<ExportManifest> {
  await setCanonicalText(client);
  const exported: ExportedTable[] = [];
  for (const table of tables) {
    await client.query(renderSql(loadSql('execute/lock_table'), { relation: table }));
    const columns = await tableColumns(client, table);
    const fingerprint = await contentHash(client, table, columns);
    const partitions = await partitionLayout(client, table);
    const file = `${table}.copy`;
    let written = fingerprint.rows;
    let sha256 = '';
    if (into) {
      const counted = await copyOut(
        client,
        renderSql(loadSql('execute/copy_out'), { relation: table, columns: columns.map(quoteIdent) }),
        join(into.workPath, file),
        (rows) => onProgress?.({ table, rows, totalRows: fingerprint.rows }),
      );
      written = counted.rows;
      sha256 = counted.sha256;
    }
    if (written !== fingerprint.rows) {
      throw new Error(
        `export of ${table} wrote ${written} rows but the table holds ${fingerprint.rows}: nothing was changed`,
      );
    }
    exported.push({ table, file, columns, rows: written, sha256, contentHash: fingerprint.hash, partitions });
  }
  return { format: EXPORT_FORMAT, directory: into?.finalPath ?? '', tables: exported };
}

/** COPY … TO STDOUT into `path` (owner-only), counting lines and hashing bytes on the way. */
async function copyOut(
  client: StepClient,
  sql: string,
  path: string,
  onRows: (rows: number) => void,
): Promise<{ rows: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  let lastReport = 0;
  const tally = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      // COPY text escapes newlines inside values: every raw newline ends a row.
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) rows++;
      if (rows - lastReport >= 50_000) {
        lastReport = rows;
        onRows(rows);
      }
      done(null, chunk);
    },
  });
  await pipeline(client.query(copyTo(sql)), tally, createWriteStream(path, { mode: 0o600 }));
  onRows(rows);
  return { rows, sha256: hash.digest('hex') };
}

/** Every file of an export: as many lines as rows, the sha256 the manifest records. */
export async function checkExportFiles(directory: string, manifest: Pick<ExportManifest, 'tables'>): Promise<void> {
  for (const table of manifest.tables) {
    const hash = createHash('sha256');
    let lines = 0;
    for await (const chunk of createReadStream(join(directory, table.file)) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
    }
    const digest = hash.digest('hex');
    if (lines !== table.rows || digest !== table.sha256) {
      throw new ExportFilesMismatch(
        `refused: ${table.file} does not match its manifest (rows ${lines} vs ${table.rows}, sha256 ${digest.slice(0, 12)}… vs ${String(table.sha256).slice(0, 12)}…); nothing was changed`,
      );
    }
  }
}

/** Whether `file` (from a manifest) names a plain file inside the export directory. */
export function isPlainFileName(file: string): boolean {
  return file.length > 0 && basename(file) === file && file !== '.' && file !== '..' && dirname(file) === '.';
}

/** The unfinished twin of an export directory's name. */
export const isUnfinishedPath = (directory: string) => directory.endsWith(INCOMPLETE_SUFFIX);
