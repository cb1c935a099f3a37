/**
 * Every way of leaving a write is clean: SIGINT, SIGTERM or SIGHUP while apply, restore or
 * maintenance waits inside its transaction cancels the statement, rolls back, writes the audit
 * line "interrupted" and exits 128 + the signal, leaving no backend and nothing changed.
 * (Rollback's own cases are in rollback.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Runs `args` while another session holds `lock`, waits until the tool's backend waits on it,
 * sends `signal`, and checks the way out. Returns the audit entries.
 */
async function interrupted(url: string, args: readonly string[], lock: string, signal: keyof typeof EXIT) {
  const database = new URL(url).pathname.slice(1);
  const audit = join(scratchDirectory('mantis-interrupt-'), 'audit.jsonl');
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query(`BEGIN; ${lock}`);
  const ours = `FROM pg_stat_activity WHERE datname = '${database}' AND application_name = 'mantis-sync-tui'`;
  const count = (where: string) =>
    withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n ${ours} ${where}`)).rows[0].n as number);
  try {
    const run = spawnCli([...args, '--lock-timeout', '60', '--audit-log', audit], { DATABASE_URL: url });
    await expect.poll(() => count("AND wait_event_type = 'Lock'"), { timeout: 20_000 }).toBe(1);
    run.kill(signal);
    const r = await run.done;
    expect(r.code).toBe(EXIT[signal]);
    expect(r.stderr).toContain(`${signal}: interrupting: cancelling the running statement and rolling back`);
    await expect.poll(() => count(''), { timeout: 10_000 }).toBe(0);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  return readFileSync(audit, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { step: string; outcome: string })
    .filter((e) => e.outcome !== 'started');
}

describe('a signal during a write', () => {
  it('SIGTERM during apply: the step rolls back, audited interrupted, exit 143, the drift still there', async () => {
    const url = await freshDatabase('drifted', 'intr');
    const before = (await runCli(['verify', '--json'], { DATABASE_URL: url })).stdout;
    const database = new URL(url).pathname.slice(1);
    // The rebuild of the unpartitioned log locks it first: a reader holding it keeps the step waiting.
    const entries = await interrupted(
      url,
      ['apply', '--yes', `--confirm=${database}`, '--step', 'rebuild-sync_activity_log'],
      'LOCK TABLE sync_activity_log IN ACCESS SHARE MODE',
      'SIGTERM',
    );
    expect(entries.map((e) => [e.step, e.outcome])).toEqual([['rebuild-sync_activity_log', 'interrupted']]);
    const after = (await runCli(['verify', '--json'], { DATABASE_URL: url })).stdout;
    expect(JSON.parse(after).summary).toEqual(JSON.parse(before).summary);
  }, 60_000);

  it('SIGINT during restore: nothing restored, audited interrupted, exit 130; the export still restores afterwards', async () => {
    const url = await freshDatabase('migrated', 'intr');
    const database = new URL(url).pathname.slice(1);
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count) SELECT id, 's1', 'order', 5, 2 FROM organization;`),
    );
    const dir = join(scratchDirectory('mantis-interrupt-'), 'export');
    expect((await runCli(['rollback', `--confirm=${database}`, '--export-dir', dir], { DATABASE_URL: url })).code).toBe(
      0,
    );
    // 0024's foreign keys to organization wait behind a writer on it.
    const entries = await interrupted(
      url,
      ['restore', dir, '--yes'],
      'LOCK TABLE organization IN ROW EXCLUSIVE MODE',
      'SIGINT',
    );
    expect(entries.map((e) => [e.step, e.outcome])).toEqual([[`restore ${dir}`, 'interrupted']]);
    expect(
      await withClient(url, async (c) => (await c.query(`SELECT to_regclass('public.sync_progress') AS t`)).rows[0].t),
    ).toBeNull();
    const again = await runCli(['restore', dir, '--yes'], { DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(
      await withClient(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM sync_progress')).rows[0].n),
    ).toBe(1);
  }, 60_000);

  it('SIGHUP during maintain partitions (the SSH session dropped): rolled back, audited interrupted, exit 129, the layout unchanged', async () => {
    const url = await freshDatabase('migrated', 'intr');
    const layout = () =>
      withClient(
        url,
        async (c) =>
          (await c.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'sync_activity_log'::regclass`))
            .rows[0].n,
      );
    const before = await layout();
    const entries = await interrupted(
      url,
      ['maintain', 'partitions', '--yes', '--ahead', '2'],
      'LOCK TABLE sync_activity_log IN ACCESS SHARE MODE',
      'SIGHUP',
    );
    expect(entries.at(-1)?.outcome).toBe('interrupted');
    expect(await layout()).toBe(before);
  }, 60_000);
});
