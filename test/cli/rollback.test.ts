/** rollback and restore through the real binary: severe confirmation, export, audit. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT } from '../../src/core/export.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const scratch = () => scratchDirectory('mantis-cli-rb-');

describe('mantis-sync-tui rollback', () => {
  it('is refused without the database name (exit 3), and with the wrong one', async () => {
    const url = await freshDatabase('migrated', 'rbcli');
    const none = await runCli(['rollback'], { DATABASE_URL: url });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(
      /refused: Rolling back 0024 is severe: pass --confirm=\S+ \(stdin is not a terminal to type it\); nothing was changed/,
    );
    const wrong = await runCli(['rollback', '--confirm=production'], { DATABASE_URL: url });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('--confirm=production does not name the database');
  });

  it('exports, drops, audits; restore puts everything back', async () => {
    const url = await freshDatabase('migrated', 'rbcli');
    const database = new URL(url).pathname.slice(1);
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
               INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count) SELECT id, 's1', 'order', 5, 2 FROM organization;`),
    );
    const dir = join(scratch(), 'export');
    const audit = join(scratch(), 'audit.jsonl');
    const dry = await runCli(['rollback', '--dry-run', '--export-dir', dir, '--audit-log', audit], {
      DATABASE_URL: url,
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('drop  table    public.sync_progress');
    expect(dry.stdout).toContain('nothing was changed');
    expect(dry.stdout).toMatch(
      /Would export \(COPY text, checked, with the server's fingerprint\), nothing written now:\n(.*\n)* {2}public\.sync_progress +1 row\n/,
    );
    expect(dry.stdout).not.toContain('sha256');
    expect(existsSync(dir)).toBe(false);
    const r = await runCli(['rollback', `--confirm=${database}`, '--export-dir', dir, '--audit-log', audit], {
      DATABASE_URL: url,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/public\.sync_progress\.copy\s+1 row\s+sha256/);
    expect(r.stdout).toContain('0024 is gone, the prerequisites are intact');
    const entries = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.outcome !== 'started');
    expect(entries.map((e) => [e.step, e.mode, e.outcome])).toEqual([
      ['rollback-0024', 'dry-run', 'dry-run'],
      ['rollback-0024', 'apply', 'committed'],
    ]);
    // Without a terminal to answer, a restore of a good export wants --yes.
    const unconfirmed = await runCli(['restore', dir, '--audit-log', audit], { DATABASE_URL: url });
    expect(unconfirmed.code).toBe(3);
    expect(unconfirmed.stderr).toContain('pass --yes');
    const restored = await runCli(['restore', dir, '--yes', '--audit-log', audit], { DATABASE_URL: url });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('public.sync_progress                    1 of 1 row restored');
    const verify = await runCli(['verify'], { DATABASE_URL: url });
    expect(verify.code).toBe(0);
  });

  it('restore needs its directory, and one that is an export: checked before anyone is asked', async () => {
    const url = await freshDatabase('migrated', 'rbcli');
    expect((await runCli(['restore'], { DATABASE_URL: url })).code).toBe(2);
    const empty = scratch();
    const r = await runCli(['restore', empty], { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `mantis-sync-tui: refused: ${empty} has no manifest.json: is it a directory mantis-sync-tui exported to?; nothing was changed\n`,
    );
    // A manifest naming a file that is not there: said before asking (the contents are proved once, in the restore).
    const table = {
      table: 'public.sync_progress',
      file: 'public.sync_progress.copy',
      rows: 1,
      sha256: 'x',
      columns: ['id'],
      columnTypes: ['uuid'],
      partitions: [],
    };
    writeFileSync(join(empty, 'manifest.json'), JSON.stringify({ format: EXPORT_FORMAT, tables: [table] }));
    const lacking = await runCli(['restore', empty], { DATABASE_URL: url });
    expect(lacking.code).toBe(2);
    expect(lacking.stderr).toContain(
      `${empty} lacks public.sync_progress.copy, which its manifest lists; nothing was changed`,
    );
  });

  it('an export directory that cannot be made: one line naming the fix, exit 2, before anything is locked or changed', async () => {
    const url = await freshDatabase('migrated', 'rbcli');
    const database = new URL(url).pathname.slice(1);
    const r = await runCli(
      [
        'rollback',
        `--confirm=${database}`,
        '--export-dir',
        '/proc/mantis-x',
        '--audit-log',
        join(scratch(), 'audit.jsonl'),
      ],
      { DATABASE_URL: url },
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^mantis-sync-tui: cannot export to \/proc\/mantis-x: .*\/proc.*: choose another --export-dir; nothing was changed$/,
      ),
    ]);
    expect((await runCli(['verify', '--json'], { DATABASE_URL: url })).code).toBe(0);
  });

  for (const signal of ['SIGHUP', 'SIGTERM'] as const) {
    it(`${signal} mid-rollback (a dropped SSH session, a kill): statement cancelled, rolled back, audited, exit ${signal === 'SIGHUP' ? 129 : 143}, no backend left, 0024 intact`, async () => {
      const url = await freshDatabase('migrated', 'rbcli');
      const database = new URL(url).pathname.slice(1);
      await withClient(url, (c) =>
        c.query(`INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
                 INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count) SELECT id, 's1', 'order', 5, 2 FROM organization;`),
      );
      // A writer holding sync_preview_cache: the rollback takes its first locks, then waits here.
      const writer = new pg.Client({ connectionString: url });
      await writer.connect();
      await writer.query('BEGIN; LOCK TABLE sync_preview_cache IN ROW EXCLUSIVE MODE');
      const dir = join(scratch(), 'export');
      const audit = join(scratch(), 'audit.jsonl');
      const ours = `FROM pg_stat_activity WHERE datname = '${database}' AND application_name = 'mantis-sync-tui'`;
      try {
        const run = spawnCli(
          ['rollback', `--confirm=${database}`, '--lock-timeout', '60', '--export-dir', dir, '--audit-log', audit],
          { DATABASE_URL: url },
        );
        await expect
          .poll(
            () =>
              withClient(
                url,
                async (c) =>
                  (await c.query(`SELECT count(*)::int AS n ${ours} AND wait_event_type = 'Lock'`)).rows[0].n,
              ),
            { timeout: 20_000 },
          )
          .toBe(1);
        run.kill(signal);
        const r = await run.done;
        expect(r.code).toBe(signal === 'SIGHUP' ? 129 : 143);
        expect(r.stderr).toContain(`${signal}: interrupting: cancelling the running statement and rolling back`);
        const entries = readFileSync(audit, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .filter((e) => e.outcome !== 'started');
        expect(entries.map((e) => [e.step, e.outcome])).toEqual([['rollback-0024', 'interrupted']]);
        // The backend goes once the server sees the connection closed: wait for that state.
        await expect
          .poll(() => withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n ${ours}`)).rows[0].n), {
            timeout: 10_000,
          })
          .toBe(0);
      } finally {
        await writer.query('ROLLBACK');
        await writer.end();
      }
      expect(existsSync(dir) || existsSync(`${dir}.incomplete`)).toBe(false);
      expect(readdirSync(join(dir, '..')).filter((f) => f.startsWith('export'))).toEqual([]);
      const verify = await runCli(['verify', '--json'], { DATABASE_URL: url });
      expect(verify.code).toBe(0);
      expect(
        await withClient(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM sync_progress')).rows[0].n),
      ).toBe(1);
    }, 60_000);
  }
});
