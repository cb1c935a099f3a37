/** health on a real server: one measure per relation, whichever section shows it. */
import { describe, expect, it } from 'vitest';
import { health } from '../../src/commands/health.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { configFor } from '../helpers/plan.js';

describe('health', () => {
  it('a partition reads the size and rows the Tables section gives it, before any ANALYZE', async () => {
    const url = await freshDatabase('migrated', 'health');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (id, name, slug) VALUES ('11111111-1111-4111-8111-111111111111', 'Acme', 'acme');
               INSERT INTO sync_activity_log (id, org_id, sync_id, action, status, record_count, created_at)
               SELECT gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 's' || i, 'batch_process', 'completed', i, now()
               FROM generate_series(1, 2000) i;`),
    );
    const report = await health(configFor(url), 60);
    // 2000 rows take more than 100 kB on disk; relpages reads 0 until the first ANALYZE.
    expect(report.partitions.filter((p) => p.sizeBytes > 100_000)).toHaveLength(1);
    for (const partition of report.partitions) {
      const table = report.health?.tables.find((t) => t.name === partition.name);
      expect(table).toBeDefined();
      expect([partition.name, partition.sizeBytes, partition.estimatedRows]).toEqual([
        table!.name,
        table!.sizeBytes,
        table!.liveTuples,
      ]);
    }
  });
});
