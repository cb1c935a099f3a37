/** The app's state and keys as pure functions: no rendering, no terminal. */
import { describe, expect, it } from 'vitest';
import { check, snapshotFixture } from '../../test/helpers/fixtures.js';
import { appStateFor, configFor, ISSOH_URL, okReport } from '../../test/helpers/ui/fixtures.js';
import { type AppAction, type AppState, appReducer } from './appState.js';
import { commandsForKey, type KeyLayout, type KeyPress, keyContext, keyHints } from './keymap.js';
import { initialNavigation, navigationReducer } from './navigation.js';
import {
  type ChecklistState,
  checklistReducer,
  checklistRows,
  defaultCollapsed,
  initialChecklist,
  matchesFilter,
  scrollOffset,
  withFindings,
} from './screens/Checklist/state.js';
import { symbols } from './theme.js';
import { initialVerification, reportOf, verificationReducer } from './verification/state.js';

const seed000 = check(snapshotFixture('issoh-seed000'), snapshotFixture('spp-seed000'));
const drifted = check(snapshotFixture('issoh-drifted'), snapshotFixture('spp-seed000'));
const migrated = check(snapshotFixture('issoh-migrated'), snapshotFixture('spp-seed000'));

const LAYOUT: KeyLayout = { tooSmall: false, listViewport: 10, detailMax: 30, helpMax: 5, page: 9 };
const press = (state: AppState, input: string, key: KeyPress = {}, layout: KeyLayout = LAYOUT): AppState => {
  let next = state;
  for (const command of commandsForKey(next, input, key, layout))
    if ('action' in command) next = appReducer(next, command.action);
  return next;
};
const keys = (state: AppState, ...inputs: Array<string | [string, KeyPress]>) =>
  inputs.reduce((s, k) => (Array.isArray(k) ? press(s, k[0], k[1]) : press(s, k)), state);
const effects = (state: AppState, input: string, key: KeyPress = {}, layout = LAYOUT) =>
  commandsForKey(state, input, key, layout).flatMap((c) => ('effect' in c ? [c.effect.type] : []));

describe('navigation reducer', () => {
  it('switches screens by name, cycles with Tab both ways, and wraps around', () => {
    let s = navigationReducer(initialNavigation, { type: 'nav/go', screen: 'checklist' });
    expect(s.screen).toBe('checklist');
    s = navigationReducer(s, { type: 'nav/cycle', by: 1 });
    expect(s.screen).toBe('monitor');
    s = navigationReducer(navigationReducer(initialNavigation, { type: 'nav/cycle', by: -1 }), {
      type: 'nav/cycle',
      by: -1,
    });
    expect(s.screen).toBe('rollback');
  });

  it('returns from Help to the screen it was opened on; Esc elsewhere goes back to the Overview', () => {
    let s = navigationReducer(initialNavigation, { type: 'nav/go', screen: 'remediate' });
    s = navigationReducer(s, { type: 'nav/go', screen: 'help' });
    expect(s).toMatchObject({ screen: 'help', returnTo: 'remediate' });
    s = navigationReducer(s, { type: 'nav/back' });
    expect(s.screen).toBe('remediate');
    s = navigationReducer(s, { type: 'nav/back' });
    expect(s.screen).toBe('overview');
    expect(navigationReducer(s, { type: 'nav/back' })).toBe(s);
  });

  it('clamps the Help scroll', () => {
    const s = navigationReducer(initialNavigation, { type: 'nav/help-scroll', by: 50, max: 7 });
    expect(s.helpScroll).toBe(7);
    expect(navigationReducer(s, { type: 'nav/help-scroll', by: -Infinity, max: 7 }).helpScroll).toBe(0);
  });
});

