import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { runChecks } from '../core/checks/index.js';
import { DbError } from '../core/errors.js';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_FINGERPRINTED,
  type ExportedTable,
  type ExportManifest,
  type ExportProgress,
} from '../core/export.js';
import { ACTIVITY_LOG, ARCHIVE_COMMENT, PREVIEW_CACHE } from '../core/maintenance.js';
import type { Manifest } from '../core/manifest.js';
import {
  allowsDependent,
  type Dependent,
  dependentName,
  type RestoreResult,
  type RollbackItem,
  type RollbackResult,
  type RollbackTargets,
  type RowCount,
  recreateStatement,
  remainingMigrationObjects,
  rollbackItems,
  rollbackStatements,
  rollbackTargets,
} from '../core/rollback.js';
import { quoteIdent, renderSql } from '../core/sqltext.js';
import { count } from '../core/words.js';
import { loadJson, loadSql } from '../sql.js';
import type { Database } from './connect.js';
import {
  checkExportFiles,
  contentHash,
  EXPORT_READ_CHUNK,
  ExportDirectoryError,
  ExportFilesMismatch,
  exportFingerprint,
  exportTables,
  INCOMPLETE_MARKER,
  isPlainFileName,
  isUnfinishedPath,
  type PreparedExport,
  partitionLayout,
  prepareExportFor,
  setCanonicalText,
  tableColumns,
} from './export.js';
import { introspect } from './introspect.js';
import { checkDirectoryToRead, checkFileToRead, openRegularFile, PathRefused } from './paths.js';
import { type StepClient, StepFailure, type TransactionOptions, withStepTransaction } from './transaction.js';

export interface RollbackOptions extends TransactionOptions {
  readonly dryRun: boolean;
  readonly exportDirectory: string;
  /** skip the export (the caller has had the database name typed) */
  readonly discardData: boolean;
  /** objects outside 0024 that CASCADE may drop, named by the operator */
  readonly allowCascade: readonly string[];
  readonly onProgress?: (progress: ExportProgress) => void;
  /** looks at the transaction before the drop and after it: the application's statements */
  readonly observe?: ((client: StepClient, phase: 'before' | 'after') => Promise<void>) | undefined;
}

class RollbackRefused extends DbError {
  constructor(message: string) {
    super('query', message);
  }
}

/** `tables` and `archives` as "schema.name". */
export async function readRowCounts(
  client: StepClient,
  tables: readonly string[],
  archives: readonly string[] = [],
): Promise<RowCount[]> {
  const result = await client.query<{ name: string; partition_of: string | null; rows: string }>(
    loadSql('rollback/row_counts'),
    [[...tables, ...archives]],
  );
  return result.rows.map((r) => ({ table: r.name, partitionOf: r.partition_of, rows: Number(r.rows) }));
}

/** The partitions maintain archive detached from 0024's log (bare names): the tool's own tables. */
async function readArchives(db: Pick<Database, 'query'>): Promise<string[]> {
  const log = ACTIVITY_LOG.slice(ACTIVITY_LOG.indexOf('.') + 1);
  const result = await db.query<{ name: string }>(loadSql('rollback/tool_archives'), [log]);
  return result.rows.map((r) => r.name);
}

async function readDependents(
  db: Pick<Database, 'query'>,
  targets: RollbackTargets,
  archives: readonly string[],
): Promise<Dependent[]> {
  const result = await db.query<{
    dependent: string;
    relation: string | null;
    relation_kind: string | null;
    column_name: string | null;
    blocker: boolean;
    definition: string | null;
    values: string | null;
  }>(loadSql('rollback/dependents'), [
    [...targets.tables, ...targets.views],
    targets.enums,
    targets.functions,
    archives.map((name) => `public.${name}`),
  ]);
  return result.rows.map((r) => ({
    dependent: r.dependent,
    relation: r.relation,
    relationKind: r.relation_kind,
    blocker: r.blocker,
    fix:
      r.blocker && r.relation && r.column_name
        ? renderSql(loadSql('rollback/enum_column_fix'), { relation: r.relation, column: r.column_name })
        : null,
    definition: r.definition,
    values: r.values === null ? null : Number(r.values),
  }));
}

