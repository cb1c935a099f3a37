/**
 * The tables the Monitor reads, found in the intended state by the columns it needs rather than by
 * name: a table of syncs (0024's sync_progress, or a migration set's own) and an activity log.
 */
import { type Manifest, tablesInDependencyOrder } from './manifest.js';

/** What a row of syncs cannot be shown without. */
export const PROGRESS_COLUMNS = ['org_id', 'sync_id', 'processed_count', 'total_items'] as const;
/** What a line of the activity feed shows. */
export const ACTIVITY_COLUMNS = [
  'created_at',
  'org_id',
  'sync_id',
  'action',
  'status',
  'record_count',
  'error_message',
] as const;

export interface MonitoredTables {
  /** "schema.name" of the table of syncs, or null when the intended state creates none */
  readonly progress: string | null;
  /** "schema.name" of the activity log, or null when it creates none */
  readonly activity: string | null;
}

/** The first table the intended state creates (in dependency order) that has each set of columns. */
export function monitoredTables(manifest: Pick<Manifest, 'expected' | 'migrations' | 'created'>): MonitoredTables {
  const tables = tablesInDependencyOrder(manifest);
  const withColumns = (columns: readonly string[]) =>
    tables.find((table) =>
      columns.every((name) => manifest.expected.columns.some((c) => c.relation === table && c.name === name)),
    ) ?? null;
  return { progress: withColumns(PROGRESS_COLUMNS), activity: withColumns(ACTIVITY_COLUMNS) };
}
