/**
 * No write happens that cannot be recorded: an audit log that cannot take a line refuses the write
 * before anything is changed (exit 2), through the real binary, for apply, rollback and maintain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordAttempt } from '../../src/audit.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

// /dev/null is a file: nothing can be made under it.
const UNWRITABLE = '/dev/null/mantis/audit.jsonl';
const refusal = (path: string) =>
  new RegExp(
    `^mantis-sync-tui: refused: the audit log ${path.replaceAll('/', '\\/')} cannot be written \\(.+\\): pass a --audit-log file that can be written; nothing was changed\\n$`,
  );
const tables = (url: string) =>
  withClient(
    url,
    async (c) => (await c.query("SELECT to_regclass('public.sync_progress') AS t")).rows[0].t as string | null,
  );

describe('an audit log that cannot be written', () => {
  it('apply --yes: refused before the first step, exit 2, nothing applied', async () => {
    const url = await freshDatabase('issohSeed000', 'audit');
    const r = await runCli(['apply', '--yes', '--audit-log', UNWRITABLE], { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(refusal(UNWRITABLE));
    const schema = await withClient(url, async (c) => (await c.query("SELECT to_regnamespace('auth') AS s")).rows[0].s);
    expect(schema).toBeNull();
  });

  it('rollback --confirm: refused before any lock, exit 2, 0024 still there', async () => {
    const url = await freshDatabase('migrated', 'audit');
    const database = new URL(url).pathname.slice(1);
    const r = await runCli(['rollback', `--confirm=${database}`, '--audit-log', UNWRITABLE], { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(refusal(UNWRITABLE));
    expect(await tables(url)).toBe('sync_progress');
  });

  it('maintain partitions --yes: refused, exit 2', async () => {
    const url = await freshDatabase('migrated', 'audit');
    const r = await runCli(['maintain', 'partitions', '--yes', '--audit-log', UNWRITABLE], { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(refusal(UNWRITABLE));
  });
});

describe('an audit line', () => {
  it("never holds a password, in the database's URL or in an error's text", () => {
    const log = join(scratchDirectory('audit'), 'audit.jsonl');
    recordAttempt(
      { env: {}, now: () => new Date('2026-12-01T00:00:00Z') },
      log,
      { redactedUrl: 'postgresql://ops:***@db.example/app', label: 'IS-SOH' },
      {
        step: 'rollback-0024',
        sql: 'DROP TABLE x',
        mode: 'apply',
        outcome: 'failed',
        durationMs: 3,
        error: 'could not reach postgresql://ops:hunter2@db.example/app: timeout',
      },
    );
    const line = readFileSync(log, 'utf8');
    expect(line).not.toContain('hunter2');
    expect(JSON.parse(line).error).toBe('could not reach postgresql://ops:***@db.example/app: timeout');
  });
});
