/**
 * health: partitions, preview cache, key metrics, index usage and table sizes of IS-SOH (seed 004),
 * read-only, over the tables the intended state creates: the built-in 0024's, or a migration set's.
 */

import { runChecks } from '../core/checks/index.js';
import { describeBound, isMonthlyPartitioned, parseBound } from '../core/checks/partitions.js';
import type { Config } from '../core/config.js';
import type { HealthReport } from '../core/health.js';
import { createdObjects, type Manifest, tablesInDependencyOrder } from '../core/manifest.js';
import { requireIssoh } from '../core/write-settings.js';
import { readHealth } from '../db/health.js';
import { introspect } from '../db/introspect.js';
import { readOnlyDatabase } from '../db/session.js';
import { loadJson } from '../sql.js';
import { defaultDependencies, type VerifyDependencies } from './verify.js';

export async function health(
  config: Config,
  windowMinutes: number,
  deps: VerifyDependencies = defaultDependencies(),
): Promise<HealthReport> {
  const target = requireIssoh(config, 'health');
  const db = readOnlyDatabase(target, config);
  try {
    const { manifest, templates } = deps;
    const set = manifest.migrations;
    const snapshot = await introspect(db, { scope: set?.scope });
    const findings = runChecks({ manifest, templates, issoh: snapshot, spp: null });
    const tables = tablesInDependencyOrder(manifest);
    const missing = tables.filter((t) => !snapshot.relations.some((r) => `${r.schema}.${r.name}` === t));
    const ready = tables.length > 0 && missing.length === 0;
    const stats = ready ? await readHealth(db, windowMinutes, tables, holdsBuiltIn(manifest)) : null;
    // One measure for a relation wherever Health shows it: the Tables section's (its whole size on
    // disk, the statistics' live rows), not the catalog's relpages and reltuples, which read 0 until
    // the first ANALYZE.
    const measured = new Map(stats?.tables.map((t) => [t.name, t]));
    const partitioned = tables.filter((t) => isMonthlyPartitioned(manifest.expected, t));
    const partitions = snapshot.relations
      .filter((r) => r.partitionOf !== null && partitioned.includes(r.partitionOf))
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
    const apply = set ? `apply --migrations ${set.directory}` : 'apply';
    return {
      database: target.redactedUrl,
      serverTime: snapshot.server.now,
      partitioned,
      partitions,
      coverage: findings.filter((f) => f.group === 'partitions'),
      health: stats,
      unavailable: ready
        ? null
        : tables.length === 0
          ? `the intended state of ${set?.directory ?? '0024'} creates no table: Health has nothing to read`
          : set
            ? `${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist here: apply ${set.directory} first (mantis-sync-tui ${apply})`
            : 'the 0024 tables do not exist here: apply 0024 first (mantis-sync-tui apply)',
    };
  } finally {
    await db.close();
  }
}

/**
 * Seed 004's key metrics and the preview cache are read from 0024's tables: only an intended
 * state that creates every table the built-in 0024 does (0024 itself, or a set that holds it) has them.
 */
function holdsBuiltIn(manifest: Manifest): boolean {
  if (!manifest.migrations) return true;
  const held = new Set(createdObjects(manifest).relations);
  return createdObjects(loadJson<Manifest>('manifest.json')).relations.every((t) => held.has(t));
}