describe('verification reducer', () => {
  const config = configFor();

  it('starts with both databases reading, or with the env variable to set for one without a URL', () => {
    const s = initialVerification(configFor(ISSOH_URL, null), '0.1.0');
    expect(s.databases.issoh).toMatchObject({
      phase: 'reading',
      host: 'ep-cool-123.eu-central-1.aws.neon.tech',
      database: 'mantis_issoh',
    });
    expect(s.databases.spp.phase).toBe('missing');
    expect(s.databases.spp.report?.error).toBe('no URL: set NEON_SPP_DATABASE_URL (or --spp-url)');
    expect(JSON.stringify(s)).not.toContain('s3cret-pw');
  });

  it('drops the events of an older run, so a slow answer never overwrites a newer one', () => {
    const report = okReport('IS-SOH', snapshotFixture('issoh-seed000'), ISSOH_URL);
    let s = verificationReducer(initialVerification(config, '0.1.0'), { type: 'verify/start', run: 1 });
    s = verificationReducer(s, { type: 'verify/start', run: 2 });
    const stale = verificationReducer(s, { type: 'verify/database', run: 1, key: 'issoh', report });
    expect(stale).toBe(s);
    s = verificationReducer(s, { type: 'verify/database', run: 2, key: 'issoh', report });
    expect(s.databases.issoh).toMatchObject({ phase: 'done', report });
    expect(verificationReducer(s, { type: 'verify/complete', run: 1, findings: seed000, generatedAt: 'x' })).toBe(s);
  });

  it('keeps the previous findings on screen while a re-verify runs, and builds the report once complete', () => {
    const state = appStateFor();
    expect(reportOf(state.verification)?.summary).toMatchObject({ pass: 8, fail: 4, warn: 3, blocked: 75 });
    const rerun = appReducer(state, { type: 'verify/start', run: 2 });
    expect(rerun.verification.findings).toBe(state.verification.findings);
    expect(rerun.verification.running).toBe(true);
    expect(reportOf(rerun.verification)).toBeNull();
  });
});

describe('checklist rows', () => {
  it('groups findings in checklist order with counts over the whole group', () => {
    const rows = checklistRows(seed000, initialChecklist);
    const groups = rows.filter((r) => r.kind === 'group');
    expect(groups.map((g) => g.kind === 'group' && g.title)).toEqual([
      'Topology',
      'Prerequisites',
      'Enum types',
      'Tables and columns',
      'Constraints',
      'Indexes',
      'Partitions',
      'RLS and policies',
      'Functions and triggers',
      'Grants',
      'Lints',
    ]);
    const prerequisites = groups.find((g) => g.kind === 'group' && g.group === 'prerequisites');
    expect(prerequisites).toMatchObject({ summary: { pass: 3, fail: 4, total: 7 } });
  });

  it('starts with the groups that all pass collapsed', () => {
    expect(defaultCollapsed(seed000)).toEqual([]);
    expect(defaultCollapsed(migrated)).toEqual(expect.arrayContaining(['enums', 'tables', 'indexes', 'rls']));
    const state = withFindings(initialChecklist, migrated);
    const indexes = checklistRows(migrated, state).find((r) => r.kind === 'group' && r.group === 'indexes');
    expect(indexes).toMatchObject({ collapsed: true, summary: { pass: 15, total: 15 } });
    expect(checklistRows(migrated, state).some((r) => r.kind === 'finding' && r.finding.group === 'indexes')).toBe(
      false,
    );
  });

  it('filters by every word over code, title, object and database, and "failures only" keeps fails', () => {
    const prq = seed000.find((f) => f.code === 'PRQ001')!;
    expect(matchesFilter(prq, 'prq001')).toBe(true);
    expect(matchesFilter(prq, 'organization is-soh')).toBe(true);
    expect(matchesFilter(prq, 'organization spp')).toBe(false);
    const onlyFails = checklistRows(seed000, { ...initialChecklist, failuresOnly: true });
    const findings = onlyFails.flatMap((r) => (r.kind === 'finding' ? [r.finding] : []));
    expect(findings.map((f) => f.code).sort()).toEqual(['PRQ001', 'PRQ003', 'PRQ004', 'PRQ006']);
    expect(onlyFails.filter((r) => r.kind === 'group')).toHaveLength(1);
  });

  it('keeps the selection in view, scrolling as little as possible', () => {
    expect(scrollOffset(0, 5, 10, 100)).toBe(0);
    expect(scrollOffset(0, 10, 10, 100)).toBe(1);
    expect(scrollOffset(20, 3, 10, 100)).toBe(3);
    expect(scrollOffset(95, 99, 10, 100)).toBe(90);
  });
});

