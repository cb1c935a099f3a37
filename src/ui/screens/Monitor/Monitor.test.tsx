/** The Monitor screen rendered with ink-testing-library; unstyled text asserted. */
import { describe, expect, it } from 'vitest';
import {
  FEED,
  monitorAfter,
  ORG,
  rowsAt,
  SETTINGS,
  type Sim,
  SYNCS,
  TOP,
  tickEvents,
} from '../../../../test/helpers/ui/monitor-health-fixtures.js';
import { ASCII, render } from '../../../../test/helpers/ui/render.js';
import { computeViews, emptyMonitor, type MonitorState, reduce } from '../../../core/monitor.js';
import { BAD_DATA, Monitor, rowSegments, tableColumns } from './Monitor.js';
import { AGGREGATE_FROM, initialMonitor, type MonitorAction, monitorReducer, NO_ISSOH } from './state.js';

const monitor = (state: Parameters<typeof Monitor>[0]['monitor'], columns = 80, height = 20, ascii = false) =>
  render(<Monitor monitor={state} width={columns} height={height} />, {
    columns,
    rows: height + 4,
    ...(ascii ? { theme: ASCII } : {}),
  });

describe('Monitor', () => {
  it('shows each active sync on one line at 80 columns, and every field of the one under the cursor below', () => {
    const { lines } = monitor(monitorAfter(40, [TOP]));
    expect(lines()).toHaveLength(20);
    expect(lines()[0]).toBe('3 active syncs  · sort ETA  · 15k items/min  · live, every 1 s');
    expect(lines()[1]).toMatch(/^ {2}ORG +SYNC +PROGRESS +DONE\/FAILED\/TOTAL RATE\/MIN +ETA$/);
    expect(lines()[2]).toMatch(/^› Globex +globex-orders +█+░+ +40% +7920\/80\/20k +12k +1m00s$/);
    expect(lines()[3]).toMatch(/^ {2}Acme +acme-products +█░+ +2% +2000\/0\/100k +3000 +32m40s$/);
    expect(lines()[4]).toMatch(/^ {2}Initech +initech-stock +░+ +0% +80\/0\/50k +0 +stalled 36s$/);
    expect(lines()[13]).toMatch(/^Globex \/ globex-orders: order from woocommerce · elapsed 40s · updated 0s ago/);
    expect(monitor(monitorAfter(40, [TOP]), 160).frame()).toContain(
      '7,920 processed, 80 failed of 20,000 · 12,000 items/min · ETA 1m00s',
    );
    expect(lines()[14]).toBe('── Completed in the last 15 min (2)');
    expect(lines()[15]).toMatch(/^ {2}✓ \d\d:\d\d:10 {2}completed {14}Acme \/ acme-customers {2}customer {2}5,000 …$/);
    expect(lines()[16]).toMatch(/^ {2}! \d\d:\d\d:20 {2}completed_with_errors {2}Globex \/ globex-invoices/);
    expect(lines()[17]).toBe('── Activity log (newest first)');
    expect(lines()[18]).toMatch(
      /^ {2}\d\d:\d\d:30 {2}batch_process {2}failed {2}Globex \/ globex-orders {2}100 records …$/,
    );
    expect(lines().every((line) => line.length <= 80)).toBe(true);
  });

  it('shows entity, source, elapsed and age as columns when there is room', () => {
    const { lines } = monitor(monitorAfter(40), 140, 24);
    expect(lines()[1]).toMatch(
      /ORG +SYNC +ENTITY +SOURCE +PROGRESS +DONE\/FAILED\/TOTAL RATE\/MIN +ETA ELAPSED UPDATED$/,
    );
    expect(lines()[4]).toMatch(
      /Initech +initech-stock +inventory +custom +░+ +0% +80\/0\/50k +0 +stalled 36s +40s +0s$/,
    );
    // The feed side by side.
    expect(
      lines().some((l) => /^── Completed in the last 15 min \(2\) +── Activity log \(newest first\)$/.test(l)),
    ).toBe(true);
  });

  it('says how many syncs the filter shows, and what the cursor is on when the list scrolls', () => {
    let state = monitorAfter(40, [{ type: 'monitor/filter-start' }, { type: 'monitor/filter-input', text: 'o' }]);
    expect(monitor(state).lines()[0]).toMatch(/^3 active syncs {2}· sort ETA {2}· filter "o"/);
    state = monitorReducer(state, { type: 'monitor/filter-input', text: 'rder' });
    const { lines } = monitor(state);
    expect(lines()[0]).toMatch(/^1 of 3 active syncs {2}· sort ETA {2}· filter "order"/);
    expect(lines()[2]).toMatch(/^› Globex/);
    expect(lines()[3]).toBe('');
    const many = monitorAfter(40, [{ type: 'monitor/move', by: 2, viewport: 1 }]);
    // 8 lines: room for one row; the cursor's row is the one shown, and the line below says where it is.
    const small = monitor(many, 60, 8).lines();
    expect(small).toHaveLength(8);
    expect(small[2]).toMatch(/^› Initech/);
    expect(small[3]).toMatch(/^3\/3 Initech \/ initech-stock: inventory from custom/);
    const none = monitorReducer(state, { type: 'monitor/filter-input', text: 'zzz' });
    expect(monitor(none).lines()[2]).toBe('  nothing matches the filter: Esc clears it');
  });

  it('while reconnecting keeps the rows and says which attempt and when the next is; paused says so', () => {
    const lost = monitorReducer(monitorAfter(10, [TOP]), {
      type: 'monitor/event',
      event: {
        kind: 'reconnecting',
        attempt: 3,
        nextInMs: 4000,
        message: 'terminating connection due to administrator command',
        waking: false,
      },
    });
    const { lines } = monitor(lost, 200, 20);
    expect(lines()[0]).toContain(
      '· reconnecting (attempt 3, next in 4 s): terminating connection due to administrator command',
    );
    expect(lines()[2]).toMatch(/^› Globex +globex-orders/);
    const waking = monitorReducer(monitorAfter(10), {
      type: 'monitor/event',
      event: {
        kind: 'reconnecting',
        attempt: 1,
        nextInMs: 1000,
        message: 'the database system is starting up',
        waking: true,
      },
    });
    expect(monitor(waking, 200, 20).lines()[0]).toContain(
      '· waking up (attempt 1, next in 1 s): the database system is starting up',
    );
    const paused = monitorReducer(monitorAfter(10), { type: 'monitor/pause' });
    expect(monitor(paused).lines()[0]).toContain('· paused (space resumes)');
  });

  it('when sync_progress does not exist it says so and points to Remediate (key 4); without IS-SOH it says what to set', () => {
    const message =
      'public.sync_progress does not exist here (or lacks the columns the monitor needs): apply 0024 first (Remediate, or `mantis-sync-tui apply`)';
    const actions: MonitorAction[] = [
      { type: 'monitor/started', intervalMs: 2000, minutes: 15 },
      { type: 'monitor/event', event: { kind: 'unavailable', message } },
    ];
    const { frame } = monitor(actions.reduce(monitorReducer, initialMonitor));
    expect(frame()).toContain('✗ public.sync_progress does not exist here');
    expect(frame()).toContain('→ press 4 for Remediate: its plan creates what the intended state holds');
    const missing = monitor(
      monitorReducer(initialMonitor, { type: 'monitor/event', event: { kind: 'unavailable', message: NO_ISSOH } }),
    ).frame();
    expect(missing.replace(/\s+/g, ' ')).toContain('set ENTERPRISE_DATABASE_URL or DATABASE_URL');
    expect(missing).not.toContain('Remediate');
  });

  it('when sync_progress is dropped while watched it says it is gone, drops the rows with when they were seen, and points to Remediate', () => {
    const message =
      'public.sync_progress is gone: it was dropped while the monitor watched it (a rollback?): apply 0024 again (Remediate, or `mantis-sync-tui apply`)';
    const gone = monitorReducer(monitorAfter(40), { type: 'monitor/event', event: { kind: 'unavailable', message } });
    const frame = monitor(gone).frame();
    expect(frame).toContain('✗ public.sync_progress is gone');
    expect(frame.replace(/\s+/g, ' ')).toMatch(/The last sample, at \d\d:\d\d:40, had 3 active syncs: no longer shown/);
    expect(frame).toContain('→ press 4 for Remediate');
    expect(frame).toContain('r checks again once it exists.');
    expect(frame).not.toMatch(/Globex|stalled|reconnecting/);
  });

  it('a permanent error (a wrong password) is said once with its fix: no "reconnecting", no "no active syncs", no Remediate', () => {
    const message =
      'IS-SOH (127.0.0.1/mantis_issoh): password authentication failed for the user in DATABASE_URL: fix the password there';
    const started = monitorReducer(initialMonitor, { type: 'monitor/started', intervalMs: 2000, minutes: 15 });
    const frame = monitor(
      monitorReducer(started, { type: 'monitor/event', event: { kind: 'failed', message } }),
    ).frame();
    expect(frame.replace(/\s+/g, ' ')).toContain(
      '✗ IS-SOH (127.0.0.1/mantis_issoh): password authentication failed for the user in DATABASE_URL: fix the password there',
    );
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'the monitor stopped: it does not retry an error like this one. Fix what it says, then r tries again.',
    );
    expect(frame).not.toMatch(/reconnecting|no active syncs|Remediate|0 active/);
  });

  it('reconnecting before the first tick says so without a count or "no active syncs"', () => {
    const started = monitorReducer(initialMonitor, { type: 'monitor/started', intervalMs: 2000, minutes: 15 });
    const waiting = monitorReducer(started, {
      type: 'monitor/event',
      event: { kind: 'reconnecting', attempt: 2, nextInMs: 2000, message: 'connection refused', waking: false },
    });
    const { lines } = monitor(waiting, 120);
    expect(lines()[0]).toBe('Active syncs  · reconnecting (attempt 2, next in 2 s): connection refused');
    expect(lines().join('\n')).not.toMatch(/no active syncs|0 active syncs/);
  });

  it('says it is connecting before the first tick, and that there are no active syncs when there are none', () => {
    expect(
      monitor(monitorReducer(initialMonitor, { type: 'monitor/started', intervalMs: 2000, minutes: 15 })).lines()[0],
    ).toBe('Active syncs · connecting to IS-SOH…');
    const empty = monitorAfter(3, [], []);
    const { lines } = monitor(empty);
    expect(lines()[0]).toMatch(/^0 active syncs/);
    expect(lines()[2]).toBe('  no active syncs (rows with completed_at IS NULL)');
    expect(lines().join('\n')).toContain('Completed in the last 15 min (2)');
  });

  it('an infinity row: "? bad data" in red for its ETA, counted on the status line, what is wrong first in its detail line; the others as ever', () => {
    let core: MonitorState = emptyMonitor;
    for (let t = 1; t <= 10; t++) {
      const forever = { ...rowsAt(t, SYNCS.slice(0, 1))[0]!, syncId: 'forever', updatedAt: Number.POSITIVE_INFINITY };
      core = reduce(
        core,
        { serverNow: t * 1000, rows: [...rowsAt(t), forever], full: true, activeCount: SYNCS.length + 1 },
        SETTINGS,
      );
    }
    const feed = {
      ...FEED,
      completed: [{ ...FEED.completed[0]!, syncId: 'done-forever', completedAt: Number.POSITIVE_INFINITY }],
    };
    const state = [
      { type: 'monitor/started', intervalMs: 1000, minutes: 15 } as const,
      {
        type: 'monitor/event',
        event: { kind: 'tick', state: core, computed: computeViews(core, SETTINGS), feed, tickMs: 4 },
      } as const,
      TOP,
    ].reduce(monitorReducer, initialMonitor);
    const forever = state.rows.findIndex((r) => r.syncId === 'forever');
    const { lines } = monitor(monitorReducer(state, { type: 'monitor/move', by: forever, viewport: 11 }), 80, 20);
    expect(lines()[0]).toMatch(/^4 active syncs {2}· 1 with bad data {2}· sort ETA/);
    expect(lines()[2 + forever]).toMatch(/^› Acme +forever +░+ +0% +500\/0\/100k +\? +\? bad data$/);
    expect(lines()[2]).toMatch(/^ {2}Globex +globex-orders +█+░+ +10% +1980\/20\/20k +12k +1m30s$/);
    // What is wrong comes first: it survives the cut at 80 columns.
    expect(lines()[13]).toMatch(/^Acme \/ forever: updated_at is infinity · product from odoo · elapsed 10s · …$/);
    expect(lines()[15]).toMatch(/^ {2}✓ infinity {2}completed {2}Acme \/ done-forever/);
    const cells = rowSegments(state.rows[forever]!, tableColumns(80), 'Acme', 10_000, false, {
      color: true,
      unicode: true,
    });
    expect(cells.find((cell) => cell.text.includes(BAD_DATA))).toMatchObject({ tone: 'red', bold: true });
  });

  it('is ASCII only for TERM=vt100', () => {
    const { frame } = monitor(monitorAfter(40, [TOP]), 80, 20, true);
    expect(frame()).not.toMatch(/[^\x00-\x7f]/);
    expect(frame()).toMatch(/> Globex +globex-orders +#+\.+ +40%/);
    expect(frame()).toContain('[warn]');
    expect(FEED.completed).toHaveLength(2);
  });
});

