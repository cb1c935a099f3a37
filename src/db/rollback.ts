/**
 * Rollback of 0024 in one transaction (the executor's: lock_timeout, advisory lock): lock the
 * tables, count every row, export them when there are any and check the export, refuse when
 * CASCADE would reach an object outside 0024 that nobody named, run seed 001's rollback,
 * re-introspect, and commit only when 0024 is gone and the prerequisites are intact.
 * Restore puts 0024 back and loads an export, checking counts and checksums.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runChecks } from '../core/checks/index.js';
import type { Finding } from '../core/finding.js';
import type { Manifest } from '../core/manifest.js';
import { bareNames, remainingMigrationObjects, rollbackItems, type RollbackItem } from '../core/rollback.js';
import { renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { DbError } from './errors.js';
import { exportTables, type ExportManifest } from './export.js';
import { introspect } from './introspect.js';
import { withStepTransaction, type StepClient, type TransactionOptions } from './transaction.js';

export interface RowCount {
  readonly table: string;
  readonly partitionOf: string | null;
  readonly rows: number;
}

export interface Dependent {
  readonly dependent: string;
  readonly relation: string | null;
  readonly relationKind: string | null;
}

export interface RollbackOptions extends TransactionOptions {
  readonly dryRun: boolean;
  readonly exportDirectory: string;
  /** skip the export (the caller has had the database name typed) */
  readonly discardData: boolean;
  /** objects outside 0024 that CASCADE may drop, named by the operator */
  readonly allowCascade: readonly string[];
}

export interface RollbackResult {
  readonly outcome: 'committed' | 'dry-run' | 'refused' | 'rolled-back' | 'failed' | 'interrupted';
  readonly items: readonly RollbackItem[];
  readonly rowCounts: readonly RowCount[];
  readonly dependents: readonly Dependent[];
  readonly exported: ExportManifest | null;
  /** 0024 objects still present inside the transaction after the rollback ran */
  readonly remaining: readonly string[];
  /** prerequisite findings that passed before the rollback and fail after it */
  readonly brokenPrerequisites: readonly Finding[];
  readonly durationMs: number;
  readonly error: string | null;
}

class RollbackRefused extends DbError {
  constructor(message: string) {
    super('query', message);
  }
}

export async function readRowCounts(client: StepClient): Promise<RowCount[]> {
  const result = await client.query<{ name: string; partition_of: string | null; rows: string }>(loadSql('rollback/row_counts'), [bareNames.tables]);
  return result.rows.map((r) => ({ table: `public.${r.name}`, partitionOf: r.partition_of ? `public.${r.partition_of}` : null, rows: Number(r.rows) }));
}

async function readDependents(client: StepClient): Promise<Dependent[]> {
  const result = await client.query<{ dependent: string; relation: string | null; relation_kind: string | null }>(loadSql('rollback/dependents'), [
    bareNames.tables,
    bareNames.enums,
    bareNames.functions,
  ]);
  return result.rows.map((r) => ({ dependent: r.dependent, relation: r.relation, relationKind: r.relation_kind }));
}

