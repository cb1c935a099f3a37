import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connect.js';
import { openDatabase } from '../../src/db/connect.js';
import { introspect, introspectTopology } from '../../src/db/introspect.js';
import { loadSql } from '../../src/sql.js';
import { freshDatabase } from '../helpers/context.js';

async function withDatabase<T>(url: string, read: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig({ env: {}, issohUrl: url });
  const db = openDatabase(config.issoh!, { readOnly: true, connectTimeoutMs: 5000, statementTimeoutMs: 10000 });
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

const snapshotOf = (url: string) => withDatabase(url, (db) => introspect(db));

/** What differs from one read to the next of the same database: when it was read. */
const timeless = <T extends { server: { now: string } }>(s: T) => ({ ...s, server: { ...s.server, now: '' } });

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

describe("SPP's topology read (sql/catalog/topology)", () => {
  // SPP seed 000 as it is, and with 0024 applied to it by mistake (what TOP005 finds)
  it.each(['sppSeed000', 'migrated'] as const)(
    'holds the full snapshot’s topology fields, equal, on %s',
    async (template) => {
      const url = await freshDatabase(template);
      const [topology, full] = await withDatabase(url, async (db) => [
        await introspectTopology(db),
        await introspect(db),
      ]);
      expect(Object.keys(topology).sort()).toEqual(
        ['enums', 'foreignServers', 'relations', 'schemaRelationCounts', 'schemas', 'server'].sort(),
      );
      const { server, schemas, schemaRelationCounts, relations, enums, foreignServers } = timeless(full);
      expect(timeless(topology)).toEqual({ server, schemas, schemaRelationCounts, relations, enums, foreignServers });
      if (template === 'migrated') expect(topology.relations.length).toBeGreaterThan(5);
      else expect(topology.schemas).toContain('spp');
    },
  );

  it('shares its text with the snapshot: the included parts are written once', () => {
    const snapshot = loadSql('catalog/snapshot');
    const topology = loadSql('catalog/topology');
    expect(snapshot).not.toMatch(/^--#include/m);
    expect(topology).not.toMatch(/^--#include/m);
    for (const part of ['catalog/scope', 'catalog/topology_fields']) {
      expect(snapshot).toContain(loadSql(part).trimEnd());
      expect(topology).toContain(loadSql(part).trimEnd());
    }
  });
});