/** Why the rollback cannot go on as things are (blockers, and CASCADE victims nobody named), or null. */
function cascadeRefusal(dependents: readonly Dependent[], allowCascade: readonly string[]): string | null {
  const blockers = dependents.filter((d) => d.blocker);
  if (blockers.length > 0) {
    const held = blockers.reduce((sum, d) => sum + (d.values ?? 0), 0);
    const one = blockers.length === 1;
    return (
      `refused: ${blockers.map((d) => `${d.dependent}${d.values !== undefined && d.values !== null ? ` (${count(d.values, 'value')})` : ''}`).join('; ')} ${one ? 'is' : 'are'} typed with a 0024 enum: the rollback cannot drop the type while ` +
      `${one ? 'it uses' : 'they use'} it (and CASCADE would drop ${one ? 'the column' : 'the columns'}${held > 0 ? ` with ${count(held, 'value')}` : ', empty as they are'}). Keep the values as text first: ` +
      `${blockers.map((d) => d.fix).join(' ')} Nothing was changed`
    );
  }
  const foreign = dependents.filter((d) => !allowCascade.some((name) => allowsDependent(name, d)));
  if (foreign.length === 0) return null;
  // A view goes whole with CASCADE: its definition is printed, so it can be made again after.
  const views = foreign.map(recreateStatement).filter((sql): sql is string => sql !== null);
  return (
    `refused: DROP … CASCADE would also drop ${foreign.map((d) => `${d.dependent}${d.relation && !d.dependent.includes(d.relation) ? ` (${d.relationKind ?? 'relation'} ${d.relation})` : ''}`).join('; ')}, which 0024 did not create: ` +
    `if it may go, pass ${foreign.map((d) => `--allow-cascade=${dependentName(d)}`).join(' ')}, or drop it yourself first; nothing was changed` +
    (views.length > 0 ? `. To re-create after the rollback: ${views.join(' ')}` : '')
  );
}

/**
 * Statement timeouts sized by the rows just counted: a COPY of millions of rows is one statement.
 * The step's own timeout stays the floor; each million rows adds a minute.
 */
export function scaledStatementTimeoutMs(baseMs: number, rows: number): number {
  return baseMs + Math.ceil(rows / 1_000_000) * 60_000;
}

