/** The Health screen's and `health --json`'s reads: seed 004's key metrics and maintenance facts. */

import type { Health } from '../core/health.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { cacheCounts } from './maintenance.js';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);

/** `tables`: the intended state's, "schema.name"; `seed004`: it holds 0024's tables, which the key metrics and the cache are read from. */
export async function readHealth(
  db: Pick<Database, 'query'>,
  windowMinutes: number,
  tables: readonly string[],
  seed004: boolean,
): Promise<Health> {
  const m = seed004 ? ((await db.query(loadSql('health/metrics'), [windowMinutes])).rows[0] ?? {}) : null;
  const indexes = await db.query<{ table_name: string; index_name: string; scans: string; tuples_read: string }>(
    loadSql('health/indexes'),
    [tables],
  );
  const sizes = await db.query(loadSql('health/tables'), [tables]);
  return {
    metrics: m && {
      windowMinutes,
      activeSyncs: Number(m.active_syncs ?? 0),
      avgSpeedActive: num(m.avg_speed_active),
      avgSpeedAll: num(m.avg_speed_all),
      completedInWindow: Number(m.completed_in_window ?? 0),
      avgDurationSeconds: num(m.avg_duration_seconds),
      logEntries: Number(m.log_entries ?? 0),
      successRate: num(m.success_rate),
      errorRate: num(m.error_rate),
    },
    cache: seed004 ? await cacheCounts(db) : null,
    indexes: indexes.rows.map((r) => ({
      table: r.table_name,
      index: r.index_name,
      scans: Number(r.scans),
      tuplesRead: Number(r.tuples_read),
      neverUsed: Number(r.scans) === 0,
    })),
    tables: sizes.rows.map((r) => ({
      name: r.name,
      partitionOf: r.partition_of ?? null,
      sizeBytes: Number(r.size_bytes),
      liveTuples: Number(r.live_tuples),
      deadTuples: Number(r.dead_tuples),
      lastVacuum: iso(r.last_vacuum),
      lastAnalyze: iso(r.last_analyze),
    })),
  };
}
