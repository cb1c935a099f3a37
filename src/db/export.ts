/**
 * Exports the rows of tables about to be dropped, rebuilt or archived, inside the step's
 * transaction and after an ACCESS EXCLUSIVE lock, so the files hold exactly the rows the step
 * removes. Rows travel as PostgreSQL's own COPY text, streamed (memory stays flat, every value
 * exact: no JavaScript number ever holds one), with the session's text settings fixed
 * (sql/execute/canonical_text). Each column's type is recorded: restore loads the same text into
 * the same types (so the same values), hashing what it sends as this export hashed what it wrote.
 *
 * The directory is made before any lock (everything that can fail outside the database fails
 * first), under a temporary name with an INCOMPLETE marker; it gets its final name only once it
 * is complete and checked.
 */

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { EXPORT_FORMAT, type ExportedTable, type ExportManifest, type ExportProgress } from '../core/export.js';
import { quoteIdent, renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { checkDirectoryToRead, openRegularFile, PathRefused, prepareDirectory } from './paths.js';
import { cancelRunningStatement, InterruptedError, type StepClient, StepFailure } from './transaction.js';

/**
 * Bytes read at a time from an export's file (checked, or sent to COPY … FROM STDIN): a 147 MB
 * export is 150 reads, hash updates and CopyData messages rather than the default 64 kB's 2,300.
 */
export const EXPORT_READ_CHUNK = 1 << 20;

/** Written first, removed last: a directory that has it was not finished. */
export const INCOMPLETE_MARKER = 'INCOMPLETE';
const INCOMPLETE_SUFFIX = '.incomplete';

/** The export directory cannot be made, written or hold the export: before any lock, or during the export (a full disk). */
export class ExportDirectoryError extends StepFailure {
  override readonly name = 'ExportDirectoryError';
}

/** A file of an export that is not what its manifest says (cut short, changed, forged). */
export class ExportFilesMismatch extends StepFailure {
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
 * ExportDirectoryError with the fix; never touches the database. The path is checked first
 * (core/paths: a directory on a filesystem for files, its missing parents made one at a time).
 */
export function prepareExport(finalPath: string, neededBytes: number): PreparedExport {
  const finalAbsolute = resolve(finalPath);
  const problem = (what: string, error?: unknown) =>
    new ExportDirectoryError(
      `cannot export to ${finalPath}: ${what}${error ? ` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` : ''}: choose another --export-dir; nothing was changed`,
    );
  let emptyDirectory = false;
  try {
    prepareDirectory(dirname(finalAbsolute));
    if (existsSync(finalAbsolute)) {
      checkDirectoryToRead(finalAbsolute);
      // An empty directory given with --export-dir (a mount point, say) is written in place, the marker
      // alone saying it is unfinished; otherwise the export is written under a temporary name.
      emptyDirectory = readdirSync(finalAbsolute).length === 0;
      if (!emptyDirectory) throw problem('it already exists and is not an empty directory');
    }
  } catch (error) {
    if (error instanceof PathRefused) throw problem(error.reason);
    throw error instanceof ExportDirectoryError ? error : problem('the directory cannot be made or written', error);
  }
  const workPath = emptyDirectory ? finalAbsolute : `${finalAbsolute}${INCOMPLETE_SUFFIX}`;
  try {
    if (workPath !== finalAbsolute && prepareDirectory(workPath).existed)
      throw problem(`an unfinished export is already there (${workPath}): remove it first`);
    writeFileSync(
      join(workPath, INCOMPLETE_MARKER),
      'This export was not finished: mantis-sync-tui restore refuses it. Nothing was dropped by the run that wrote it.\n',
      { mode: 0o600, flag: 'wx' },
    );
  } catch (error) {
    if (error instanceof PathRefused) throw problem(error.reason);
    throw error instanceof ExportDirectoryError ? error : problem('the directory cannot be made or written', error);
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
      const manifest: ExportManifest = {
        ...content,
        directory: finalAbsolute,
        fingerprint: exportFingerprint(content),
      };
      try {
        writeFileSync(join(workPath, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
          mode: 0o600,
          flag: 'wx',
        });
        rmSync(join(workPath, INCOMPLETE_MARKER));
        if (workPath !== finalAbsolute) renameSync(workPath, finalAbsolute);
      } catch (error) {
        throw new ExportDirectoryError(writeFailure(finalPath, 'manifest.json', error));
      }
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

/** What a write error means, in words an operator acts on. */
const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is larger than the filesystem allows',
  EROFS: 'the filesystem is read-only',
  EIO: 'an I/O error',
};

/** One line for an export that could not be written mid-way: the directory, why, and that nothing changed. */
function writeFailure(finalPath: string, file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const why = WRITE_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
  return `cannot export to ${finalPath}: ${why}${code ? ` (${code})` : ''} while writing ${file}: the step was rolled back and its locks released, nothing was changed; free space there or choose another --export-dir`;
}

/**
 * One fingerprint for a whole export: every table's name, rows, column types (or, in the format
 * before, the server's fingerprint) and file hash,
 * and the tables it records as absent. The set of tables is part of what it proves: a table taken
 * out of the manifest changes it.
 */
export function exportFingerprint(manifest: Pick<ExportManifest, 'tables' | 'absent'>): string {
  const lines = [
    ...manifest.tables.map(
      (t) =>
        `${t.table} ${t.rows} ${t.contentHash ?? (t.columnTypes ?? []).join(',')} ${t.sha256}${t.archiveOf ? ` archive of ${t.archiveOf}` : ''}`,
    ),
    ...(manifest.absent ?? []).map((table) => `${table} absent`),
  ].sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
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

/** The columns COPY carries, in table order (dropped and generated ones left out), with their types. */
export async function tableColumns(
  client: StepClient,
  table: string,
): Promise<Array<{ readonly name: string; readonly type: string }>> {
  return (await client.query<{ name: string; type: string }>(loadSql('execute/table_columns'), [table])).rows;
}

/** The server's fingerprint of a table's content over `columns`, and its row count: how an export of the format before is proven. */
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

async function countRows(client: StepClient, table: string): Promise<number> {
  const result = await client.query<{ rows: string }>(renderSql(loadSql('execute/count_rows'), { relation: table }));
  return Number(result.rows[0]?.rows ?? 0);
}

export async function partitionLayout(
  client: StepClient,
  table: string,
): Promise<Array<{ name: string; bound: string }>> {
  return (await client.query<{ name: string; bound: string }>(loadSql('execute/partition_layout'), [table])).rows;
}

/**
 * Every row of each table, locked first, with its columns' types. The file's sha256 and its lines
 * are taken while the COPY streams (no second pass over the table); the lines must be the rows
 * the server says it sent. `into` null (a dry run): counted, nothing written.
 */
export async function exportTables(
  client: StepClient,
  tables: readonly string[],
  into: PreparedExport | null,
  onProgress?: (progress: ExportProgress) => void,
  /** the rows each table holds, when the caller counted them under its locks (else counted here) */
  counted?: ReadonlyMap<string, number>,
): Promise<ExportManifest> {
  await setCanonicalText(client);
  const exported: ExportedTable[] = [];
  for (const table of tables) {
    await client.query(renderSql(loadSql('execute/lock_table'), { relation: table }));
    const total = counted?.get(table) ?? (await countRows(client, table));
    const typed = await tableColumns(client, table);
    const columns = typed.map((c) => c.name);
    const partitions = await partitionLayout(client, table);
    const file = `${table}.copy`;
    let rows = total;
    let sha256 = '';
    if (into) {
      let written: { rows: number; sent: number; sha256: string };
      try {
        written = await copyOut(
          client,
          renderSql(loadSql('execute/copy_out'), { relation: table, columns: columns.map(quoteIdent) }),
          join(into.workPath, file),
          (done) => onProgress?.({ table, rows: done, totalRows: total }),
        );
      } catch (error) {
        if (error instanceof FileWriteFailed)
          throw new ExportDirectoryError(writeFailure(into.finalPath, file, error.cause));
        throw error;
      }
      if (written.rows !== written.sent || written.rows !== total)
        throw new Error(
          `export of ${table} wrote ${written.rows} lines; the server sent ${written.sent} rows and counted ${total}: nothing was changed`,
        );
      rows = written.rows;
      sha256 = written.sha256;
    }
    exported.push({ table, file, columns, columnTypes: typed.map((c) => c.type), rows, sha256, partitions });
  }
  return { format: EXPORT_FORMAT, directory: into?.finalPath ?? '', tables: exported };
}

/** The file of a COPY could not be written (its cause: the fs error); the COPY was cancelled. */
class FileWriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(String((cause as Error)?.message ?? cause));
  }
}

/** Every byte of `chunks` written, in one system call when it takes them all. */
async function writeAll(file: FileHandle, chunks: readonly Buffer[]): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  let at = (await file.writev(chunks)).bytesWritten;
  if (at >= total) return;
  const rest = Buffer.concat(chunks);
  while (at < total) {
    const { bytesWritten } = await file.write(rest, at);
    if (bytesWritten <= 0) throw Object.assign(new Error('the file took no bytes'), { code: 'EIO' });
    at += bytesWritten;
  }
}

/**
 * COPY … TO STDOUT into `path` (made owner-only, never an existing file), counting lines and
 * hashing bytes on the way, synced before it counts as written. A write that fails (a full disk)
 * cancels the COPY on the server and drops what still arrives, so the session comes back to a
 * state that can ROLLBACK at once; then FileWriteFailed. (Merely destroying the COPY stream would
 * leave the connection paused mid-protocol: the ROLLBACK would wait for ever, the locks held, and
 * with nothing else to wait for the process would end with no word.)
 */
async function copyOut(
  client: StepClient,
  sql: string,
  path: string,
  onRows: (rows: number) => void,
): Promise<{ rows: number; sent: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  let lastReport = 0;
  let failure: { cause: unknown } | null = null;
  const file = await open(path, 'wx', 0o600).catch((error: unknown) => {
    throw new FileWriteFailed(error);
  });
  const take = (chunks: readonly Buffer[], done: (error?: Error | null) => void) => {
    // Cancelled already: what the server still sends is read and dropped.
    if (failure) return done();
    for (const chunk of chunks) {
      hash.update(chunk);
      // COPY text escapes newlines inside values: every raw newline ends a row.
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) rows++;
    }
    if (rows - lastReport >= 50_000) {
      lastReport = rows;
      onRows(rows);
    }
    writeAll(file, chunks).then(
      () => done(),
      (error: unknown) => {
        failure = { cause: error };
        void cancelRunningStatement(client);
        done();
      },
    );
  };
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write: (chunk: Buffer, _encoding, done) => take([chunk], done),
    writev: (entries, done) =>
      take(
        entries.map((entry) => entry.chunk as Buffer),
        done,
      ),
    final(done) {
      if (failure) return done();
      file.sync().then(
        () => done(),
        (error: unknown) => {
          failure = { cause: error };
          done();
        },
      );
    },
  });
  const copy = client.query(copyTo(sql));
  try {
    await pipeline(copy, sink);
  } catch (error) {
    // The server's error, unless it is the cancel of a COPY whose file had failed.
    if (!failure) throw error;
  } finally {
    await file.close().catch((error: unknown) => {
      failure ??= { cause: error };
    });
  }
  if (failure) throw new FileWriteFailed((failure as { cause: unknown }).cause);
  onRows(rows);
  return { rows, sent: copy.rowCount, sha256: hash.digest('hex') };
}

/**
 * Every file of an export: a regular file on a filesystem for files (never a FIFO or a device,
 * looked at before it is opened), as many lines as rows, the sha256 the manifest records. Stops
 * at `signal` (Ctrl-C while a large export is read).
 */
export async function checkExportFiles(
  directory: string,
  manifest: Pick<ExportManifest, 'tables'>,
  signal?: AbortSignal,
): Promise<void> {
  for (const table of manifest.tables) {
    const path = join(directory, table.file);
    let fd: number;
    try {
      fd = openRegularFile(path);
    } catch (error) {
      if (error instanceof PathRefused)
        throw new ExportFilesMismatch(
          `refused: ${error.reason}: an export holds regular files only; nothing was changed`,
        );
      throw error;
    }
    const hash = createHash('sha256');
    let lines = 0;
    for await (const chunk of createReadStream(path, {
      fd,
      highWaterMark: EXPORT_READ_CHUNK,
    }) as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new InterruptedError('interrupted while the export was read: nothing was changed');
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