describe('Monitor columns fit the data and the terminal', () => {
  const family: Sim[] = [
    { ...SYNCS[0]!, orgId: ORG.acme, syncId: 'odoo-products-nightly', source: 'woocommerce' },
    { ...SYNCS[0]!, orgId: ORG.acme, syncId: 'odoo-products-weekly', source: 'woocommerce', perSecond: 20 },
  ];
  const names = new Map([[ORG.acme, 'Acme Corporation International']]);
  const state = (actions: MonitorAction[] = []) =>
    [
      { type: 'monitor/started', intervalMs: 1000, minutes: 15 } as const,
      ...tickEvents(20, family, { ...FEED, orgNames: names }).map(
        (event): MonitorAction => ({ type: 'monitor/event', event }),
      ),
      ...actions,
    ].reduce(monitorReducer, initialMonitor);

  it('two syncs that differ at their end read differently at 80 columns: names are cut in the middle', () => {
    const rows = monitor(state()).lines().slice(2, 4);
    // A long organization name and two long ids share the room: both ends of each id stay.
    expect(rows[0]).toMatch(/^› Acme C\S*…\S*tional odoo-\S*…\S*ghtly /);
    expect(rows[1]).toMatch(/^ {2}Acme C\S*…\S*tional odoo-\S*…\S*eekly /);
    expect(rows.every((row) => row.length <= 80)).toBe(true);
  });

  it('a name that fits is never cut (SOURCE reads woocommerce), and at 200 columns the table fills the width', () => {
    const wide = monitor(state(), 200, 24).lines();
    expect(wide[1]).toMatch(/ SOURCE +PROGRESS/);
    expect(wide[2]).toContain(' odoo-products-nightly ');
    expect(wide[2]).toContain(' woocommerce ');
    expect(wide[2]).toContain(' Acme Corporation International ');
    // No run of empty columns: the row reaches the last column, the bar taking what the names leave.
    expect(wide[2]!.trimEnd()).toHaveLength(200);
    expect(wide[1]!.trimEnd()).toHaveLength(200);
    for (const width of [60, 80, 100, 120, 200]) {
      const lines = monitor(state(), width, 20).lines();
      expect(lines.every((line) => line.length <= width)).toBe(true);
    }
  });

  it('at 60x15 an ETA is never cut inside its value: a long stall widens its column', () => {
    const lines = monitor(monitorAfter(900, [TOP]), 60, 11).lines();
    const initech = lines.find((l) => l.includes('initech-stock'))!;
    expect(initech).toMatch(/ stalled 14m\d\ds$/);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
  });

  it('keeps "paused (space resumes)" whole at 80 columns, giving up the sort and the rate first', () => {
    const paused = state([
      { type: 'monitor/filter-start' },
      { type: 'monitor/filter-input', text: 'odoo-products' },
      { type: 'monitor/filter-accept' },
      { type: 'monitor/pause' },
    ]);
    const status = monitor(paused).lines()[0]!;
    expect(status).toMatch(/paused \(space resumes\)$/);
    expect(status).toContain('filter "odoo-products"');
    expect(monitor(paused, 160).lines()[0]).toMatch(/sort ETA .* items\/min .* paused \(space resumes\)$/);
  });
});

