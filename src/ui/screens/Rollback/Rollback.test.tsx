/**
 * The Rollback screen rendered with ink-testing-library, with its real keys and confirmation;
 * unstyled text asserted. The effects a key asks for are collected instead of run: the tests
 * against real databases are in test/app/Rollback.app.test.tsx.
 */
import { describe, expect, it } from 'vitest';
import { KEY } from '../../../../test/helpers/keys.js';
import {
  apply,
  rollbackResult,
  rollbackRun,
  rollbackState,
  VIEW_DEPENDENT,
} from '../../../../test/helpers/ui/remediate-rollback-fixtures.js';
import { flat } from '../../../../test/helpers/ui/render.js';
import { harness } from '../../../../test/helpers/ui/writes-harness.js';
import { rollbackOf } from './state.js';

describe('Rollback', () => {
  it('shows the dry run: its verdict, row counts, what would be exported, and every item in order', () => {
    const ui = harness(rollbackState(), { rows: 60 });
    const text = ui.frame();
    expect(ui.lines()[0]).toMatch(/^Rollback of 0024 on IS-SOH mantis_issoh {2}· …$/);
    expect(flat(text)).toMatch(
      /✓ dry run at \d\d:\d\d:\d\d \(42 ms\): the rollback below ran, was checked, and was rolled back; nothing was changed/,
    );
    expect(text).toMatch(/Rows {2}15 in 3 tables/);
    expect(text).toMatch(/ {2}public\.sync_progress +12/);
    expect(text).toMatch(/ {4}public\.sync_activity_log_2026_11 +3/);
    expect(flat(text)).toContain(
      'Export before any DROP: 15 rows, a COPY text file per table, checked (lines = rows), to ./mantis-rollback-mantis_issoh-<time>/ here',
    );
    expect(text).toMatch(/public\.sync_progress\.copy +12 rows/);
    expect(text).toMatch(/Seed 001's rollback, in its order {2}\d+ to drop · 0 already gone/);
    expect(text).toMatch(/ {2}drop {2}policy {3}public\.sync_/);
    expect(ui.lines().at(-1)).toMatch(/^a roll back {2}d dry run {2}u restore {2}x discard data/);
  });

  it('says a blocking column holds data (and how much) only when it does, and empty when it does not', () => {
    const column = (name: string, values: number) => ({
      dependent: `column public.team_sync.${name}`,
      relation: 'public.team_sync',
      relationKind: 'table',
      blocker: true,
      fix: `ALTER TABLE "public"."team_sync" ALTER COLUMN "${name}" TYPE text USING "${name}"::text;`,
      definition: null,
      values,
    });
    const verdictOf = (...dependents: ReturnType<typeof column>[]) =>
      flat(harness(rollbackState(rollbackResult({ outcome: 'refused', dependents })), { rows: 60 }).frame());
    const full = verdictOf(column('kind', 3));
    expect(full).toContain('a column outside 0024 is typed with its enums and holds data (3 values); change it first');
    expect(full).toMatch(/BLOCKER: change it +column public\.team_sync\.kind \(3 values\)/);
    const empty = verdictOf(column('kind', 0));
    expect(empty).toContain('a column outside 0024 is typed with its enums and is empty; change it first');
    expect(empty).not.toContain('hold');
    expect(empty).toMatch(/column public\.team_sync\.kind \(empty\)/);
    expect(verdictOf(column('kind', 2), column('state', 0), column('mode', 1))).toContain(
      '3 columns outside 0024 are typed with its enums: 2 hold data (3 values), 1 is empty; change them first',
    );
    expect(verdictOf(column('kind', 0), column('state', 0))).toContain(
      '2 columns outside 0024 are typed with its enums and are empty; change them first',
    );
  });

  it('scrolls with j and PgDn', async () => {
    const ui = harness(rollbackState());
    expect(ui.lines()[0]).toMatch(/^Rollback of 0024 on IS-SOH mantis_issoh {2}· lines 1-\d+ of \d+ {2}· …$/);
    await ui.type(KEY.pageDown);
    await ui.waitFor(/· lines \d{2}-\d+ of \d+/);
  });

  it('x: says in red that rows will not be exported; a still asks for the name, with the warning', async () => {
    const ui = harness(rollbackState(), { rows: 40 });
    await ui.type('x');
    const text = await ui.waitFor('DISCARD DATA is on (x)');
    expect(ui.lines()[0]).toMatch(/· DISCARD DATA/);
    expect(flat(text)).toContain(
      'these 15 rows will NOT be exported; once the rollback commits they are gone for good',
    );
    expect(text).not.toContain('Export before any DROP');
    await ui.type('a');
    const asked = await ui.waitFor('Type mantis_issoh: ▏');
    expect(flat(asked)).toContain('→ DISCARD DATA: the 15 rows of 2 tables will NOT be exported');
    expect(flat(asked)).toContain('WITHOUT exporting its rows');
    await ui.type('mantis_issoh', KEY.enter);
    await ui.waitFor((f) => !f.includes('Type mantis_issoh'));
    expect(ui.effects).toEqual([{ type: 'work', request: { kind: 'rollback', mode: 'apply' } }]);
  });

  it('a asks for the name; a wrong one refuses and Esc cancels', async () => {
    const ui = harness(rollbackState());
    await ui.type('a');
    await ui.waitFor('Type mantis_issoh: ▏');
    expect(flat(ui.frame())).toContain('Type the database name to go on.');
    await ui.type('mantis_spp', KEY.enter);
    await ui.waitFor('refused: "mantis_spp" is not mantis_issoh; nothing was changed');
    await ui.type('a', KEY.escape);
    await ui.waitFor('cancelled: nothing was rolled back; nothing was changed');
    expect(ui.effects).toEqual([]);
  });

  it('lists the CASCADE dependents outside 0024 and refuses until each is allowed with c', async () => {
    const ui = harness(rollbackState(rollbackResult({ dependents: [VIEW_DEPENDENT] })), { rows: 30 });
    const text = ui.frame();
    expect(flat(text)).toMatch(
      /✗ dry run refused at \S+ \(42 ms\): CASCADE would also drop an object 0024 did not create: allow each with c/,
    );
    expect(text).toContain('CASCADE outside 0024 (1)');
    expect(text).toContain('› [ ] not allowed     view public.team_sync_view');
    expect(ui.lines().at(-1)).toMatch(/^c allow CASCADE {2}↑↓\/jk dependent {2}a roll back/);
    await ui.type('a');
    await ui.waitFor('refused: CASCADE would also drop public.team_sync_view, which 0024 did');
    await ui.type('c');
    await ui.waitFor('[x] may be dropped');
    await ui.type('a');
    await ui.waitFor('Type mantis_issoh: ▏');
  });

  it('after a rollback: where the rows went and how to restore them', () => {
    const committed = rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply');
    const ui = harness(apply(rollbackState(), { type: 'rollback/finished', run: committed }), { rows: 40 });
    const text = ui.frame();
    expect(flat(text)).toMatch(/✓ rolled back at \S+ \(42 ms\): 0024 is gone, the prerequisites are intact/);
    expect(flat(text)).toContain(
      "Exported and checked: 15 rows in 2 files, with manifest.json (row counts, sha256, the server's fingerprint, partitions)",
    );
    expect(text).toContain('  ./mantis-rollback-mantis_issoh-2026-11-21T2315/  in /work');
    expect(flat(text)).toContain('restore with u here, or in /work with:');
    expect(ui.lines()).toContain('    mantis-sync-tui restore ./mantis-rollback-mantis_issoh-2026-11-21T2315');
    expect(ui.frame()).toContain('u restore export');
  });

  it('at 80x24 the restore command is on one line of its own, whole, to be copied', () => {
    const committed = rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply');
    const ui = harness(apply(rollbackState(), { type: 'rollback/finished', run: committed }), {
      columns: 80,
      rows: 24,
    });
    const command = ui.lines().filter((line) => line.includes('mantis-sync-tui restore'));
    expect(command).toEqual(['    mantis-sync-tui restore ./mantis-rollback-mantis_issoh-2026-11-21T2315']);
  });

  it('after a restore: the rows put back per table, and u no longer offered', () => {
    const committed = rollbackRun({ ...rollbackResult(), outcome: 'committed' }, 'apply');
    const restored = {
      database: 'issoh' as const,
      directory: committed.directory,
      at: '2026-11-21T23:16:00.000Z',
      result: {
        outcome: 'committed' as const,
        durationMs: 37,
        error: null,
        tables: [
          { table: 'public.sync_activity_log', exported: 3, restored: 3, skippedExpired: 0 },
          { table: 'public.sync_progress', exported: 12, restored: 12, skippedExpired: 0 },
        ],
        partitions: [],
      },
    };
    const state = apply(apply(rollbackState(), { type: 'rollback/finished', run: committed }), {
      type: 'rollback/restore-finished',
      run: restored,
    });
    expect(rollbackOf(state).applied).toBeNull();
    // The run from before the restore described a database without 0024: not kept under "Restored".
    expect(rollbackOf(state).last).toBeNull();
    const text = flat(harness(state, { rows: 40 }).frame());
    expect(text).toMatch(
      /✓ Restored at \S+ in 37 ms: 0024 re-created, 15 rows put back from \.\/mantis-rollback-mantis_issoh-2026-11-21T2315\//,
    );
    expect(text).toContain('public.sync_progress: 12 of 12 rows');
    expect(text).not.toContain('u restore export');
  });

  it('shows a spinner while the dry run runs', async () => {
    const ui = harness(
      apply(rollbackState(), { type: 'rollback/started', mode: 'dry-run', at: Date.now(), discardData: false }),
    );
    await ui.waitFor(/\S dry run of the rollback \(rolled back\)… \d+\.\d s/);
  });
});
