/**
 * The Checklist's key bindings (the list, its filter being typed, a finding's detail), each
 * written once; its definition (screen.tsx) hands them to the shell.
 */
import type { AppState } from '../../appState.js';
import { act, exporting, moving, paging, reverifying, work } from '../../keyCommands.js';
import type { Command, KeyBinding, KeyLayout } from '../../keyTypes.js';
import { type ChecklistLayout, type CopyRequest, checklistOf, checklistRows, selectedIndex } from './state.js';

/** On the list, typing the filter, or reading a finding's detail. */
export type ChecklistContext = 'checklist' | 'filter' | 'detail';

/** The context on the Checklist. */
export function checklistContext(state: AppState): ChecklistContext {
  const checklist = checklistOf(state);
  if (checklist.editing) return 'filter';
  if (checklist.detail) return 'detail';
  return 'checklist';
}

/** What the keys read of the geometry when it was not measured (a test without a terminal). */
const FALLBACK: ChecklistLayout = { listViewport: 10, detailMax: 0, page: 9 };
const own = (layout: KeyLayout): ChecklistLayout => (layout.screens.checklist as ChecklistLayout) ?? FALLBACK;

const copy = (what: CopyRequest['copy']): Command => work({ copy: what } satisfies CopyRequest);
const moveList = (by: number | 'start' | 'end', layout: KeyLayout): Command[] => [
  act({ type: 'list/move', by, viewport: own(layout).listViewport }),
];
const scrollDetail = (by: number | 'start' | 'end', layout: KeyLayout): Command[] => [
  act({ type: 'detail/scroll', by, max: own(layout).detailMax }),
];
const DETAIL = 'Finding detail';

const FILTER = 'Checklist filter (/)';

export const CHECKLIST_BINDINGS: readonly KeyBinding<ChecklistContext>[] = [
  // The list and the detail.
  moving({
    in: ['checklist'],
    help: 'move; the first and last row',
    hint: 'move',
    to: (_app, by, l) => moveList(by, l),
  }),
  moving({
    in: ['detail'],
    section: DETAIL,
    help: 'scroll; the top and the end',
    hint: 'scroll',
    to: (_app, by, l) => scrollDetail(by, l),
  }),
  {
    keys: ['enter'],
    in: ['checklist'],
    help: 'open a finding; open or close a group',
    hint: 'open',
    run: () => [act({ type: 'list/open' })],
  },
  {
    keys: ['/'],
    in: ['checklist'],
    help: 'filter by code, title, object, database (Enter keeps, Esc clears)',
    hint: 'filter',
    run: () => [act({ type: 'filter/start' })],
  },
  {
    keys: ['f'],
    in: ['checklist'],
    help: 'failures only, on or off',
    hint: 'failures',
    run: () => [act({ type: 'list/failures-only' })],
  },
  {
    keys: ['y'],
    in: ['checklist', 'detail'],
    help: 'copy the fix SQL (or the evidence when there is no fix) via OSC 52',
    hint: { checklist: 'copy SQL', detail: 'copy fix SQL' },
    run: () => [copy('fix')],
  },
  {
    keys: ['Y'],
    in: ['checklist', 'detail'],
    help: 'copy the evidence SQL',
    // On the list the status bar has no room for it: Help says it.
    hint: { detail: 'copy evidence' },
    run: () => [copy('evidence')],
  },
  {
    keys: ['esc', 'left', 'h'],
    hintKeys: ['esc'],
    in: ['detail'],
    section: DETAIL,
    help: 'back to the list',
    hint: 'back',
    run: () => [act({ type: 'detail/close' })],
  },
  ...paging({
    in: ['checklist'],
    help: 'a page up or down',
    space: true,
    to: (_app, by, l) => moveList(by * own(l).page, l),
  }),
  ...paging({
    in: ['detail'],
    section: DETAIL,
    help: 'a page up or down',
    hint: 'page',
    space: true,
    to: (_app, by, l) => scrollDetail(by * own(l).page, l),
  }),
  reverifying(['checklist', 'detail']),
  exporting(['checklist', 'detail'], 'export'),
  {
    keys: ['left', 'h'],
    in: ['checklist'],
    help: 'close the group',
    run: () => [act({ type: 'list/collapse' })],
  },
  {
    keys: ['right', 'l'],
    in: ['checklist'],
    help: 'open the group, or the finding',
    run: (app) => {
      const checklist = checklistOf(app);
      const rows = checklistRows(app.verification.findings ?? [], checklist);
      const row = rows[selectedIndex(rows, checklist)];
      return [act(row?.kind === 'finding' ? { type: 'list/open' } : { type: 'list/expand' })];
    },
  },
  {
    keys: ['esc'],
    in: ['checklist'],
    help: 'clear the filter, then failures only, then back',
    run: (app) => {
      const { filter, failuresOnly } = checklistOf(app);
      if (filter !== '') return [act({ type: 'filter/clear' })];
      if (failuresOnly) return [act({ type: 'list/failures-only' })];
      return [act({ type: 'nav/back' })];
    },
  },
  // The filter being typed: every key but Ctrl-C is text or moves.
  {
    keys: ['text'],
    in: ['filter'],
    section: FILTER,
    help: 'the filter: code, title, object or database',
    hint: 'to filter',
    run: (_app, { input }) => [act({ type: 'filter/input', text: input })],
  },
  {
    keys: ['enter'],
    in: ['filter'],
    section: FILTER,
    help: 'keep the filter typed',
    hint: 'keep',
    run: () => [act({ type: 'filter/accept' })],
  },
  {
    keys: ['esc'],
    in: ['filter'],
    section: FILTER,
    help: 'clear the filter',
    hint: 'clear',
    run: () => [act({ type: 'filter/clear' })],
  },
  {
    keys: ['up', 'down'],
    in: ['filter'],
    section: FILTER,
    help: 'move while typing the filter',
    hint: 'move',
    run: (_app, { key }, layout) => moveList(key.upArrow ? -1 : 1, layout),
  },
  {
    keys: ['backspace'],
    in: ['filter'],
    section: FILTER,
    help: 'erase the last character of the filter',
    run: () => [act({ type: 'filter/backspace' })],
  },
];
