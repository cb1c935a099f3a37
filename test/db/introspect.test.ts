import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connect.js';
import { introspect } from '../../src/db/introspect.js';
import { freshDatabase } from '../helpers/context.js';

async function snapshotOf(url: string) {
  const config = loadConfig({ env: {}, issohUrl: url });
  const db = openDatabase(config.issoh!, { readOnly: true, connectTimeoutMs: 5000, statementTimeoutMs: 10000 });
  try {
    return await introspect(db);
  } finally {
    await db.close();
  }
}

describe('introspect', () => {
  it('reads a migrated database in one query', async () => {
    const snapshot = await snapshotOf(await freshDatabase('migrated'));
    expect(snapshot.server.readOnly).toBe(true);
    expect(snapshot.relations.filter((r) => r.partitionOf === 'public.sync_activity_log').map((r) => r.name)).toEqual([
      'sync_activity_log_2025_11',
      'sync_activity_log_2025_12',
      'sync_activity_log_2026_01',
      'sync_activity_log_2026_02',
      'sync_activity_log_future',
    ]);
    expect(snapshot.indexes.filter((i) => i.name.startsWith('idx_sync_'))).toHaveLength(15);
    expect(snapshot.policies).toHaveLength(12);
    expect(snapshot.triggers).toHaveLength(4);
    expect(snapshot.enums.map((e) => [e.name, e.labels.length])).toEqual([
      ['sync_action', 8],
      ['sync_entity_type', 8],
      ['sync_status_type', 8],
      ['sync_type', 4],
    ]);
  });
});
