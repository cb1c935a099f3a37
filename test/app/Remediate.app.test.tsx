/**
 * The Remediate screen through the whole app (ink-testing-library) against real databases on the
 * test server: the plan applied step by step with its confirmations until the checklist has no
 * failure, a dry run that changes nothing, a severe rebuild confirmed by name, q during a step.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fileStamp as stampOf } from '../../src/core/io.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { databaseOf, directoryPerRunApp, NOW, SLOW, TIMEOUT } from '../helpers/ui/app-harness.js';
import { flat, type Rendered } from '../helpers/ui/render.js';
import { verifyUrls } from '../helpers/verify.js';

const app = directoryPerRunApp();

const failing = async (url: string) =>
  (await verifyUrls(url)).findings
    .filter((f) => f.database === 'issoh' && (f.status === 'fail' || f.status === 'blocked'))
    .map((f) => f.code);

/** The plan has been read (again): no "planning again…", and this many steps. */
const planned = (ui: Rendered, steps: number) =>
  ui.waitFor((f) => f.includes(`· ${steps} steps`) && !f.includes('planning again'), SLOW);

describe('Remediate, on seed 000 (IS-SOH blocked by missing prerequisites)', () => {
  it(
    'applies the whole plan one confirmed step at a time; the checklist ends with zero failures',
    async () => {
      const [issoh, spp] = await Promise.all([
        freshDatabase('issohSeed000', 'uiw'),
        freshDatabase('sppSeed000', 'uiw'),
      ]);
      const { ui, audit } = app(issoh, spp);
      await ui.waitFor(/verified at/, SLOW);
      await ui.type('4');
      const plan = await planned(ui, 9);
      expect(plan).toMatch(/^› +1\. prereq-organization +safe/m);
      expect(plan).toContain('✗ 4 failing  ⊘ 75 blocked');
      let steps = 9;
      for (const id of [
        'prereq-organization',
        'prereq-auth-schema',
        'prereq-users-extended',
        'prereq-auth-uid',
        'migration-0024',
      ]) {
        if (id === 'migration-0024') {
          // Past the information step (0023), which has nothing to apply: the cursor is on the next step that acts.
          await ui.waitFor(/^› +2\. migration-0024/m);
          await ui.type('k');
          await ui.waitFor(/^› +1\. info-0023/m);
          await ui.type('a');
          await ui.waitFor('info-0023 is information: there is nothing to run');
          await ui.type('j');
        }
        await ui.waitFor(new RegExp(`^› +\\d\\. ${id} `, 'm'));
        await ui.type('a');
        const asked = await ui.waitFor('[y/N]');
        expect(flat(asked)).toContain(`Apply ${id} (safe) on IS-SOH 127.0.0.1/${databaseOf(issoh)}`);
        await ui.type('y');
        const done = await ui.waitFor(new RegExp(`last: ✓ ${id} committed in \\d+ ms: \\d+ findings? fixed`), SLOW);
        expect(done).not.toContain('[y/N]');
        steps -= 1;
        await planned(ui, steps);
      }
      expect(ui.frame()).toContain('nothing left to apply: t tests RLS isolation, r re-verifies');
      expect(ui.frame()).toContain('✗ 0 failing  ⊘ 0 blocked  · 5 applied');
      // The RLS isolation test, then the checklist re-runs: zero failures.
      await ui.type('t');
      const rls = await ui.waitFor('last: ✓ rls-test isolation holds: 96 cells as expected, rolled back', SLOW);
      expect(rls).toMatch(/^› .*rls-test/m);
      // The pane opens on who the probes ran as and the user context; the matrix follows (PgDn).
      expect(rls).toContain('as role authenticated, connected as');
      expect(flat(rls)).toContain(
        "user context: auth.uid() reads request.jwt.claim.sub, request.jwt.claims ->> 'sub' (Supabase's JWT claims)",
      );
      await ui.type('1');
      const overview = await ui.waitFor((f) => /✗ 0 fail/.test(f) && /verified at/.test(f), SLOW);
      expect(overview).toContain('⊘ 0 blocked');
      expect(overview).toContain('→ ready: every check passes');
      await ui.type('2');
      const list = await ui.waitFor(/^\d+ checks/m);
      expect(list).not.toMatch(/✗ \d+ fail/);
      expect(list).toMatch(/^\d+ checks {2}✓ \d+ pass/m);
      expect(await failing(issoh)).toEqual([]);
      expect(audit().map((e) => [e.step, e.mode, e.outcome])).toEqual([
        ['prereq-organization', 'apply', 'committed'],
        ['prereq-auth-schema', 'apply', 'committed'],
        ['prereq-users-extended', 'apply', 'committed'],
        ['prereq-auth-uid', 'apply', 'committed'],
        ['migration-0024', 'apply', 'committed'],
      ]);
      expect(audit()[0]?.database).toContain(':***@');
    },
    TIMEOUT,
  );

  it(
    'a dry run shows what the step would fix, then changes nothing; n changes nothing either',
    async () => {
      const issoh = await freshDatabase('issohSeed000', 'uiw');
      const { ui, audit } = app(issoh);
      await ui.type('4');
      await planned(ui, 9);
      await ui.type('d');
      const dry = await ui.waitFor(/○ dry run in \d+ ms, rolled back \(nothing was changed\): would fix 1/, SLOW);
      expect(dry).toContain('  ○ PRQ001 organization: organization table missing');
      // A dry run's mark, not the ✓ of a committed step.
      expect(dry).toMatch(/^› ○ +1\. prereq-organization/m);
      expect(dry).toContain('last: ○ prereq-organization dry run: would fix 1; rolled back, nothing changed');
      await ui.type('a', 'n');
      await ui.waitFor('not confirmed: prereq-organization was not applied; nothing was changed');
      expect(await failing(issoh)).toEqual(expect.arrayContaining(['PRQ001', 'PRQ003', 'PRQ004', 'PRQ006']));
      expect(audit().map((e) => [e.step, e.mode, e.outcome])).toEqual([['prereq-organization', 'dry-run', 'dry-run']]);
      // The plan is unchanged: every step still there.
      await ui.type('r');
      await planned(ui, 9);
    },
    TIMEOUT,
  );
});