export async function rollback(
  db: Database,
  context: { readonly manifest: Manifest; readonly templates: Readonly<Record<string, string>> },
  options: RollbackOptions,
): Promise<RollbackResult> {
  const started = performance.now();
  const rollbackSql = loadSql('rollback/0024_rollback');
  let items: RollbackItem[] = [];
  let rowCounts: RowCount[] = [];
  let dependents: Dependent[] = [];
  const finish = (partial: Partial<RollbackResult> & Pick<RollbackResult, 'outcome'>): RollbackResult => ({
    items,
    rowCounts,
    dependents,
    exported: null,
    remaining: [],
    brokenPrerequisites: [],
    error: null,
    ...partial,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const { committed, value } = await withStepTransaction(db, options, async (client) => {
      const before = await introspect({ query: (t, v) => client.query(t, v) });
      items = rollbackItems(rollbackSql, before);
      const check = (snapshot: typeof before) => runChecks({ manifest: context.manifest, templates: context.templates, issoh: snapshot, spp: null });
      const prerequisitesBefore = new Set(check(before).filter((f) => f.group === 'prerequisites' && f.status !== 'fail').map((f) => f.id));
      const tables = before.relations.filter((r) => r.partitionOf === null && bareNames.tables.includes(r.name) && r.schema === 'public');
      for (const table of tables) await client.query(renderSql(loadSql('execute/lock_table'), { relation: `public.${table.name}` }));
      rowCounts = await readRowCounts(client);
      dependents = await readDependents(client);
      const foreign = dependents.filter((d) => !options.allowCascade.some((name) => name === d.relation || name === d.dependent));
      if (foreign.length > 0) {
        throw new RollbackRefused(
          `refused: DROP … CASCADE would also drop ${foreign.map((d) => `${d.dependent}${d.relation ? ` (${d.relationKind ?? 'relation'} ${d.relation})` : ''}`).join('; ')}, which 0024 did not create: ` +
            `name each with --allow-cascade=<relation> if it may go, or drop it yourself first; nothing was changed`,
        );
      }
      const withRows = rowCounts.filter((c) => c.partitionOf === null && c.rows > 0).map((c) => c.table);
      const exported =
        withRows.length > 0 && !options.discardData ? await exportTables(client, withRows, options.exportDirectory, !options.dryRun) : null;
      await client.query(rollbackSql);
      const after = await introspect({ query: (t, v) => client.query(t, v) });
      const remaining = remainingMigrationObjects(after);
      // Only what the rollback broke: a prerequisite that failed before it is not its doing.
      const brokenPrerequisites = check(after).filter((f) => f.group === 'prerequisites' && f.status === 'fail' && prerequisitesBefore.has(f.id));
      const ok = remaining.length === 0 && brokenPrerequisites.length === 0;
      return { commit: ok && !options.dryRun, value: { exported, remaining, brokenPrerequisites, ok } };
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
      outcome: error instanceof RollbackRefused ? 'refused' : kind === 'lock-held' ? 'refused' : kind === 'interrupted' ? 'interrupted' : 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

// ── restore ─────────────────────────────────────────────────────────────────────────────────

export interface RestoreResult {
  readonly outcome: 'committed' | 'failed' | 'refused' | 'interrupted';
  readonly tables: ReadonlyArray<{ readonly table: string; readonly exported: number; readonly restored: number; readonly skippedExpired: number }>;
  readonly durationMs: number;
  readonly error: string | null;
}

/** Checks the files of an export against its manifest: every line there, every checksum equal. */
export async function checkExport(directory: string): Promise<ExportManifest> {
  const manifestFile = join(directory, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${directory} has no manifest.json: is it a directory mantis-sync-tui exported to?`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ExportManifest;
  for (const table of manifest.tables) {
    const hash = createHash('sha256');
    let lines = 0;
    for await (const line of createInterface({ input: createReadStream(join(directory, table.file)) })) {
      hash.update(`${line}\n`);
      lines++;
    }
    const digest = hash.digest('hex');
    if (lines !== table.rows || digest !== table.sha256) {
      throw new Error(`${table.file} does not match its manifest (rows ${lines} vs ${table.rows}, sha256 ${digest.slice(0, 12)}… vs ${table.sha256.slice(0, 12)}…): refusing to restore from it`);
    }
  }
  return manifest;
}

const RESTORE_BATCH = 2_000;

export async function restore(db: Database, directory: string, options: TransactionOptions): Promise<RestoreResult> {
  const started = performance.now();
  const tables: Array<{ table: string; exported: number; restored: number; skippedExpired: number }> = [];
  let manifest: ExportManifest;
  try {
    manifest = await checkExport(directory);
  } catch (error) {
    return { outcome: 'refused', tables, durationMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
  try {
    await withStepTransaction(db, options, async (client) => {
      await client.query(loadSql('migrations/0024_sync_preview_progress_logs'));
      // Rows come back as they were exported: the BEFORE triggers would recompute elapsed, speed and ETA.
      await client.query(loadSql('rollback/restore_begin'));
      for (const table of manifest.tables) {
        await client.query(loadSql('rollback/restore_stage'));
        const batch: string[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await client.query(loadSql('rollback/restore_rows'), [JSON.stringify(batch.map((line) => JSON.parse(line)))]);
          batch.length = 0;
        };
        for await (const line of createInterface({ input: createReadStream(join(directory, table.file)) })) {
          batch.push(line);
          if (batch.length >= RESTORE_BATCH) await flush();
        }
        await flush();
        if (table.table === 'public.sync_activity_log') await client.query(loadSql('rebuild/activity_log_older_rows'));
        const loaded = await client.query<{ restored: string; skipped: string }>(
          renderSql(loadSql(table.table === 'public.sync_preview_cache' ? 'rollback/restore_cache' : 'rollback/restore_table'), { relation: table.table }),
        );
        const restored = Number(loaded.rows[0]?.restored ?? 0);
        const skipped = Number(loaded.rows[0]?.skipped ?? 0);
        if (restored + skipped !== table.rows) {
          throw new Error(`${table.table}: restored ${restored} + skipped ${skipped} rows, the export holds ${table.rows}: rolled back`);
        }
        tables.push({ table: table.table, exported: table.rows, restored, skippedExpired: skipped });
      }
      await client.query(loadSql('rollback/restore_end'));
      return { commit: true, value: null };
    });
    return { outcome: 'committed', tables, durationMs: Math.round(performance.now() - started), error: null };
  } catch (error) {
    const kind = error instanceof DbError ? error.kind : null;
    return {
      outcome: kind === 'lock-held' ? 'refused' : kind === 'interrupted' ? 'interrupted' : 'failed',
      tables,
      durationMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
