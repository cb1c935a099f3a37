/** The checklist's rows and reducer as pure functions, on snapshots captured on a real server. */
import { describe, expect, it } from 'vitest';
import { check, snapshotFixture } from '../../../../test/helpers/fixtures.js';
import { scrollOffset } from '../../scroll.js';
import {
  type ChecklistState,
  checklistReducer,
  checklistRows,
  defaultCollapsed,
  initialChecklist,
  matchesFilter,
  withFindings,
} from './state.js';

const seed000 = check(snapshotFixture('issoh-seed000'), snapshotFixture('spp-seed000'));
const drifted = check(snapshotFixture('issoh-drifted'), snapshotFixture('spp-seed000'));
const migrated = check(snapshotFixture('issoh-migrated'), snapshotFixture('spp-seed000'));

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

describe('drifted 0024', () => {
  it('lists 52 failures under failures only, in checklist order', () => {
    const rows = checklistRows(drifted, { ...withFindings(initialChecklist, drifted), failuresOnly: true });
    expect(rows.filter((r) => r.kind === 'finding')).toHaveLength(52);
    expect(rows[0]).toMatchObject({ kind: 'group', group: 'enums' });
  });
});
