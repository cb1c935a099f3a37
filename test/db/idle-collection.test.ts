/**
 * The young generation collected while the Watcher's tick query is at the server
 * (src/startup-fast-path.ts, collectYoungGarbage): a real collection, once per tick.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { Watcher } from '../../src/commands/watch.js';
import { loadConfig } from '../../src/config.js';
import type { WatchEvent } from '../../src/core/monitor.js';
import { openDatabase } from '../../src/db/connect.js';
import { collectYoungGarbage } from '../../src/startup-fast-path.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const collections = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/startup-fast-path.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/startup-fast-path.js')>();
  return {
    ...original,
    collectYoungGarbage: () => {
      collections.count++;
      original.collectYoungGarbage();
    },
  };
});

/** Minor collections V8 reports while `work` runs (its entries arrive after a turn of the loop). */
async function minorCollectionsDuring(work: () => void): Promise<number> {
  const seen: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        seen.push(entry.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  work();
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return seen.length;
}

describe('collectYoungGarbage', () => {
  it('runs a minor collection each time it is called', async () => {
    expect(
      await minorCollectionsDuring(() => {
        for (let i = 0; i < 3; i++) collectYoungGarbage();
      }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('is called by the Watcher once per tick, before the tick is reduced', async () => {
    const url = await freshDatabase('migrated', 'idlegc');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items) SELECT id, 'one', 'product', 10 FROM organization;`),
    );
    const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
      readOnly: true,
      connectTimeoutMs: 3000,
      statementTimeoutMs: 5000,
      max: 1,
    });
    try {
      const before = collections.count;
      const seenAtTick: number[] = [];
      const controller = new AbortController();
      await new Watcher(db, { intervalMs: 50, feedEvery: 4, fullEvery: 15, minutes: 15 }).run((event: WatchEvent) => {
        if (event.kind !== 'tick') return true;
        seenAtTick.push(collections.count - before);
        return event.state.ticks < 3;
      }, controller.signal);
      expect(seenAtTick).toEqual([1, 2, 3]);
    } finally {
      await db.close();
    }
  });
});
