/**
 * The app's one runner for writes, on a real IS-SOH with the real screens: a write started on one
 * screen refuses a write from another while it runs, and a write on Health re-verifies, so the
 * Overview and the `e` report show what the step changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../helpers/context.js';
import { issohConfig as config, sharedDirectoryApp } from '../helpers/ui/app-harness.js';

const { directory, app } = sharedDirectoryApp();

const warnings = (frame: string): number => Number(/(\d+) warn/.exec(frame)?.[1] ?? Number.NaN);

/** The newest report `e` wrote in the directory, or ''. */
function newestReport(): string {
  const reports = readdirSync(directory)
    .filter((f) => f.startsWith('mantis-verify-'))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  const last = reports.at(-1);
  return last ? readFileSync(join(directory, last), 'utf8') : '';
}

describe('one runner for the whole app', () => {
  it('maintain partitions running on Health refuses the rollback dry run on Rollback, saying what runs', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const ui = app(config(url), 100, 40, 60_000);
    await ui.waitFor(/verified at/, 30_000);
    await ui.type('6');
    await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/, 30_000);
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
    try {
      await blocker.query('BEGIN; LOCK TABLE public.sync_activity_log IN ACCESS EXCLUSIVE MODE');
      await ui.type('p', 'y');
      await vi.waitFor(async () => expect((await blocker.query<{ n: number }>(waiting)).rows[0]?.n).toBe(1), {
        timeout: 20_000,
        interval: 100,
      });
      // Health says the wait, in the CLI's words.
      await ui.waitFor(/maintain partitions · waiting \d+ s for a lock on \S*sync_activity_log, held by pid \d+/);
      await ui.type('5');
      await ui.type('d');
      await ui.waitFor('maintain partitions is running: wait for it (q cancels it, rolled back, and quits)');
      // Nothing else started: still the one step waiting for the lock.
      expect((await blocker.query<{ n: number }>(waiting)).rows[0]?.n).toBe(1);
      await blocker.query('ROLLBACK');
      await ui.type('6');
      await ui.waitFor('✓ Partitions ahead: done in', 30_000);
    } finally {
      await blocker.end();
      ui.unmount();
    }
  }, 90_000);

  it('--read-only: a write from any screen is refused with one line, and nothing starts', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const ui = app({ ...config(url), readOnly: true }, 100, 40);
    try {
      // The header says so on every screen.
      expect(await ui.waitFor(/verified at/, 30_000)).toMatch(/^ READ-ONLY /m);
      await ui.type('6');
      await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/, 30_000);
      await ui.type('p', 'y');
      await ui.waitFor(
        /refused: maintain partitions writes \(its dry run takes the same locks\), and --read-only/,
        20_000,
      );
      await ui.type('5');
      await ui.waitFor(/refused: .*--read-only/, 20_000);
    } finally {
      ui.unmount();
    }
  }, 90_000);

  it('while a write waits for a lock, the running line says whose, as the CLI does, and stops saying it once the lock is gone', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const ui = app(config(url), 160, 40, 60_000);
    await ui.waitFor(/verified at/, 30_000);
    const blocker = new pg.Client({ connectionString: url, application_name: 'nightly-report' });
    await blocker.connect();
    try {
      const holder = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
      // Rollback's dry run starts when the screen opens.
      await ui.type('5');
      const waiting = new RegExp(
        `waiting \\d+ s for a lock on \\S*sync_progress, held by pid ${holder} \\(nightly-report`,
      );
      await ui.waitFor(waiting, 30_000);
      await blocker.query('ROLLBACK');
      const done = await ui.waitFor(/✓ dry run at/, 30_000);
      expect(done).not.toMatch(/waiting \d+ s for a lock/);
    } finally {
      await blocker.end();
      ui.unmount();
    }
  }, 90_000);

  it('after p on Health the Overview and the e report show the months it made', async () => {
    const url = await freshDatabase('migrated', 'ui');
    const ui = app(config(url), 100, 40);
    const before = warnings(await ui.waitFor((f) => /verified at/.test(f) && /\d+ warn/.test(f), 30_000));
    await ui.type('e');
    await ui.waitFor(/wrote mantis-verify-/);
    expect(newestReport()).toMatch(/\d{4}-\d\d has no partition of its own/);
    await ui.type('6');
    await ui.waitFor(/Partitions of sync_activity_log \(\d+\)/, 30_000);
    await ui.type('p', 'y');
    await ui.waitFor('✓ Partitions ahead: done in', 30_000);
    await ui.type('1');
    const after = await ui.waitFor((f) => warnings(f) < before && /verified at/.test(f), 30_000);
    expect(warnings(after)).toBe(before - 4);
    await ui.type('e');
    await ui.waitFor(/wrote mantis-verify-\S+-2\.md/);
    expect(newestReport()).not.toMatch(/has no partition of its own/);
    ui.unmount();
  }, 90_000);
});