describe('Remediate with an audit log that cannot be written', () => {
  it(
    'a is refused before the step starts, saying which log and how to give one; nothing changed',
    async () => {
      const issoh = await freshDatabase('issohSeed000', 'uiw');
      const { ui } = app(issoh, null, { auditLog: '/dev/null/mantis/audit.jsonl' });
      await ui.type('4');
      await planned(ui, 9);
      await ui.type('a', 'y');
      const refused = flat(await ui.waitFor(/cannot be written/, SLOW));
      expect(refused).toContain('refused: the audit log /dev/null/mantis/audit.jsonl cannot be written');
      expect(refused).toContain('nothing was changed');
      expect(refused).not.toContain('outcome is unknown');
      expect(await failing(issoh)).toContain('PRQ001');
    },
    TIMEOUT,
  );
});

describe('Remediate, on a drifted 0024', () => {
  it(
    'a severe rebuild needs the database name: a wrong one changes nothing, the right one exports the rows and rebuilds',
    async () => {
      const issoh = await freshDatabase('drifted', 'uiw');
      const database = databaseOf(issoh);
      const { ui, directory, audit } = app(issoh);
      await ui.type('4');
      await ui.waitFor(/· \d+ steps/, SLOW);
      await ui.waitFor((f) => !f.includes('planning again'));
      // Down to the severe step.
      for (let i = 0; i < 30 && !/^› .*rebuild-sync_activity_log +severe/m.test(ui.frame()); i++) await ui.type('j');
      await ui.waitFor(/^› .*rebuild-sync_activity_log +severe/m);
      const before = await failing(issoh);
      await ui.type('a');
      await ui.waitFor(`Type ${database}: ▏`);
      await ui.type('production', KEY.enter);
      await ui.waitFor('refused: "production" is not');
      expect(await failing(issoh)).toEqual(before);
      await ui.type('a', database, KEY.enter);
      const done = await ui.waitFor(/last: ✓ rebuild-sync_activity_log committed in \d+ ms/, SLOW);
      expect(done).not.toContain('Type ');
      const exports = readdirSync(directory).filter((name) => name.startsWith(`mantis-rebuild-${database}-`));
      expect(exports).toEqual([`mantis-rebuild-${database}-${stampOf(NOW)}`]);
      expect(readdirSync(join(directory, exports[0]!))).toEqual(
        expect.arrayContaining(['manifest.json', 'public.sync_activity_log.copy']),
      );
      expect(audit().map((e) => [e.step, e.mode, e.outcome])).toEqual([
        ['rebuild-sync_activity_log', 'apply', 'committed'],
      ]);
      const after = await failing(issoh);
      expect(after.length).toBeLessThan(before.length);
    },
    TIMEOUT,
  );
});

describe('q while a step runs', () => {
  it(
    'cancels the statement, the step rolls back, and then the app quits',
    async () => {
      const issoh = await freshDatabase('migrated', 'uiw');
      await withClient(issoh, (c) => c.query('DROP INDEX idx_sync_progress_entity'));
      const blocker = new pg.Client({ connectionString: issoh });
      await blocker.connect();
      try {
        // ROW EXCLUSIVE (what a writer holds) lets the plan be read but makes the step's CREATE INDEX wait.
        await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ROW EXCLUSIVE MODE');
        const { ui, audit } = app(issoh, null, { lockTimeoutMs: 60_000 });
        await ui.type('4');
        await planned(ui, 5);
        await ui.type('j');
        await ui.waitFor(/^› +2\. migration-0024/m);
        await ui.type('a', 'y');
        await ui.waitFor(/applying migration-0024… \d+\.\d s {2}· q cancels it \(rolled back\) and quits/, SLOW);
        const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`;
        await expect
          .poll(() => withClient(issoh, async (c) => (await c.query(waiting)).rows[0].n), { timeout: 15_000 })
          .toBe(1);
        await ui.type('q');
        await ui.waitFor(/cancelling step \S+: its transaction rolls back, then the app quits/);
        await expect.poll(() => ui.stdin.listenerCount('readable'), { timeout: 15_000 }).toBe(0);
        expect(audit().map((e) => [e.step, e.mode, e.outcome])).toEqual([['migration-0024', 'apply', 'interrupted']]);
        expect(await failing(issoh)).toEqual(['IDX001']);
        const left = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND state <> 'idle'`;
        await expect
          .poll(() => withClient(issoh, async (c) => (await c.query(left)).rows[0].n), { timeout: 10_000 })
          .toBe(0);
      } finally {
        await blocker.query('ROLLBACK').catch(() => {});
        await blocker.end();
      }
    },
    TIMEOUT,
  );
});