describe('checklist reducer', () => {
  const start = withFindings(initialChecklist, seed000);
  const run = (state: ChecklistState, ...actions: Parameters<typeof checklistReducer>[1][]) =>
    actions.reduce((s, a) => checklistReducer(s, a, seed000), state);

  it('moves by rows, pages, to the start and the end, never past either', () => {
    const rows = checklistRows(seed000, start);
    expect(run(start, { type: 'list/move', by: -1, viewport: 10 }).selected).toBe(rows[0]!.key);
    expect(run(start, { type: 'list/move', by: 2, viewport: 10 }).selected).toBe(rows[2]!.key);
    const end = run(start, { type: 'list/move', by: 'end', viewport: 10 });
    expect(end.selected).toBe(rows.at(-1)!.key);
    expect(end.offset).toBe(rows.length - 10);
    expect(run(end, { type: 'list/move', by: 1000, viewport: 10 }).selected).toBe(rows.at(-1)!.key);
  });

  it('Enter on a group collapses and reopens it; on a finding it opens the detail', () => {
    const collapsed = run(start, { type: 'list/open' });
    expect(collapsed.collapsed).toContain('topology');
    expect(run(collapsed, { type: 'list/open' }).collapsed).not.toContain('topology');
    const detail = run(start, { type: 'list/move', by: 1, viewport: 10 }, { type: 'list/open' });
    expect(detail.detail).toEqual({ id: 'issoh:TOP004:postgres_fdw → SPP', scroll: 0 });
    expect(run(detail, { type: 'detail/scroll', by: 50, max: 12 }).detail?.scroll).toBe(12);
    expect(run(detail, { type: 'detail/close' }).detail).toBeNull();
  });

  it('Left on a finding closes its group and selects the group', () => {
    const s = run(start, { type: 'list/move', by: 10, viewport: 10 }, { type: 'list/collapse' });
    expect(s.collapsed).toEqual(['prerequisites']);
    expect(s.selected).toBe('group:prerequisites');
    expect(run(s, { type: 'list/expand' }).collapsed).toEqual([]);
  });

  it('typing a filter selects the first match; Esc clears it and the selection stays', () => {
    let s = run(start, { type: 'filter/start' }, { type: 'filter/input', text: 'uid' });
    expect(s).toMatchObject({ editing: true, filter: 'uid', selected: 'issoh:PRQ006:auth.uid()' });
    s = run(s, { type: 'filter/backspace' }, { type: 'filter/input', text: 'i\u001b[A' });
    expect(s.filter).toBe('uii');
    s = run(s, { type: 'filter/clear' });
    expect(s).toMatchObject({ filter: '', editing: false });
  });
});

