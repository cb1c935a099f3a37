/** plan and apply through the real binary: confirmations, refusals, audit, Ctrl-C (test-rls: test-rls.test.ts). */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { ROOT, withClient } from '../helpers/databases.js';
import { verifyUrls } from '../helpers/verify.js';

const auditFile = () => join(scratchDirectory('mantis-audit-'), 'audit.jsonl');
const failingCodes = async (url: string) =>
  (await verifyUrls(url)).findings.filter((f) => f.status === 'fail' || f.status === 'blocked').map((f) => f.code);

describe('mantis-sync-tui plan', () => {
  it('lists the steps with their danger and why, and as JSON', async () => {
    const url = await freshDatabase('issohSeed000', 'plan');
    const text = await runCli(['plan'], { DATABASE_URL: url });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/1\. prereq-organization\s+safe\s+Create public\.organization/);
    expect(text.stdout).toMatch(/why: PRQ001/);
    const json = await runCli(['plan', '--json'], { DATABASE_URL: url });
    const plan = JSON.parse(json.stdout);
    expect(plan.steps.map((s: { id: string }) => s.id)).toContain('migration-0024');
    expect(plan.database.url).toContain(':***@');
  });
});

describe('mantis-sync-tui apply', () => {
  it('refuses without a terminal and without --yes (exit 3), changing nothing', async () => {
    const url = await freshDatabase('issohSeed000', 'apply');
    const r = await runCli(['apply'], { DATABASE_URL: url });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(
      'mantis-sync-tui: refused: apply changes the database and nobody can confirm here (stdin is not a terminal): pass --yes; nothing was changed',
    );
    expect(await failingCodes(url)).toContain('PRQ001');
  });

  it('refuses a Neon pooled endpoint for writes unless --allow-pooled (exit 3, before connecting)', async () => {
    const r = await runCli(['apply', '--yes'], {
      DATABASE_URL: 'postgresql://u:secret@ep-cool-1-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'is a Neon pooled endpoint (-pooler): write through the direct host (drop "-pooler" from DATABASE_URL), or pass --allow-pooled',
    );
    expect(r.stderr).not.toContain('secret');
  });

  it('applies the whole plan from the blocked state and writes the audit log', async () => {
    const url = await freshDatabase('issohSeed000', 'apply');
    const audit = auditFile();
    const r = await runCli(['apply', '--yes', '--audit-log', audit], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('isolation holds');
    // Only IS-SOH was given: ready on it, and SPP said to be unchecked rather than passed over.
    expect(r.stdout).toContain('ready on what was read: SPP not checked (no URL)');
    expect(await failingCodes(url)).toEqual([]);
    const lines = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.outcome !== 'started');
    expect(lines.map((l) => [l.step, l.mode, l.outcome])).toEqual([
      ['prereq-organization', 'apply', 'committed'],
      ['prereq-auth-schema', 'apply', 'committed'],
      ['prereq-users-extended', 'apply', 'committed'],
      ['prereq-auth-uid', 'apply', 'committed'],
      ['migration-0024', 'apply', 'committed'],
    ]);
    expect(lines[0].sqlSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[0].database).toContain(':***@');
    expect(lines[0].operator).toMatch(/.+@.+/);
  });

  it('a dry run needs no --yes and changes nothing', async () => {
    const url = await freshDatabase('issohSeed000', 'apply');
    const r = await runCli(['apply', '--dry-run', '--audit-log', auditFile()], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migration-0024 .*\n\s+✓ dry run \(rolled back\) in \d+ ms: would fix \d+/);
    expect(r.stdout).toContain('nothing was changed');
    expect(await failingCodes(url)).toContain('PRQ001');
  });

  it('a severe step needs the database name: refused up front without it, applied with it', async () => {
    const url = await freshDatabase('drifted', 'apply');
    const database = new URL(url).pathname.slice(1);
    const before = await failingCodes(url);
    const refused = await runCli(['apply', '--yes', '--audit-log', auditFile()], { DATABASE_URL: url });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`step rebuild-sync_activity_log is severe`);
    expect(refused.stderr).toContain(`pass --confirm=${database} to confirm it; nothing was changed`);
    expect(await failingCodes(url)).toEqual(before);
    const wrong = await runCli(['apply', '--yes', '--confirm=production', '--step', 'rebuild-sync_activity_log'], {
      DATABASE_URL: url,
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('--confirm=production does not name the database');
    const exportDir = scratchDirectory('mantis-rebuild-');
    const applied = await runCli(
      ['apply', '--yes', `--confirm=${database}`, '--export-dir', exportDir, '--audit-log', auditFile()],
      { DATABASE_URL: url },
    );
    expect(applied.stdout).toMatch(
      /rebuild-sync_activity_log \(severe\)[^\n]*\n\s+✓ committed in \d+ ms: \d+ findings? fixed; rows exported to/,
    );
    expect(applied.code).toBe(1); // the extra enum label is for a person to decide
    expect(await failingCodes(url)).toEqual(['ENM002']);
  });

  it('names the steps when --step is not one of them (exit 2)', async () => {
    const url = await freshDatabase('issohSeed000', 'apply');
    const r = await runCli(['apply', '--yes', '--step', 'prereq-organisation'], { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no step prereq-organisation in the plan; steps now: prereq-organization,');
  });

  it('Ctrl-C during a step rolls it back and exits 130', async () => {
    const url = await freshDatabase('migrated', 'apply');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    // ROW EXCLUSIVE (what a writer holds) lets verify read but makes the step's CREATE INDEX wait.
    await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ROW EXCLUSIVE MODE');
    try {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'bin', 'mantis-sync-tui.js'), 'apply', '--yes', '--lock-timeout', '60', '--audit-log', auditFile()],
        {
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: url },
        },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
      await expect
        .poll(() => withClient(url, async (c) => (await c.query(waiting)).rows[0].n), { timeout: 15_000 })
        .toBe(1);
      const started = performance.now();
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(stderr).toContain('interrupted: the step was rolled back, nothing was changed');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(await failingCodes(url)).toEqual(['IDX001']);
  });
});