export async function rollback(
  db: Database,
  context: { readonly manifest: Manifest; readonly templates: Readonly<Record<string, string>> },
  options: RollbackOptions,
): Promise<RollbackResult> {
  const started = performance.now();
  const targets = rollbackTargets(context.manifest);
  const statements = rollbackStatements(context.manifest, loadSql('rollback/0024_rollback'));
  // A migration set's objects are read with its scope, wherever they are.
  const scope = context.manifest.migrations?.scope;
  const read = (client: StepClient) => introspect({ query: (t, v) => client.query(t, v) }, { scope });
  let items: RollbackItem[] = [];
  let rowCounts: RowCount[] = [];
  let dependents: Dependent[] = [];
  let archives: string[] = [];
  const set = context.manifest.migrations;
  const finish = (partial: Partial<RollbackResult> & Pick<RollbackResult, 'outcome'>): RollbackResult => ({
    ...(set ? { migrations: set.directory } : {}),
    items,
    rowCounts,
    dependents,
    archives: archives.map((name) => `public.${name}`),
    exported: null,
    remaining: [],
    brokenPrerequisites: [],
    error: null,
    ...partial,
    durationMs: Math.round(performance.now() - started),
  });
  // Before any lock: what CASCADE would reach, and a directory that can hold the export.
  let into: PreparedExport | null = null;
  try {
    archives = await readArchives(db);
    dependents = await readDependents(db, targets, archives);
    const refusal = cascadeRefusal(dependents, options.allowCascade);
    if (refusal) return finish({ outcome: 'refused', error: refusal });
    if (!options.dryRun && !options.discardData)
      into = await prepareExportFor(db, options.exportDirectory, [
        ...targets.tables,
        ...archives.map((name) => `public.${name}`),
      ]);
  } catch (error) {
    if (error instanceof ExportDirectoryError) return finish({ outcome: 'unusable-export', error: error.message });
    return finish({ outcome: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
  try {
    const { committed, value } = await withStepTransaction(db, options, async (client) => {
      const before = await read(client);
      await options.observe?.(client, 'before');
      items = rollbackItems(statements, before);
      const check = (snapshot: typeof before) =>
        runChecks({ manifest: context.manifest, templates: context.templates, issoh: snapshot, spp: null });
      const prerequisitesBefore = new Set(
        check(before)
          .filter((f) => f.group === 'prerequisites' && f.status !== 'fail')
          .map((f) => f.id),
      );
      const wanted = new Set(targets.tables);
      const tables = before.relations
        .filter((r) => r.partitionOf === null && wanted.has(`${r.schema}.${r.name}`))
        .map((r) => `${r.schema}.${r.name}`);
      for (const table of tables) await client.query(renderSql(loadSql('execute/lock_table'), { relation: table }));
      // Again under the locks: nothing can have appeared since the first look.
      archives = await readArchives({ query: (t, v) => client.query(t, v) });
      for (const archive of archives)
        await client.query(renderSql(loadSql('execute/lock_table'), { relation: `public.${archive}` }));
      rowCounts = await readRowCounts(
        client,
        targets.tables,
        archives.map((name) => `public.${name}`),
      );
      dependents = await readDependents({ query: (t, v) => client.query(t, v) }, targets, archives);
      const refusal = cascadeRefusal(dependents, options.allowCascade);
      if (refusal) throw new RollbackRefused(refusal);
      const totalRows = rowCounts.filter((c) => c.partitionOf === null).reduce((sum, c) => sum + c.rows, 0);
      const archiveNames = new Set(archives.map((name) => `public.${name}`));
      await client.query(loadSql('execute/statement_timeout'), [
        `${scaledStatementTimeoutMs(options.statementTimeoutMs, totalRows)}ms`,
      ]);
      // Every table, even an empty one: the export also keeps the partition layout.
      const exported = options.discardData
        ? null
        : markArchives(
            await exportTables(
              client,
              [...tables, ...archiveNames],
              into,
              options.onProgress,
              new Map(rowCounts.filter((c) => c.partitionOf === null).map((c) => [c.table, c.rows])),
            ),
            archiveNames,
          );
      if (exported && into) await checkExportFiles(into.workPath, exported, options.signal);
      for (const archive of archiveNames) await client.query(renderSql(loadSql('rollback/drop_archive'), { archive }));
      await client.query(statements.map((s) => s.statement).join('\n'));
      await options.observe?.(client, 'after');
      const after = await read(client);
      const remaining = remainingMigrationObjects(after, targets);
      // Only what the rollback broke: a prerequisite that failed before it is not its doing.
      const brokenPrerequisites = check(after).filter(
        (f) => f.group === 'prerequisites' && f.status === 'fail' && prerequisitesBefore.has(f.id),
      );
      const ok = remaining.length === 0 && brokenPrerequisites.length === 0;
      // 0024's tables that were not there to export: recorded, so restore can tell them from a table taken out.
      const present = new Set(tables);
      const absent = targets.tables.filter((table) => !present.has(table));
      const complete = exported ? { ...exported, absent } : null;
      // Complete and checked, and the rollback about to commit: only now does the export get its final name.
      const sealed = ok && !options.dryRun && complete && into ? into.seal(complete) : complete;
      return { commit: ok && !options.dryRun, value: { exported: sealed, remaining, brokenPrerequisites, ok } };
    });
    return finish({
      outcome: committed ? 'committed' : options.dryRun && value.ok ? 'dry-run' : 'rolled-back',
      exported: value.exported,
      remaining: value.remaining,
      brokenPrerequisites: value.brokenPrerequisites,
    });
  } catch (error) {
    const kind = error instanceof DbError ? error.kind : null;
    return finish({
      outcome:
        error instanceof RollbackRefused
          ? 'refused'
          : kind === 'lock-held'
            ? 'refused'
            : kind === 'interrupted'
              ? 'interrupted'
              : // the directory filled up (or failed) mid-export: rolled back, a usage matter like an unusable --export-dir
                error instanceof ExportDirectoryError
                ? 'unusable-export'
                : 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    // Nothing was dropped unless it sealed: the unfinished export is of no use to anyone.
    into?.discard();
  }
}

/** The export's archived partitions, marked as such: restore makes them again as tables shaped as the log. */
function markArchives(exported: ExportManifest, archives: ReadonlySet<string>): ExportManifest {
  return {
    ...exported,
    tables: exported.tables.map((t) => (archives.has(t.table) ? { ...t, archiveOf: ACTIVITY_LOG } : t)),
  };
}

// ── restore ─────────────────────────────────────────────────────────────────────────────────

export interface RestoreOptions extends TransactionOptions {
  readonly onProgress?: (progress: ExportProgress) => void;
}

class RestoreRefused extends StepFailure {}

/** Larger than any manifest of 0024's three tables: read whole and at once, so bounded. */
const MANIFEST_MAX_BYTES = 1 << 20;

/** pg_get_expr's text of a range partition's bounds (timestamps, MINVALUE, MAXVALUE), or DEFAULT. */
const PARTITION_BOUND =
  /^(?:DEFAULT|FOR VALUES FROM \((?:MINVALUE|'[0-9:.+\- ]+')\) TO \((?:MAXVALUE|'[0-9:.+\- ]+')\))$/;

/**
 * Reads and checks an export before anything is locked: finished (no INCOMPLETE marker, not a
 * ".incomplete" directory), a manifest of this format naming only 0024's tables and only files
 * inside the directory, every file with its line count and sha256.
 */
export async function checkExport(directory: string, signal?: AbortSignal): Promise<ExportManifest> {
  const manifest = readExportManifest(directory);
  await checkExportFiles(directory, manifest, signal);
  return manifest;
}

/**
 * checkExport without reading the files' contents (each is only looked for): what a person is told
 * before being asked to confirm, at the cost of a directory listing, not of hashing every row twice.
 */
export function readExportManifest(directory: string): ExportManifest {
  const refuse = (why: string) => new RestoreRefused(`refused: ${directory} ${why}; nothing was changed`);
  // Each path is looked at before it is opened: a FIFO or a device (or a symlink to one) would block
  // or never end, and a read of procfs is not an export.
  const looked = (check: () => void) => {
    try {
      check();
    } catch (error) {
      if (error instanceof PathRefused) throw refuse(`cannot be restored from: ${error.reason}`);
      throw error;
    }
  };
  if (!existsSync(directory)) throw refuse('does not exist');
  looked(() => checkDirectoryToRead(directory));
  if (isUnfinishedPath(directory) || existsSync(join(directory, INCOMPLETE_MARKER))) {
    throw refuse('is an unfinished export (the run that wrote it stopped before the end, and dropped nothing)');
  }
  const manifestFile = join(directory, 'manifest.json');
  if (!existsSync(manifestFile)) throw refuse('has no manifest.json: is it a directory mantis-sync-tui exported to?');
  looked(() => checkFileToRead(manifestFile));
  if (statSync(manifestFile).size > MANIFEST_MAX_BYTES)
    throw refuse(`has a manifest.json larger than ${MANIFEST_MAX_BYTES} bytes: not one this tool wrote`);
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ExportManifest;
  } catch {
    throw refuse('has a manifest.json that is not JSON');
  }
  if (
    (manifest.format !== EXPORT_FORMAT && manifest.format !== EXPORT_FORMAT_FINGERPRINTED) ||
    !Array.isArray(manifest.tables)
  ) {
    throw refuse(
      `has a manifest of another format (${String(manifest.format ?? 'JSON lines, before COPY text')}): restore it with the version that wrote it`,
    );
  }
  const allowed = new Set(builtInTables());
  for (const table of manifest.tables) {
    if (!allowed.has(table.table) && !isArchive(table))
      throw refuse(
        `names ${JSON.stringify(table.table)}, which is not one of 0024's tables (${[...allowed].join(', ')}) or a partition maintain archive detached from ${ACTIVITY_LOG}`,
      );
    if (!isPlainFileName(table.file))
      throw refuse(`names the file ${JSON.stringify(table.file)}, which is not a plain file inside it`);
    if (
      !Array.isArray(table.columns) ||
      table.columns.length === 0 ||
      !table.columns.every((c: unknown) => typeof c === 'string')
    )
      throw refuse(`gives no columns for ${table.table}`);
    // What proves the restored values: the columns' types (this format), or the server's fingerprint (the one before).
    const typed =
      manifest.format === EXPORT_FORMAT
        ? Array.isArray(table.columnTypes) &&
          table.columnTypes.length === table.columns.length &&
          table.columnTypes.every((t: unknown) => typeof t === 'string')
        : typeof table.contentHash === 'string';
    if (!typed)
      throw refuse(
        manifest.format === EXPORT_FORMAT
          ? `gives no type for each column of ${table.table}`
          : `gives no fingerprint for ${table.table}`,
      );
    // A bound goes into CREATE TABLE … PARTITION OF as the server printed it: only that shape is taken.
    const forged = ((table.partitions ?? []) as ReadonlyArray<{ name?: unknown; bound?: unknown }>).find(
      (p) => typeof p?.name !== 'string' || typeof p?.bound !== 'string' || !PARTITION_BOUND.test(p.bound),
    );
    if (!Array.isArray(table.partitions) || forged)
      throw refuse(
        `gives a partition of ${table.table} that is not a name and a range bound (${JSON.stringify(forged ?? table.partitions)})`,
      );
  }
  if (new Set(manifest.tables.map((t) => t.table)).size !== manifest.tables.length) throw refuse('names a table twice');
  const missing = manifest.tables.find((t) => !existsSync(join(directory, t.file)));
  if (missing) throw refuse(`lacks ${missing.file}, which its manifest lists`);
  for (const table of manifest.tables) looked(() => checkFileToRead(join(directory, table.file)));
  // The whole export or nothing: a table left out would come back empty under a line saying all is as exported.
  const absent = manifest.absent ?? [];
  if (!Array.isArray(absent) || absent.some((t) => !allowed.has(t) || manifest.tables.some((e) => e.table === t)))
    throw refuse(`records as absent ${JSON.stringify(absent)}, which are not 0024's tables missing from it`);
  const unaccounted = [...allowed].filter((t) => !absent.includes(t) && !manifest.tables.some((e) => e.table === t));
  if (unaccounted.length > 0)
    throw refuse(
      `lacks ${unaccounted.join(', ')}: a rollback's export holds every one of 0024's tables (${[...allowed].join(', ')}), each even when empty, and this one does not say the table was absent; restoring it would bring the table back empty`,
    );
  if (manifest.fingerprint !== undefined && manifest.fingerprint !== exportFingerprint(manifest))
    throw refuse(
      'has a manifest whose tables do not match its fingerprint (a table taken out, added or changed after the export)',
    );
  return manifest;
}

/** 0024's tables, as the manifest records them: restore re-applies 0024 alone (its SQL, its triggers held). */
const builtInTables = (): readonly string[] => rollbackTargets(loadJson<Manifest>('manifest.json')).tables;

/** An archived partition as a rollback exports it: of the log, named as the archive names it. */
function isArchive(table: Pick<ExportedTable, 'table' | 'archiveOf'>): boolean {
  return table.archiveOf === ACTIVITY_LOG && ARCHIVE_NAME.test(table.table);
}

const ARCHIVE_NAME = new RegExp(`^${ACTIVITY_LOG.replace('.', '\\.')}_\\w+_archived$`);

export async function restore(db: Database, directory: string, options: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const tables: Array<{ table: string; exported: number; restored: number; skippedExpired: number }> = [];
  const partitions: string[] = [];
  const absent: string[] = [];
  let fingerprint: string | null = null;
  const finish = (outcome: RestoreResult['outcome'], error: string | null): RestoreResult => ({
    outcome,
    tables,
    partitions,
    absent,
    fingerprint: outcome === 'committed' ? fingerprint : null,
    durationMs: Math.round(performance.now() - started),
    error,
  });
  let manifest: ExportManifest;
  try {
    manifest = await checkExport(directory, options.signal);
  } catch (error) {
    return finish(
      error instanceof RestoreRefused || error instanceof ExportFilesMismatch
        ? 'refused'
        : error instanceof DbError && error.kind === 'interrupted'
          ? 'interrupted'
          : 'failed',
      (error as Error).message,
    );
  }
  absent.push(...(manifest.absent ?? []));
  fingerprint = manifest.fingerprint ?? exportFingerprint(manifest);
  const totalRows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  try {
    await withStepTransaction(db, options, async (client) => {
      const archives = manifest.tables.filter(isArchive).map((t) => t.table);
      const present = await client.query<{ present: string[] }>(loadSql('rollback/present_tables'), [
        [...builtInTables(), ...archives],
      ]);
      if ((present.rows[0]?.present ?? []).length > 0) {
        throw new RestoreRefused(
          `refused: ${present.rows[0]!.present.join(', ')} already exist: restore puts back a rolled-back 0024 (roll back first); nothing was changed`,
        );
      }
      await client.query(loadSql('execute/statement_timeout'), [
        `${scaledStatementTimeoutMs(options.statementTimeoutMs, totalRows)}ms`,
      ]);
      await setCanonicalText(client);
      await client.query(loadSql('migrations/0024_sync_preview_progress_logs'));
      for (const table of manifest.tables) {
        if (table.partitions.length > 0) partitions.push(...(await restoreLayout(client, table)));
      }
      for (const archive of archives)
        await client.query(
          renderSql(loadSql('rollback/create_archive'), { archive, parent: ACTIVITY_LOG, comment: ARCHIVE_COMMENT }),
        );
      // Rows come back as they were exported: the BEFORE triggers would recompute elapsed, speed and ETA.
      await client.query(loadSql('rollback/restore_begin'));
      for (const table of manifest.tables) {
        tables.push(await restoreTable(client, directory, table, options.onProgress));
      }
      await client.query(loadSql('rollback/restore_end'));
      return { commit: true, value: null };
    });
    return finish('committed', null);
  } catch (error) {
    const kind = error instanceof DbError ? error.kind : null;
    return finish(
      error instanceof RestoreRefused || kind === 'lock-held'
        ? 'refused'
        : kind === 'interrupted'
          ? 'interrupted'
          : 'failed',
      (error as Error).message,
    );
  }
}

/**
 * The partitions as the export recorded them: those 0024 made with other bounds (or that the
 * export did not have) dropped while still empty, the missing ones created with their bounds.
 */
async function restoreLayout(client: StepClient, table: ExportedTable): Promise<string[]> {
  const current = await partitionLayout(client, table.table);
  const wanted = new Map(table.partitions.map((p) => [p.name, p.bound]));
  for (const partition of current) {
    if (wanted.get(partition.name) !== partition.bound) {
      await client.query(renderSql(loadSql('rollback/drop_partition'), { partition: `public.${partition.name}` }));
    }
  }
  const kept = new Set(current.filter((p) => wanted.get(p.name) === p.bound).map((p) => p.name));
  const created: string[] = [];
  for (const partition of table.partitions) {
    if (kept.has(partition.name)) continue;
    await client.query(
      renderSql(loadSql('rollback/create_partition'), {
        partition: `public.${partition.name}`,
        parent: table.table,
        bound: partition.bound,
      }),
    );
    created.push(partition.name);
  }
  return created;
}

/**
 * One table's rows streamed back with COPY and proven on the way: into columns of the types the
 * export recorded (so COPY's text comes back as the very same values), the bytes sent hashing to
 * the export's sha256, and as many rows landed as it holds. An export of the format before
 * (no types) is proven by the server's fingerprint of what landed instead. The preview cache
 * goes through a staging table, so rows that expired since the export (its CHECK refuses them)
 * are left out and counted.
 */
async function restoreTable(
  client: StepClient,
  directory: string,
  table: ExportedTable,
  onProgress?: (progress: ExportProgress) => void,
) {
  const cache = table.table === PREVIEW_CACHE;
  const columns = table.columns.map(quoteIdent);
  const into = cache ? 'mantis_restore_staging' : table.table;
  if (cache) await client.query(renderSql(loadSql('rollback/restore_stage'), { relation: table.table }));
  if (table.columnTypes) {
    const types = new Map((await tableColumns(client, into)).map((c) => [c.name, c.type]));
    const differing = table.columns
      .map((name, i) => ({ name, exported: table.columnTypes![i]!, here: types.get(name) ?? 'missing' }))
      .filter((c) => c.exported !== c.here);
    if (differing.length > 0)
      throw new RestoreRefused(
        `refused: ${table.table}: ${differing.map((c) => `column ${c.name} is ${c.here} here, ${c.exported} in the export`).join('; ')}: its values would not come back as they were; nothing was changed`,
      );
  }
  const sent = await copyIn(
    client,
    renderSql(loadSql('execute/copy_in'), { relation: into, columns }),
    join(directory, table.file),
    (rows) => onProgress?.({ table: table.table, rows, totalRows: table.rows }),
  );
  if (sent.sha256 !== table.sha256 || sent.lines !== table.rows || sent.landed !== table.rows)
    throw new Error(
      `${table.table}: the rows sent differ from the export (${sent.lines} lines, ${sent.landed} rows landed, sha256 ${sent.sha256.slice(0, 12)}… vs ${table.rows} rows, ${table.sha256.slice(0, 12)}…): rolled back, nothing was changed`,
    );
  if (table.contentHash !== undefined && !table.columnTypes) {
    const landed = await contentHash(client, into, table.columns);
    if (landed.hash !== table.contentHash)
      throw new Error(
        `${table.table}: the restored rows differ from the export (server fingerprint ${landed.hash} vs ${table.contentHash}): rolled back, nothing was changed`,
      );
  }
  if (!cache) return { table: table.table, exported: table.rows, restored: sent.landed, skippedExpired: 0 };
  const loaded = await client.query<{ restored: string; skipped: string }>(
    renderSql(loadSql('rollback/restore_cache'), { relation: table.table, columns }),
  );
  const restored = Number(loaded.rows[0]?.restored ?? 0);
  const skipped = Number(loaded.rows[0]?.skipped ?? 0);
  if (restored + skipped !== table.rows)
    throw new Error(
      `${table.table}: restored ${restored} + skipped ${skipped} rows, the export holds ${table.rows}: rolled back`,
    );
  return { table: table.table, exported: table.rows, restored, skippedExpired: skipped };
}

/** COPY … FROM STDIN fed from `path`: the lines and the sha256 of the bytes sent, taken on the way, and the rows the server took. */
async function copyIn(
  client: StepClient,
  sql: string,
  path: string,
  onRows: (rows: number) => void,
): Promise<{ lines: number; sha256: string; landed: number }> {
  let lines = 0;
  let lastReport = 0;
  const hash = createHash('sha256');
  const tally = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      if (lines - lastReport >= 50_000) {
        lastReport = lines;
        onRows(lines);
      }
      done(null, chunk);
    },
  });
  // Checked before the transaction; opened again the same way, so nothing swapped in since can block it.
  const copy = client.query(copyFrom(sql));
  await pipeline(createReadStream(path, { fd: openRegularFile(path), highWaterMark: EXPORT_READ_CHUNK }), tally, copy);
  onRows(lines);
  return { lines, sha256: hash.digest('hex'), landed: copy.rowCount };
}
