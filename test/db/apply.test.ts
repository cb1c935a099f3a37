/**
 * The executor on a real server: whole plans, and the faults an ops engineer meets (a killed
 * backend, a lock held elsewhere, a second operator, a statement timeout, Ctrl-C).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeLockWait, type LockWait } from '../../src/core/lock-wait.js';
import type { Step } from '../../src/core/plan.js';
import { ADVISORY_LOCK_KEY } from '../../src/db/transaction.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { openWritable, planFor, run } from '../helpers/plan.js';
import { verifyUrls } from '../helpers/verify.js';

const failing = async (url: string) =>
  (await verifyUrls(url)).findings.filter((f) => f.status === 'fail' || f.status === 'blocked');

/** Applies every SQL step of the current plan, in order; returns the outcomes. */
async function applyPlan(url: string, exportDirectory?: string) {
  const { report, steps } = await planFor(url);
  const db = openWritable(url);
  const outcomes: string[] = [];
  let findings = report.findings;
  try {
    for (const step of steps.filter((s) => (s.kind === 'sql' || s.kind === 'rebuild') && !s.optional)) {
      const result = await run(db, step, findings, exportDirectory ? { exportDirectory } : {});
      outcomes.push(`${step.id}:${result.outcome}`);
      if (result.outcome !== 'committed')
        throw new Error(
          `${step.id} ${result.outcome}: ${result.error?.message ?? result.stillFailing.map((f) => f.id).join(', ')}`,
        );
      findings = result.findingsAfter ?? findings;
    }
  } finally {
    await db.close();
  }
  return outcomes;
}

