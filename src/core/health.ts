/** The Health screen's and `health --json`'s report: seed 004's key metrics and maintenance facts. */
import type { Finding } from './finding.js';
import type { CacheCounts } from './maintenance.js';

export interface Metrics {
  readonly windowMinutes: number;
  readonly activeSyncs: number;
  /** AVG(speed_items_per_min) of active syncs: the trigger's lifetime average, as seed 004 defines it */
  readonly avgSpeedActive: number | null;
  readonly avgSpeedAll: number | null;
  readonly completedInWindow: number;
  readonly avgDurationSeconds: number | null;
  readonly logEntries: number;
  /** 0..1, of the activity log entries in the window */
  readonly successRate: number | null;
  readonly errorRate: number | null;
}

export interface IndexUsage {
  readonly table: string;
  readonly index: string;
  readonly scans: number;
  readonly tuplesRead: number;
  readonly neverUsed: boolean;
}

export interface TableStats {
  readonly name: string;
  readonly partitionOf: string | null;
  readonly sizeBytes: number;
  readonly liveTuples: number;
  readonly deadTuples: number;
  readonly lastVacuum: string | null;
  readonly lastAnalyze: string | null;
}

export interface Health {
  /** null when the intended state does not hold 0024's tables, which seed 004's metrics are read from */
  readonly metrics: Metrics | null;
  readonly cache: CacheCounts | null;
  readonly indexes: readonly IndexUsage[];
  readonly tables: readonly TableStats[];
}

export interface HealthReport {
  readonly database: string;
  readonly serverTime: string;
  /** the intended state's tables cut into calendar months, "schema.name": whose partitions are listed */
  readonly partitioned: readonly string[];
  readonly partitions: ReadonlyArray<{
    readonly name: string;
    readonly bound: string;
    readonly estimatedRows: number;
    readonly sizeBytes: number;
  }>;
  readonly coverage: readonly Finding[];
  readonly health: Health | null;
  readonly unavailable: string | null;
}
