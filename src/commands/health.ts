/** health: partitions, preview cache, key metrics, index usage and table sizes of IS-SOH (seed 004), read-only. */

import { runChecks } from '../core/checks/index.js';
import { describeBound, parseBound } from '../core/checks/partitions.js';
import type { Config } from '../core/config.js';
import type { HealthReport } from '../core/health.js';
import { ACTIVITY_LOG } from '../core/maintenance.js';
import { requireIssoh } from '../core/write-settings.js';
import { readHealth } from '../db/health.js';
import { introspect } from '../db/introspect.js';
import { readOnlyDatabase } from '../db/session.js';
import { defaultDependencies } from './verify.js';

export async function health(config: Config, windowMinutes: number): Promise<HealthReport> {
  const target = requireIssoh(config, 'health');
  const db = readOnlyDatabase(target, config);
  try {
    const snapshot = await introspect(db);
    const deps = defaultDependencies();
    const findings = runChecks({ manifest: deps.manifest, templates: deps.templates, issoh: snapshot, spp: null });
    const ready = ['public.sync_progress', 'public.sync_activity_log', 'public.sync_preview_cache'].every((t) =>
      snapshot.relations.some((r) => `${r.schema}.${r.name}` === t),
    );
    const stats = ready ? await readHealth(db, windowMinutes) : null;
    // One measure for a relation wherever Health shows it: the Tables section's (its whole size on
    // disk, the statistics' live rows), not the catalog's relpages and reltuples, which read 0 until
    // the first ANALYZE.
    const measured = new Map(stats?.tables.map((t) => [t.name, t]));
    const partitions = snapshot.relations
      .filter((r) => r.partitionOf === ACTIVITY_LOG)
      .map((r) => {
        const bound = parseBound(r.partitionBound);
        const table = measured.get(r.name);
        return {
          name: r.name,
          bound: bound ? describeBound(bound) : String(r.partitionBound),
          estimatedRows: table ? table.liveTuples : Math.max(r.estimatedRows, 0),
          sizeBytes: table ? table.sizeBytes : r.sizeBytes,
        };
      });
    return {
      database: target.redactedUrl,
      serverTime: snapshot.server.now,
      partitions,
      coverage: findings.filter((f) => f.group === 'partitions'),
      health: stats,
      unavailable: ready ? null : 'the 0024 tables do not exist here: apply 0024 first (mantis-sync-tui apply)',
    };
  } finally {
    await db.close();
  }
}
