/**
 * The real binary in a pseudo-terminal: from seed 000's blocked state, the Remediate screen
 * applies a step after its y/N confirmation; the database, the audit log and the terminal show it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../helpers/context.js';
import { BIN, cursorShownAtEnd, SEQUENCES, spawnApp, spawnPty, terminalEnv } from '../helpers/pty.js';
import { verifyUrls } from '../helpers/verify.js';

const VERIFIED = /verified at \d\d:\d\d:\d\d/;
const TIMEOUT = 90_000;
const SLOW = 30_000;
const scratch = mkdtempSync(join(tmpdir(), 'mantis-e2e-writes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the Remediate screen in a terminal', () => {
  it(
    'shows the plan, dry-runs a step, applies it after y, and re-verifies',
    async () => {
      const [issoh, spp] = await Promise.all([
        freshDatabase('issohSeed000', 'e2ew'),
        freshDatabase('sppSeed000', 'e2ew'),
      ]);
      const session = spawnApp(
        { DATABASE_URL: issoh, NEON_SPP_DATABASE_URL: spp, XDG_STATE_HOME: scratch },
        { cwd: scratch },
      );
      try {
        await session.waitFor(VERIFIED, SLOW);
        session.write('4');
        await session.waitFor(/Plan for IS-SOH \S+ {2}· 9 steps {2}· ✗ 4 failing/, SLOW);
        // A frame can arrive in more than one read, and the key bar was drawn already while
        // planning: each part of the plan's frame is waited for, the selected step's statements last.
        await session.waitFor(/^› +1\. prereq-organization +safe +Create public\.organization/m);
        await session.waitFor('  CREATE TABLE IF NOT EXISTS public.organization (', SLOW);
        expect(session.screen()).toMatch(/^a apply {2}d dry run {2}t test RLS/m);
        expect(session.lines()[23]).toBe('');

        session.write('d');
        await session.waitFor(/○ dry run in \d+ ms, rolled back \(nothing was changed\): would fix 1/, SLOW);
        expect((await verifyUrls(issoh)).findings.find((f) => f.code === 'PRQ001')?.status).toBe('fail');

        session.write('a');
        await session.waitFor('[y/N]');
        const asked = await session.waitFor('y yes  n/Esc/any key no  Ctrl-C quit');
        expect(asked.replace(/\s+/g, ' ')).toMatch(
          /Apply prereq-organization \(safe\) on IS-SOH 127\.0\.0\.1\/\S+: Create public\.organization \(seed 000 step 1\)\? \[y\/N\]/,
        );
        expect(session.lines()[22]).toBe('y yes  n/Esc/any key no  Ctrl-C quit');
        session.write('y');
        await session.waitFor(/last: ✓ prereq-organization committed in \d+ ms: 1 finding fixed/, SLOW);
        await session.waitFor(/· 8 steps {2}· ✗ 3 failing/, SLOW);
        const replanned = await session.waitFor(/^› +1\. prereq-auth-schema/m);
        expect(replanned).not.toMatch(/\d\. prereq-organization/);

        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
        expect(session.output().lastIndexOf(SEQUENCES.leaveAlternate)).toBeGreaterThan(
          session.output().lastIndexOf(SEQUENCES.enterAlternate),
        );
        expect(cursorShownAtEnd(session.output())).toBe(true);

        const after = await verifyUrls(issoh);
        expect(after.findings.find((f) => f.code === 'PRQ001')?.status).toBe('pass');
        expect(after.findings.find((f) => f.code === 'PRQ003')?.status).toBe('fail');
        const audit = readFileSync(join(scratch, 'mantis-sync-tui', 'audit.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { step: string; mode: string; outcome: string })
          .filter((e) => e.outcome !== 'started');
        expect(audit.map((e) => [e.step, e.mode, e.outcome])).toEqual([
          ['prereq-organization', 'dry-run', 'dry-run'],
          ['prereq-organization', 'apply', 'committed'],
        ]);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});

describe('quitting the app during a write', () => {
  it(
    'q while maintain partitions waits for a lock: the step is cancelled, then the normal screen says so and the exit code is 130',
    async () => {
      const issoh = await freshDatabase('migrated', 'e2ew');
      const blocker = new pg.Client({ connectionString: issoh });
      await blocker.connect();
      const session = spawnPty(process.execPath, [BIN, '--lock-timeout', '60'], {
        cwd: scratch,
        env: terminalEnv({ DATABASE_URL: issoh, XDG_STATE_HOME: scratch }),
      });
      const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
      try {
        await session.waitFor(VERIFIED, SLOW);
        session.write('6');
        await session.waitFor(/Partitions of sync_activity_log \(\d+\)/, SLOW);
        await blocker.query('BEGIN; LOCK TABLE public.sync_activity_log IN ACCESS EXCLUSIVE MODE');
        session.write('p');
        await session.waitFor('[y/N]');
        session.write('y');
        await vi.waitFor(async () => expect((await blocker.query<{ n: number }>(waiting)).rows[0]?.n).toBe(1), {
          timeout: SLOW,
          interval: 100,
        });
        session.write('q');
        const exit = await session.exited();
        expect(exit.exitCode).toBe(130);
        const output = session.output();
        const left = output.lastIndexOf(SEQUENCES.leaveAlternate);
        expect(left).toBeGreaterThan(0);
        // After the alternate screen closed: what became of the step, on the normal screen.
        expect(output.slice(left)).toContain(
          'mantis-sync-tui: maintain partitions interrupted: rolled back, nothing changed',
        );
      } finally {
        await blocker.query('ROLLBACK').catch(() => {});
        await blocker.end();
        session.kill();
      }
    },
    TIMEOUT,
  );
});
