/**
 * The Monitor in the real binary, in a real pseudo-terminal (80x24), watching syncs the
 * simulator writes through the real table and its triggers: what a person sees move.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { Simulator } from '../../src/db/simulator.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { cursorShownAtEnd, SEQUENCES, spawnApp } from '../helpers/pty.js';
import { processedOf, screenWhere } from '../helpers/screen.js';

const TIMEOUT = 90_000;

describe('the Monitor in a terminal', () => {
  it(
    'shows the syncs move from tick to tick, writes only what changed, and q gives the terminal back',
    async () => {
      const url = await freshDatabase('migrated', 'e2e');
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pool.on('error', () => {});
      const sim = new Simulator({ query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database);
      await sim.start([
        { syncId: 'catalog', org: 'acme', entity: 'product', source: 'odoo', total: 2_000_000, ratePerMin: 30_000 },
        {
          syncId: 'orders',
          org: 'globex',
          entity: 'order',
          source: 'woocommerce',
          total: 2_000_000,
          ratePerMin: 6_000,
          failureRate: 0.01,
        },
      ]);
      sim.run(250);
      const session = spawnApp({ DATABASE_URL: url });
      try {
        await session.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
        session.write('3');
        const first = await session.waitFor(/^2 active syncs {2}· sort ETA .* live, every 2 s/m, 20_000);
        await session.waitFor(/Simulated acme +catalog /);
        const before = processedOf(session.screen(), 'catalog')!;
        expect(before).toBeGreaterThan(0);
        expect(first.split('\n')[2]).toMatch(/^ {2}ORG +SYNC +PROGRESS +DONE\/FAILED\/TOTAL RATE\/MIN +ETA$/);
        // The next tick (2 s later, on the server's clock) moves it on.
        const bytes = session.bytes();
        const grew = await screenWhere(
          session.screen,
          (screen) => (processedOf(screen, 'catalog') ?? 0) > before,
          `catalog growing past ${before}`,
        );
        expect(processedOf(grew, 'catalog')!).toBeGreaterThan(before);
        expect(grew).toMatch(/Simulated globex +orders +[█=]*[░-]* +\d+%/);
        // One tick rewrote a few lines, not the screen (a full 80x24 repaint is several kB).
        expect(session.bytes() - bytes).toBeLessThan(2_500);
        expect(session.lines()[23]).toBe('');
        expect(session.lines().every((line) => line.length <= 80)).toBe(true);
        // Back on the overview the Watcher keeps its history ticking, but nothing there changes:
        // nothing is written.
        session.write('1');
        await session.waitFor(/^Topology/m);
        await session.settle(300);
        const quiet = session.bytes();
        await new Promise((resolve) => setTimeout(resolve, 4_500));
        expect(session.bytes() - quiet).toBeLessThan(200);
        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
        expect(session.alternate()).toBe(false);
        expect(cursorShownAtEnd(session.output())).toBe(true);
        expect(session.output()).toContain(SEQUENCES.leaveAlternate);
      } finally {
        session.kill();
        await sim.stop();
        await pool.end();
      }
    },
    TIMEOUT,
  );

  it(
    'at 80 columns two syncs that differ at their end read differently, and "paused" stays whole on the status line',
    async () => {
      const url = await freshDatabase('migrated', 'e2e');
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pool.on('error', () => {});
      const sim = new Simulator({ query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database);
      const family = { org: 'acme-international', entity: 'product', source: 'woocommerce', total: 2_000_000 } as const;
      await sim.start([
        { ...family, syncId: 'odoo-products-nightly', ratePerMin: 30_000 },
        { ...family, syncId: 'odoo-products-weekly', ratePerMin: 6_000 },
      ]);
      const session = spawnApp({ DATABASE_URL: url });
      try {
        await session.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
        session.write('3');
        const screen = await session.waitFor(/^2 active syncs/m, 20_000);
        const rows = screen.split('\n').filter((line) => /^[› ] \S.* odoo-/.test(line));
        expect(rows).toHaveLength(2);
        expect(rows.some((row) => / odoo-\S*…\S*ghtly /.test(row))).toBe(true);
        expect(rows.some((row) => / odoo-\S*…\S*eekly /.test(row))).toBe(true);
        session.write(' ');
        await session.waitFor(/paused \(space resumes\)$/m);
        expect(session.lines().every((line) => line.length <= 80)).toBe(true);
        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
      } finally {
        session.kill();
        await sim.stop();
        await pool.end();
      }
    },
    TIMEOUT,
  );

  it(
    "says above the table what the table's shape keeps it from showing (the application's drifted variant)",
    async () => {
      const url = await freshDatabase('drifted', 'e2e');
      await withClient(url, (c) =>
        c.query(`ALTER TABLE public.sync_progress DROP COLUMN updated_at CASCADE, DROP COLUMN started_at CASCADE;
                 ALTER TABLE public.sync_activity_log RENAME COLUMN action TO activity_type;`),
      );
      const session = spawnApp({ DATABASE_URL: url }, { cols: 200, rows: 30 });
      try {
        await session.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
        session.write('3');
        const screen = await session.waitFor(/^not shown on this table: /m, 20_000);
        expect(screen).toContain('no elapsed time: public.sync_progress has no started_at');
        expect(screen).toMatch(/^ {2}ORG +SYNC/m);
        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});
