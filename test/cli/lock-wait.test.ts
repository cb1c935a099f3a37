/** A write under a held lock through the real binary: its header first, then what it waits for and who holds it. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/context.js';

describe('a write waiting for a lock', () => {
  it('maintain partitions prints its header at once, then the table and the holder (pid, application, user) while it waits', async () => {
    const url = await freshDatabase('migrated', 'lockcli');
    const holder = new pg.Client({ connectionString: url, application_name: 'nightly-report' });
    await holder.connect();
    try {
      const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      await holder.query('BEGIN; LOCK TABLE public.sync_activity_log IN ACCESS EXCLUSIVE MODE');
      const run = spawnCli(['maintain', 'partitions', '--yes', '--ahead', '1', '--lock-timeout', '60'], {
        DATABASE_URL: url,
      });
      // The header before the wait, not after it.
      expect(await run.waitFor(/^maintain partitions: /m, 'stdout')).toMatch(/^maintain partitions: create monthly/);
      const waiting = await run.waitFor(/waiting \d+ s for a lock/, 'stderr');
      expect(waiting).toMatch(
        new RegExp(
          `mantis-sync-tui: waiting \\d+ s for a lock on sync_activity_log, held by pid ${pid} \\(nightly-report, user \\w+\\) for \\d+ s\\n`,
        ),
      );
      await holder.query('ROLLBACK');
      const result = await run.done;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('done in');
      // Said once for this holder, not once a second.
      expect(result.stderr.split('waiting').length).toBe(2);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
  });
});