describe('Monitor: what the table cannot show, and 100,000 syncs', () => {
  it('says above the table what this shape of sync_progress keeps it from showing', () => {
    const [event] = tickEvents(2).slice(-1);
    const limits = [
      'no elapsed time: public.sync_progress has no started_at',
      'no source: public.sync_progress has no source_system',
    ];
    const state = [
      { type: 'monitor/started', intervalMs: 1000, minutes: 15 } as const,
      { type: 'monitor/event', event: { ...event!, limits } } as const,
    ].reduce(monitorReducer, initialMonitor);
    const lines = monitor(state, 160, 20).lines();
    expect(lines[1]).toBe(
      'not shown on this table: no elapsed time: public.sync_progress has no started_at · no source: public.sync_progress has no source_system',
    );
    expect(lines[2]).toMatch(/^ {2}ORG +SYNC/);
    expect(lines[3]).toMatch(/^› /);
    expect(monitor(monitorAfter(2), 120, 20).lines()[1]).toMatch(/^ {2}ORG +SYNC/);
  });

  it(`past ${AGGREGATE_FROM.toLocaleString('en')} syncs shows one row per organization, the stalled and slowest first`, () => {
    const orgIds = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const many: Sim[] = Array.from({ length: 25_000 }, (_, i) => ({
      orgId: orgIds[i % 50]!,
      syncId: `s${i}`,
      entityType: 'product',
      source: 'odoo',
      perSecond: 10 + (i % 7),
      total: 1_000_000,
      // One sync of org 17 stops moving after the first second.
      ...(i === 17 ? { stallAfter: 1 } : {}),
    }));
    const names = new Map(orgIds.map((id, i) => [id, `Org ${i}`]));
    let core: MonitorState = emptyMonitor;
    for (const t of [1, 20, 40]) {
      core = reduce(
        core,
        { serverNow: t * 1000, rows: rowsAt(t, many), full: true, activeCount: many.length },
        SETTINGS,
      );
    }
    const state = [
      { type: 'monitor/started', intervalMs: 1000, minutes: 15 } as const,
      {
        type: 'monitor/event',
        event: {
          kind: 'tick',
          state: core,
          computed: computeViews(core, SETTINGS),
          feed: { ...FEED, orgNames: names },
          tickMs: 4,
        },
      } as const,
    ].reduce(monitorReducer, initialMonitor);
    expect(state.rows).toHaveLength(50);
    const lines = monitor(state, 80, 20).lines();
    expect(lines[0]).toMatch(/^25,000 active syncs in 50 organizations {2}· live/);
    expect(monitor(state, 120, 20).lines()[0]).toMatch(
      /^25,000 active syncs in 50 organizations {2}· stalled, then slowest first/,
    );
    expect(lines[1]).toMatch(/^ {2}ORG +SYNCS +STALLED +PROGRESS/);
    expect(lines[2]).toMatch(/^› Org 17 +500 +1 +/);
    expect(lines.find((l) => l.includes('Org 17:'))).toMatch(
      /^1\/50 Org 17: 500 active syncs · 1 stalled · look first at s17 \(stalled/,
    );
    // By organization, when that sort is chosen; the filter narrows the syncs summed.
    const byOrg = monitorReducer(monitorReducer(state, { type: 'monitor/sort' }), { type: 'monitor/sort' });
    expect(byOrg.sort).toBe('org');
    expect(monitor(byOrg, 80, 20).lines()[2]).toMatch(/^ {2}Org 0 +500 +- /);
    const filtered = monitorReducer(state, { type: 'monitor/filter-input', text: 'Org 3' });
    expect(filtered.rows.map((r) => names.get(r.orgId))).toEqual(expect.arrayContaining(['Org 3', 'Org 30', 'Org 39']));
    expect(filtered.rows).toHaveLength(11);
  });
});
