/**
 * The Checklist's keys (the list, its filter being typed, a finding's detail), as data: what a key
 * does (actions and effects, pure), the status-bar hints and the Help lines. Its definition (screen.tsx) hands them to the shell.
 */
import type { AppState } from '../../appState.js';
import { act, effect, movement, work } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from '../../keyTypes.js';
import type { Symbols } from '../../theme.js';
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

/** Keys while the filter is typed: every key but Ctrl-C (handled before) is text or moves. */
export function checklistFilterKeys(input: string, key: KeyPress, keyLayout: KeyLayout): Command[] {
  const layout = own(keyLayout);
  if (key.escape) return [act({ type: 'filter/clear' })];
  if (key.return) return [act({ type: 'filter/accept' })];
  if (key.backspace || key.delete) return [act({ type: 'filter/backspace' })];
  if (key.upArrow || key.downArrow)
    return [act({ type: 'list/move', by: key.upArrow ? -1 : 1, viewport: layout.listViewport })];
  if (key.ctrl || key.meta || key.tab) return [];
  return input ? [act({ type: 'filter/input', text: input })] : [];
}

/** Keys on the list or the detail (after the keys that work everywhere). */
export function checklistKeys(
  state: AppState,
  context: 'checklist' | 'detail',
  input: string,
  key: KeyPress,
  keyLayout: KeyLayout,
): Command[] {
  const layout = own(keyLayout);
  const checklist = checklistOf(state);
  const move = movement(input, key, layout.page);
  if (context === 'detail') {
    if (key.escape || key.leftArrow || input === 'h') return [act({ type: 'detail/close' })];
    if (move !== null) return [act({ type: 'detail/scroll', by: move, max: layout.detailMax })];
    if (input === 'y') return [copy('fix')];
    if (input === 'Y') return [copy('evidence')];
    if (input === 'r') return [effect({ type: 'reverify' })];
    if (input === 'e') return [effect({ type: 'export' })];
    return [];
  }
  if (move !== null) return [act({ type: 'list/move', by: move, viewport: layout.listViewport })];
  if (key.return) return [act({ type: 'list/open' })];
  if (key.leftArrow || input === 'h') return [act({ type: 'list/collapse' })];
  if (key.rightArrow || input === 'l') {
    const rows = checklistRows(state.verification.findings ?? [], checklist);
    const row = rows[selectedIndex(rows, checklist)];
    return [act(row?.kind === 'finding' ? { type: 'list/open' } : { type: 'list/expand' })];
  }
  if (input === '/') return [act({ type: 'filter/start' })];
  if (input === 'f') return [act({ type: 'list/failures-only' })];
  if (input === 'r') return [effect({ type: 'reverify' })];
  if (input === 'e') return [effect({ type: 'export' })];
  if (input === 'y') return [copy('fix')];
  if (input === 'Y') return [copy('evidence')];
  if (key.escape) {
    const { filter, failuresOnly } = checklist;
    if (filter !== '') return [act({ type: 'filter/clear' })];
    if (failuresOnly) return [act({ type: 'list/failures-only' })];
    return [act({ type: 'nav/back' })];
  }
  return [];
}

/** The status bar, most useful first (the screens, help and quit, or Ctrl-C while typing, are added last by the shell). */
export function checklistHints(context: ChecklistContext, sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  switch (context) {
    case 'filter':
      return [
        { keys: 'type', label: 'to filter' },
        { keys: 'Enter', label: 'keep' },
        { keys: 'Esc', label: 'clear' },
        { keys: updown, label: 'move' },
      ];
    case 'detail':
      return [
        { keys: `${updown}/jk`, label: 'scroll' },
        { keys: 'y', label: 'copy fix SQL' },
        { keys: 'Y', label: 'copy evidence' },
        { keys: 'Esc', label: 'back' },
        { keys: 'PgUp/PgDn', label: 'page' },
      ];
    case 'checklist':
      return [
        { keys: `${updown}/jk`, label: 'move' },
        { keys: 'Enter', label: 'open' },
        { keys: '/', label: 'filter' },
        { keys: 'f', label: 'failures' },
        { keys: 'y', label: 'copy SQL' },
        { keys: 'r', label: 're-verify' },
        { keys: 'e', label: 'export' },
      ];
  }
}

/** Help's sections for the list and a finding's detail. */
export function checklistHelp(sym: Symbols): HelpSection[] {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return [
    {
      title: 'Checklist',
      keys: [
        [`${updown}  j k`, 'move'],
        ['PgUp PgDn  g G', 'page, first, last'],
        ['Enter', 'open a finding; open or close a group'],
        ['← →  h l', 'close / open the group'],
        ['/', 'filter by code, title, object, database (Enter keeps, Esc clears)'],
        ['f', 'failures only, on or off'],
        ['y', 'copy the fix SQL (or the evidence when there is no fix) via OSC 52'],
        ['Y', 'copy the evidence SQL'],
      ],
    },
    {
      title: 'Finding detail',
      keys: [
        [`${updown}  j k  PgUp PgDn`, 'scroll'],
        ['y  Y', 'copy the fix / evidence SQL'],
        ['Esc', 'back to the list'],
      ],
    },
  ];
}
