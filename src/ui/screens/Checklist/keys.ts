/**
 * The Checklist's keys (the list, its filter being typed, a finding's detail), as data: what a key
 * does (actions and effects, pure), the status-bar hints and the Help lines. keymap.ts calls in here.
 */
import type { AppState } from '../../appState.js';
import { act, effect, movement } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from '../../keyTypes.js';
import { TAB_SCREENS } from '../../navigation.js';
import type { Symbols } from '../../theme.js';
import { checklistRows, selectedIndex } from './state.js';

/** On the list, typing the filter, or reading a finding's detail. */
export type ChecklistContext = 'checklist' | 'filter' | 'detail';

/** The context on the Checklist; null elsewhere. */
export function checklistContext(state: AppState): ChecklistContext | null {
  if (state.navigation.screen !== 'checklist') return null;
  if (state.checklist.editing) return 'filter';
  if (state.checklist.detail) return 'detail';
  return 'checklist';
}

/** Keys while the filter is typed: every key but Ctrl-C (handled before) is text or moves. */
export function checklistFilterKeys(input: string, key: KeyPress, layout: KeyLayout): Command[] {
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
  layout: KeyLayout,
): Command[] {
  const move = movement(input, key, layout.page);
  if (context === 'detail') {
    if (key.escape || key.leftArrow || input === 'h') return [act({ type: 'detail/close' })];
    if (move !== null) return [act({ type: 'detail/scroll', by: move, max: layout.detailMax })];
    if (input === 'y') return [effect({ type: 'copy', what: 'fix' })];
    if (input === 'Y') return [effect({ type: 'copy', what: 'evidence' })];
    if (input === 'r') return [effect({ type: 'reverify' })];
    if (input === 'e') return [effect({ type: 'export' })];
    return [];
  }
  if (move !== null) return [act({ type: 'list/move', by: move, viewport: layout.listViewport })];
  if (key.return) return [act({ type: 'list/open' })];
  if (key.leftArrow || input === 'h') return [act({ type: 'list/collapse' })];
  if (key.rightArrow || input === 'l') {
    const rows = checklistRows(state.verification.findings ?? [], state.checklist);
    const row = rows[selectedIndex(rows, state.checklist)];
    return [act(row?.kind === 'finding' ? { type: 'list/open' } : { type: 'list/expand' })];
  }
  if (input === '/') return [act({ type: 'filter/start' })];
  if (input === 'f') return [act({ type: 'list/failures-only' })];
  if (input === 'r') return [effect({ type: 'reverify' })];
  if (input === 'e') return [effect({ type: 'export' })];
  if (input === 'y') return [effect({ type: 'copy', what: 'fix' })];
  if (input === 'Y') return [effect({ type: 'copy', what: 'evidence' })];
  if (key.escape) {
    const { filter, failuresOnly } = state.checklist;
    if (filter !== '') return [act({ type: 'filter/clear' })];
    if (failuresOnly) return [act({ type: 'list/failures-only' })];
    return [act({ type: 'nav/back' })];
  }
  return [];
}

/** The status bar, most useful first (help and quit, or Ctrl-C while typing, are added last by the caller). */
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
        { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' },
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