describe('keys', () => {
  const ready = appStateFor();

  it('number keys and Tab switch screens; ? opens Help and Esc or ? leaves it', () => {
    expect(keys(ready, '2').navigation.screen).toBe('checklist');
    expect(keys(ready, '6').navigation.screen).toBe('health');
    expect(keys(ready, '9').navigation.screen).toBe('overview');
    expect(keys(ready, ['', { tab: true }]).navigation.screen).toBe('checklist');
    expect(keys(ready, ['', { tab: true, shift: true }]).navigation.screen).toBe('health');
    expect(keys(ready, '3', '?').navigation).toMatchObject({ screen: 'help', returnTo: 'monitor' });
    expect(keys(ready, '3', '?', '?').navigation.screen).toBe('monitor');
    expect(keys(ready, '3', '?', ['', { escape: true }]).navigation.screen).toBe('monitor');
    expect(keys(ready, '3', ['', { escape: true }]).navigation.screen).toBe('overview');
    expect(keys(ready, ['', { return: true }]).navigation.screen).toBe('checklist');
  });

  it('arrows and j/k move; Enter opens; Esc goes back one level at a time', () => {
    let s = keys(ready, '2', 'j', ['', { downArrow: true }], 'k');
    expect(s.checklist.selected).toBe('issoh:TOP004:postgres_fdw → SPP');
    s = keys(s, ['', { return: true }]);
    expect(s.checklist.detail?.id).toBe('issoh:TOP004:postgres_fdw → SPP');
    s = keys(s, 'j', 'j', ['', { pageDown: true }]);
    expect(s.checklist.detail?.scroll).toBe(11);
    s = keys(s, ['', { escape: true }]);
    expect(s.checklist.detail).toBeNull();
    expect(s.navigation.screen).toBe('checklist');
    s = keys(s, ['', { escape: true }]);
    expect(s.navigation.screen).toBe('overview');
  });

  it('q and Ctrl-C quit; while typing a filter q is text and Ctrl-C still quits', () => {
    expect(effects(ready, 'q')).toEqual(['quit']);
    expect(effects(ready, 'c', { ctrl: true })).toEqual(['quit']);
    const typing = keys(ready, '2', '/');
    expect(keyContext(typing, LAYOUT)).toBe('filter');
    expect(effects(typing, 'q')).toEqual([]);
    expect(keys(typing, 'q').checklist.filter).toBe('q');
    expect(effects(typing, 'c', { ctrl: true })).toEqual(['quit']);
    expect(keys(typing, 'o', 'r', 'g', ['', { return: true }]).checklist).toMatchObject({
      filter: 'org',
      editing: false,
    });
  });

  it('f toggles failures only; r, e, y and Y are effects where they make sense', () => {
    const list = keys(ready, '2', 'f');
    expect(list.checklist.failuresOnly).toBe(true);
    expect(keys(list, 'f').checklist.failuresOnly).toBe(false);
    expect(effects(list, 'r')).toEqual(['reverify']);
    expect(effects(list, 'e')).toEqual(['export']);
    expect(effects(list, 'y')).toEqual(['copy']);
    expect(effects(ready, 'r')).toEqual(['reverify']);
    expect(effects(ready, 'y')).toEqual([]);
    expect(effects(keys(ready, '3'), 'r')).toEqual(['monitor-refresh']);
    expect(effects(ready, 'l', { ctrl: true })).toEqual(['redraw']);
  });

  it('on a terminal that is too small only q (and Ctrl-C) do anything', () => {
    const small = { ...LAYOUT, tooSmall: true };
    expect(keyContext(ready, small)).toBe('too-small');
    expect(commandsForKey(ready, '2', {}, small)).toEqual([]);
    expect(effects(ready, 'q', {}, small)).toEqual(['quit']);
  });

  it('a key clears the last message, a verification event does not', () => {
    const withMessage = appReducer(ready, { type: 'message', message: { text: 'copied', tone: 'success' } });
    expect(appReducer(withMessage, { type: 'verify/start', run: 9 }).message?.text).toBe('copied');
    expect(keys(withMessage, '2').message).toBeNull();
  });

  it('the status bar names only keys that do something in that context', () => {
    const sym = symbols({ color: false, unicode: true });
    const contexts = ['overview', 'checklist', 'detail', 'filter', 'help', 'remediate'] as const;
    const states: Record<(typeof contexts)[number], AppState> = {
      overview: ready,
      checklist: keys(ready, '2'),
      detail: keys(ready, '2', 'j', ['', { return: true }]),
      filter: keys(ready, '2', '/'),
      help: keys(ready, '?'),
      remediate: keys(ready, '4'),
    };
    for (const context of contexts) {
      const state = states[context];
      expect(keyContext(state, LAYOUT)).toBe(context);
      for (const hint of keyHints(context, sym)) {
        const single = hint.keys.length === 1 ? hint.keys : null;
        if (single === null) continue;
        const did = commandsForKey(state, single, {}, LAYOUT);
        expect(did.length, `${context}: ${hint.keys} ${hint.label}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('a burst of keys', () => {
  it('is judged key by key against the state each key leaves', () => {
    const actions: AppAction[] = [];
    let state = appStateFor();
    for (const input of ['2', '/', 'q', 'x']) {
      for (const command of commandsForKey(state, input, {}, LAYOUT)) {
        if ('action' in command) {
          actions.push(command.action);
          state = appReducer(state, command.action);
        }
      }
    }
    expect(state.checklist.filter).toBe('qx');
    expect(actions.map((a) => a.type)).toEqual(['nav/go', 'filter/start', 'filter/input', 'filter/input']);
  });
});

describe('drifted 0024', () => {
  it('lists 52 failures under failures only, in checklist order', () => {
    const rows = checklistRows(drifted, { ...withFindings(initialChecklist, drifted), failuresOnly: true });
    expect(rows.filter((r) => r.kind === 'finding')).toHaveLength(52);
    expect(rows[0]).toMatchObject({ kind: 'group', group: 'enums' });
  });
});