/** Holds a session open (and whatever it locked) until released. */
async function session(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const migrationStep = async (url: string) => {
  const { report, steps } = await planFor(url);
  return { findings: report.findings, step: steps.find((s) => s.id === 'migration-0024') as Step, steps };
};

describe('applying the plan', () => {
  it("takes seed 000's blocked state to zero failing findings; a second run changes nothing", async () => {
    const url = await freshDatabase('issohSeed000', 'apply');
    expect(await applyPlan(url)).toEqual([
      'prereq-organization:committed',
      'prereq-auth-schema:committed',
      'prereq-users-extended:committed',
      'prereq-auth-uid:committed',
      'migration-0024:committed',
    ]);
    expect(await failing(url)).toEqual([]);
    expect(await applyPlan(url)).toEqual([]);
  });

  it('repairs the drifted 0024, rebuilding the unpartitioned log with every row kept', async () => {
    const url = await freshDatabase('drifted', 'apply');
    const before = await withClient(url, (c) =>
      c.query<{ row: string }>("SELECT to_jsonb(t) - 'status' AS row FROM sync_activity_log t ORDER BY id"),
    );
    const exportDirectory = scratchDirectory('mantis-export-');
    const outcomes = await applyPlan(url, exportDirectory);
    expect(outcomes).toContain('rebuild-sync_activity_log:committed');
    expect((await failing(url)).map((f) => f.id)).toEqual(['issoh:ENM002:public.sync_status_type']);
    const after = await withClient(url, (c) =>
      c.query<{ row: string }>("SELECT to_jsonb(t) - 'status' AS row FROM sync_activity_log t ORDER BY id"),
    );
    expect(after.rows).toEqual(before.rows);
    const exported = readFileSync(join(exportDirectory, 'public.sync_activity_log.copy'), 'utf8').trim().split('\n');
    expect(exported).toHaveLength(before.rows.length);
    const manifest = JSON.parse(readFileSync(join(exportDirectory, 'manifest.json'), 'utf8'));
    expect(manifest.tables[0]).toMatchObject({ table: 'public.sync_activity_log', rows: before.rows.length });
  });

  it('a dry run re-checks inside the transaction, reports what it would fix, and changes nothing', async () => {
    const url = await freshDatabase('migrated', 'apply');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const db = openWritable(url);
    try {
      const result = await run(db, step, findings, { dryRun: true });
      expect(result.outcome).toBe('dry-run');
      expect(result.fixed).toEqual(['issoh:IDX001:public.idx_sync_progress_entity']);
    } finally {
      await db.close();
    }
    expect((await failing(url)).map((f) => f.object)).toEqual(['public.idx_sync_progress_entity']);
  });

  it('rolls back a step whose findings still fail inside the transaction', async () => {
    const url = await freshDatabase('migrated', 'apply');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const useless: Step = { ...step, id: 'useless', sql: 'SELECT 1' };
    const db = openWritable(url);
    try {
      const result = await run(db, useless, findings);
      expect(result.outcome).toBe('rolled-back');
      expect(result.stillFailing.map((f) => f.object)).toEqual(['public.idx_sync_progress_entity']);
    } finally {
      await db.close();
    }
  });

  it('refuses to commit a step that breaks what passed before it', async () => {
    const url = await freshDatabase('migrated', 'apply');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const harmful: Step = {
      ...step,
      id: 'harmful',
      sql: `${step.sql}\nALTER TABLE sync_progress DISABLE ROW LEVEL SECURITY;`,
    };
    const db = openWritable(url);
    try {
      const result = await run(db, harmful, findings);
      expect(result.outcome).toBe('rolled-back');
      expect(result.stillFailing.map((f) => f.code)).toContain('RLS001');
    } finally {
      await db.close();
    }
    expect((await failing(url)).map((f) => f.code)).toEqual(['IDX001']);
  });
});

describe('faults on a real server', () => {
  it('a backend killed during a step leaves nothing half-applied; the step succeeds when run again', async () => {
    const url = await freshDatabase('issohSeed000', 'fault');
    const steps = (await planFor(url)).steps.filter((s) => s.kind === 'sql' && s.id.startsWith('prereq'));
    const db = openWritable(url);
    try {
      for (const step of steps) await run(db, step, (await verifyUrls(url)).findings);
    } finally {
      await db.close();
    }
    const { findings, step } = await migrationStep(url);
    const blocker = await session(url);
    await blocker.query('BEGIN; LOCK TABLE public.organization IN ACCESS EXCLUSIVE MODE');
    const writer = openWritable(url);
    try {
      const pending = run(writer, step, findings, { lockTimeoutMs: 20_000 });
      // Kill the step's backend while it waits inside its transaction, after it has created the enums.
      // (Asked from a third session: pg_stat_activity is a snapshot within a transaction.)
      const waiting = `FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
      await expect
        .poll(() => withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n ${waiting}`)).rows[0].n), {
          timeout: 10_000,
        })
        .toBe(1);
      await withClient(url, (c) => c.query(`SELECT pg_terminate_backend(pid) ${waiting}`));
      const killed = await pending;
      expect(killed.outcome).toBe('failed');
      await blocker.query('ROLLBACK');
      expect((await verifyUrls(url)).findings.find((f) => f.code === 'ENM001')?.actual).toBe('does not exist');
      const again = await run(writer, step, findings);
      expect(again.outcome).toBe('committed');
    } finally {
      await blocker.end();
      await writer.close();
    }
    expect(await failing(url)).toEqual([]);
  });

  it('a lock held on sync_progress by another session: lock_timeout fires with a clear message, nothing applied', async () => {
    const url = await freshDatabase('migrated', 'fault');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const blocker = await session(url);
    await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
    const db = openWritable(url);
    try {
      const result = await run(db, step, findings, { lockTimeoutMs: 300 });
      expect(result.outcome).toBe('failed');
      expect(result.error?.sqlstate).toBe('55P03');
      expect(result.error?.message).toContain('lock_timeout');
      expect(result.error?.message).toContain('nothing was changed');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await db.close();
    }
    expect((await failing(url)).map((f) => f.object)).toEqual(['public.idx_sync_progress_entity']);
  });

  it("waiting for a lock is said while it lasts: the table, and the holder's pid, application and user; lock_timeout then names them", async () => {
    const url = await freshDatabase('migrated', 'fault');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const blocker = new pg.Client({ connectionString: url, application_name: 'nightly-report' });
    await blocker.connect();
    const holderPid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
    const db = openWritable(url);
    const waits: Array<LockWait | null> = [];
    let seen: (wait: LockWait) => void = () => {};
    const firstWait = new Promise<LockWait>((resolve) => {
      seen = resolve;
    });
    try {
      const pending = run(db, step, findings, {
        lockTimeoutMs: 60_000,
        onWaiting: (wait) => {
          waits.push(wait);
          if (wait) seen(wait);
        },
      });
      const wait = await firstWait;
      expect(wait).toMatchObject({ relation: 'sync_progress', holderPid, holderApplication: 'nightly-report' });
      expect(describeLockWait(wait)).toMatch(
        new RegExp(`^a lock on sync_progress, held by pid ${holderPid} \\(nightly-report, user \\w+\\) for \\d+ s$`),
      );
      await blocker.query('ROLLBACK');
      const result = await pending;
      expect(result.outcome).toBe('committed');
      // The end of the wait is said too: the last word is null.
      expect(waits.at(-1)).toBeNull();
      // Held again, and lock_timeout ends the wait: the message names the table and the holder.
      await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
      const again = await migrationStep(url);
      await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
      const timedOut = await run(db, again.step, again.findings, { lockTimeoutMs: 3000 });
      expect(timedOut.outcome).toBe('failed');
      expect(timedOut.error?.message).toContain(
        `lock_timeout (3 s) ended the wait for a lock on sync_progress, held by pid ${holderPid} (nightly-report`,
      );
      expect(timedOut.error?.message).toContain('nothing was changed');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await db.close();
    }
  });

  it('two applies at once: the second is refused and told who holds the lock', async () => {
    const url = await freshDatabase('migrated', 'fault');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const first = await session(url);
    await first.query(`SET application_name = 'operator-one'`);
    await first.query('BEGIN');
    await first.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCK_KEY]);
    const db = openWritable(url);
    try {
      const result = await run(db, step, findings);
      expect(result.outcome).toBe('refused');
      expect(result.error?.message).toMatch(
        /another operator is applying a step \(pid \d+, user postgres, operator-one from 127\.0\.0\.1, since .* UTC\): nothing was changed/,
      );
    } finally {
      await first.query('ROLLBACK');
      await first.end();
      await db.close();
    }
  });

  it('a statement timeout rolls the step back with its SQLSTATE', async () => {
    const url = await freshDatabase('migrated', 'fault');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const slow: Step = { ...step, id: 'slow', sql: `${step.sql}\nSELECT pg_sleep(2);` };
    const db = openWritable(url);
    try {
      const result = await run(db, slow, findings, { statementTimeoutMs: 300 });
      expect(result.outcome).toBe('failed');
      expect(result.error?.sqlstate).toBe('57014');
      expect(result.error?.message).toContain('statement_timeout exceeded; nothing was changed');
    } finally {
      await db.close();
    }
    expect((await failing(url)).map((f) => f.object)).toEqual(['public.idx_sync_progress_entity']);
  });

  it('an abort (Ctrl-C) cancels the running statement and rolls back', async () => {
    const url = await freshDatabase('migrated', 'fault');
    await withClient(url, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
    const { findings, step } = await migrationStep(url);
    const slow: Step = { ...step, id: 'slow', sql: `${step.sql}\nSELECT pg_sleep(30);` };
    const controller = new AbortController();
    const db = openWritable(url);
    try {
      const started = performance.now();
      setTimeout(() => controller.abort(), 500);
      const result = await run(db, slow, findings, { signal: controller.signal });
      expect(result.outcome).toBe('interrupted');
      expect(result.error?.message).toContain('rolled back, nothing was changed');
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await db.close();
    }
    expect((await failing(url)).map((f) => f.object)).toEqual(['public.idx_sync_progress_entity']);
  });
});
