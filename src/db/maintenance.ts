/**
 * Seed 004's maintenance, each in one transaction of the executor (lock_timeout, advisory lock):
 * monthly partitions ahead, with rows already in the catch-all moved into them (counted before
 * and after); archiving old partitions (exported first); the preview cache cleanup. And the
 * Health screen's reads.
 */

import { parseBound } from '../core/checks/partitions.js';
import { DbError } from '../core/errors.js';
import {
  ACTIVITY_LOG,
  ARCHIVE_COMMENT,
  type ArchiveResult,
  type CacheCleanup,
  type CacheCounts,
  type MaintenanceResult,
  migrationMissing,
  type PartitionMaintenance,
  PREVIEW_CACHE,
  planPartitions,
} from '../core/maintenance.js';
import type { Snapshot } from '../core/snapshot.js';
import { renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import {
  checkExportFiles,
  ExportDirectoryError,
  exportTables,
  type PreparedExport,
  prepareExportFor,
} from './export.js';
import { introspect } from './introspect.js';
import { type StepClient, type TransactionOptions, withStepTransaction } from './transaction.js';

async function maintenanceStep<T>(
  db: Database,
  table: string,
  options: TransactionOptions & { readonly dryRun: boolean },
  work: (client: StepClient) => Promise<T | null>,
): Promise<MaintenanceResult<T>> {
  const started = performance.now();
  try {
    const { committed, value } = await withStepTransaction(db, options, async (client) => {
      const value = await work(client);
      return { commit: value !== null && !options.dryRun, value };
    });
    return {
      outcome: value === null ? 'nothing-to-do' : committed ? 'committed' : 'dry-run',
      value,
      durationMs: Math.round(performance.now() - started),
      error: null,
    };
  } catch (error) {
    return failedStep(error, table, Math.round(performance.now() - started));
  }
}

/** How a task ended that threw: a table or function of 0024 missing is said as such, with the way to it. */
function failedStep<T>(error: unknown, table: string, durationMs: number): MaintenanceResult<T> {
  const kind = error instanceof DbError ? error.kind : null;
  const missing = error instanceof DbError && UNDEFINED_OBJECT.has(error.sqlstate ?? '');
  return {
    outcome:
      kind === 'lock-held'
        ? 'refused'
        : kind === 'interrupted'
          ? 'interrupted'
          : // the export directory cannot be made, or filled up mid-export: rolled back, a usage matter
            error instanceof ExportDirectoryError
            ? 'unusable-export'
            : 'failed',
    value: null,
    durationMs,
    error: missing ? migrationMissing(table) : error instanceof Error ? error.message : String(error),
    ...(missing ? { migrationMissing: true } : {}),
  };
}

/** undefined_table, undefined_function: what a database without 0024 answers */
const UNDEFINED_OBJECT = new Set(['42P01', '42883']);

const count = async (client: StepClient, relation: string) =>
  Number(
    (await client.query<{ rows: string }>(renderSql(loadSql('execute/count_rows'), { relation }))).rows[0]?.rows ?? 0,
  );

/** Monthly partitions through `ahead` months from now; rows already in the catch-all move into them. */
export async function maintainPartitions(
  db: Database,
  ahead: number,
  options: TransactionOptions & { readonly dryRun: boolean },
): Promise<MaintenanceResult<PartitionMaintenance>> {
  return maintenanceStep(db, ACTIVITY_LOG, options, async (client) => {
    await client.query(renderSql(loadSql('execute/lock_table'), { relation: ACTIVITY_LOG }));
    const snapshot = await introspect({ query: (t, v) => client.query(t, v) });
    const plan = planPartitions(snapshot, ahead);
    if (plan.create.length === 0) return null;
    let moving: string | null = null;
    let before = 0;
    if (plan.catchAll && plan.newCatchAllFrom) {
      before = await count(client, `public.${plan.catchAll.name}`);
      moving = `${plan.catchAll.name}_mantis_moving`;
      await client.query(
        renderSql(loadSql('maintenance/detach_catch_all'), {
          parent: ACTIVITY_LOG,
          partition: `public.${plan.catchAll.name}`,
          moving,
        }),
      );
    }
    for (const month of plan.create) {
      await client.query(
        renderSql(loadSql('maintenance/create_month'), {
          partition: `public.${month.name}`,
          parent: ACTIVITY_LOG,
          from: month.from,
          to: month.to,
        }),
      );
    }
    let moved = 0;
    if (moving && plan.catchAll && plan.newCatchAllFrom) {
      await client.query(
        renderSql(loadSql('maintenance/create_catch_all'), {
          partition: `public.${plan.catchAll.name}`,
          parent: ACTIVITY_LOG,
          from: plan.newCatchAllFrom,
        }),
      );
      const result = await client.query(
        renderSql(loadSql('maintenance/move_rows'), { parent: ACTIVITY_LOG, moving: `public.${moving}` }),
      );
      moved = result.rowCount ?? 0;
      if (moved !== before)
        throw new Error(`moved ${moved} rows but the catch-all held ${before}: rolled back, nothing was changed`);
      await client.query(renderSql(loadSql('maintenance/drop_moved'), { moving: `public.${moving}` }));
    }
    const after = await introspect({ query: (t, v) => client.query(t, v) });
    const rowsAfter: Array<{ partition: string; rows: number }> = [];
    for (const partition of after.relations.filter((r) => r.partitionOf === ACTIVITY_LOG)) {
      rowsAfter.push({ partition: partition.name, rows: await count(client, `public.${partition.name}`) });
    }
    const total = rowsAfter.reduce((sum, p) => sum + p.rows, 0);
    const totalBefore = await count(client, ACTIVITY_LOG);
    if (total !== totalBefore)
      throw new Error(`partitions hold ${total} rows but the log counts ${totalBefore}: rolled back`);
    return { plan, moved, rowsAfter };
  });
}

/** Partitions whose months ended more than `olderThanMonths` months ago: exported, detached, renamed *_archived. */
export async function archivePartitions(
  db: Database,
  olderThanMonths: number,
  exportDirectory: string,
  options: TransactionOptions & { readonly dryRun: boolean },
): Promise<MaintenanceResult<ArchiveResult>> {
  // Made before the transaction (so before any lock), sized by the whole log: the archived months are known only inside.
  let into: PreparedExport | null = null;
  try {
    if (!options.dryRun) into = await prepareExportFor(db, exportDirectory, [ACTIVITY_LOG]);
  } catch (error) {
    return failedStep(error, ACTIVITY_LOG, 0);
  }
  try {
    return await archiveInside(db, olderThanMonths, into, exportDirectory, options);
  } finally {
    into?.discard();
  }
}

async function archiveInside(
  db: Database,
  olderThanMonths: number,
  into: PreparedExport | null,
  exportDirectory: string,
  options: TransactionOptions & { readonly dryRun: boolean },
): Promise<MaintenanceResult<ArchiveResult>> {
  return maintenanceStep(db, ACTIVITY_LOG, options, async (client) => {
    await client.query(renderSql(loadSql('execute/lock_table'), { relation: ACTIVITY_LOG }));
    const snapshot: Snapshot = await introspect({ query: (t, v) => client.query(t, v) });
    const now = new Date(snapshot.server.now);
    const cutoff = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - olderThanMonths, 1);
    const old = snapshot.relations
      .filter((r) => r.partitionOf === ACTIVITY_LOG)
      .filter((r) => {
        const bound = parseBound(r.partitionBound);
        return bound !== null && !bound.isDefault && bound.to !== Infinity && bound.to <= cutoff;
      });
    if (old.length === 0) return null;
    const exported = await exportTables(
      client,
      old.map((p) => `public.${p.name}`),
      into,
    );
    if (into) await checkExportFiles(into.workPath, exported);
    const archived = [];
    for (const partition of old) {
      const archivedAs = `${partition.name}_archived`;
      await client.query(
        renderSql(loadSql('maintenance/archive_partition'), {
          parent: ACTIVITY_LOG,
          partition: `public.${partition.name}`,
          archived: archivedAs,
          archivedQualified: `public.${archivedAs}`,
          comment: ARCHIVE_COMMENT,
        }),
      );
      archived.push({
        partition: partition.name,
        archivedAs,
        rows: exported.tables.find((t) => t.table === `public.${partition.name}`)?.rows ?? 0,
      });
    }
    // A dry run writes nothing, and still names where a real one would export.
    return { archived, exported: into ? into.seal(exported) : { ...exported, directory: exportDirectory } };
  });
}

export async function cacheCounts(db: Pick<Database, 'query'>): Promise<CacheCounts> {
  const row = (await db.query<{ live: string; expired: string }>(loadSql('maintenance/cache_counts'))).rows[0];
  return { live: Number(row?.live ?? 0), expired: Number(row?.expired ?? 0) };
}

/** auto_cleanup_preview_cache(), in a transaction; the deleted count is the function's own. */
export async function cleanupCache(
  db: Database,
  options: TransactionOptions & { readonly dryRun: boolean },
): Promise<MaintenanceResult<CacheCleanup>> {
  return maintenanceStep(db, PREVIEW_CACHE, options, async (client) => {
    const before = await cacheCounts(client);
    const result = await client.query<{ deleted_count: number; error_message: string | null }>(
      loadSql('maintenance/cache_cleanup'),
    );
    const row = result.rows[0];
    if (row?.error_message) throw new Error(`auto_cleanup_preview_cache() reported: ${row.error_message}`);
    return { before, deleted: row?.deleted_count ?? 0, functionError: null };
  });
}
