/**
 * A headless watch holds close to what it keeps (src/startup-fast-path.ts, limitHeapGrowth, asked
 * for by openHeadlessWatcher): V8's old generation grows at most 30% past what its last full
 * collection kept. The app's Watcher does not ask for it (its frames would share their time with
 * the full collections).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { parseCommandLine } from '../../src/cli/flags.js';
import { handle } from '../../src/cli/watch.js';
import { openWatcher } from '../../src/commands/watch.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_WATCH } from '../../src/core/monitor.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const limits = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/startup-fast-path.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/startup-fast-path.js')>()),
  // counted, not run: the flag would stay set in this test process
  limitHeapGrowth: () => {
    limits.count++;
  },
}));

const SYNC = `INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items) SELECT id, 'one', 'product', 10 FROM organization;`;

describe('limitHeapGrowth', () => {
  it('keeps the old generation within a third of what the process holds', () => {
    // A tick at 100,000 syncs, in small: 30 MB held throughout, and each step 10 MB more that
    // outlives its step (so it is promoted) and then is garbage. Left to itself, V8 lets the heap
    // reach 178-196 MB here before it collects the old generation.
    const peakMb = Number(
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `const { limitHeapGrowth } = await import(${JSON.stringify(new URL('../../src/startup-fast-path.ts', import.meta.url).href)});
          const { getHeapStatistics } = await import('node:v8');
          limitHeapGrowth();
          const held = Array.from({ length: 300_000 }, (_, i) => ({ i, text: 'held-' + i }));
          let peak = 0;
          let previous = [];
          for (let step = 0; step < 40; step++) {
            previous = Array.from({ length: 100_000 }, (_, i) => ({ i, text: 'step-' + step + '-' + i }));
            await new Promise((resolve) => setImmediate(resolve));
            peak = Math.max(peak, getHeapStatistics().used_heap_size);
          }
          console.log(held.length + previous.length > 0 ? Math.round(peak / 1048576) : 0);`,
        ],
        { encoding: 'utf8' },
      ).trim(),
    );
    // About 45 MB held (the 30 MB and one step's 10 MB): 80 MB at the most here.
    expect(peakMb).toBeGreaterThan(30);
    expect(peakMb).toBeLessThan(120);
  });

  it('is asked for by a headless watch, once, and not by the Watcher the app runs', async () => {
    const url = await freshDatabase('migrated', 'watchheap');
    await withClient(url, (c) => c.query(SYNC));
    const written: string[] = [];
    const io = {
      stdout: (text: string) => void written.push(text),
      stderr: () => {},
      env: { DATABASE_URL: url },
      stdoutIsTTY: false,
      stdinIsTTY: false,
      now: () => new Date(),
    };
    const { flags } = parseCommandLine(['watch', '--json', '--ticks', '1']);
    expect(await handle(flags, [], io)).toBe(0);
    expect(JSON.parse(written.join('')).syncs).toHaveLength(1);
    expect(limits.count).toBe(1);

    // The app's Monitor opens its Watcher with openWatcher (src/ui/screens/Monitor/useMonitor.ts).
    const watcher = openWatcher(loadConfig({ env: {}, issohUrl: url }), {
      ...DEFAULT_WATCH,
      intervalMs: 50,
    });
    try {
      await watcher.run((event) => event.kind === 'tick' && event.state.ticks < 2, new AbortController().signal);
    } finally {
      await watcher.close();
    }
    expect(limits.count).toBe(1);
  });
});
