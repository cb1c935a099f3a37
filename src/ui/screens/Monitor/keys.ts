/**
 * The Monitor's keys, as data: what a key does (actions and effects, pure), the status-bar hints
 * and the Help lines. Its definition (screen.tsx) hands them to the shell.
 */

import type { AppState } from '../../appState.js';
import { act, paging, upDown, work } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from '../../keyTypes.js';
import type { Symbols } from '../../theme.js';
import { type MonitorLayout, monitorOf, type RefreshRequest } from './state.js';

/** On the table, or typing the filter. */
export type MonitorContext = 'monitor' | 'monitor-filter';

/** What the keys need of the screen's geometry (layout.ts computes it). */
const FALLBACK: MonitorLayout = { rows: 10 };

const own = (layout: KeyLayout): MonitorLayout => (layout.screens.monitor as MonitorLayout) ?? FALLBACK;

/** The context on the Monitor. */
export function monitorContext(state: AppState): MonitorContext {
  return monitorOf(state).editing ? 'monitor-filter' : 'monitor';
}

/** Keys while the filter is typed: every key but Ctrl-C (handled before) is text or moves. */
export function monitorFilterKeys(input: string, key: KeyPress, layout: KeyLayout): Command[] {
  if (key.escape) return [act({ type: 'monitor/filter-clear' })];
  if (key.return) return [act({ type: 'monitor/filter-accept' })];
  if (key.backspace || key.delete) return [act({ type: 'monitor/filter-backspace' })];
  if (key.upArrow || key.downArrow)
    return [act({ type: 'monitor/move', by: key.upArrow ? -1 : 1, viewport: own(layout).rows })];
  if (key.ctrl || key.meta || key.tab || input === '') return [];
  return [act({ type: 'monitor/filter-input', text: input })];
}

/** Keys on the table (after the keys that work everywhere). Space is not paging here: it pauses. */
export function monitorKeys(state: AppState, input: string, key: KeyPress, layout: KeyLayout): Command[] {
  const m = monitorOf(state);
  const { rows } = own(layout);
  const move = upDown(input, key);
  if (move !== null) return [act({ type: 'monitor/move', by: move, viewport: rows })];
  const page = paging(input, key, false);
  if (page !== null) return [act({ type: 'monitor/move', by: page * Math.max(1, rows - 1), viewport: rows })];
  if (input === ' ') return [act({ type: 'monitor/pause' })];
  if (input === 'r') return [work({ refresh: true } satisfies RefreshRequest)];
  if (input === 's') return [act({ type: 'monitor/sort' })];
  if (input === '/') return [act({ type: 'monitor/filter-start' })];
  if (key.escape) {
    if (m.filter !== '') return [act({ type: 'monitor/filter-clear' })];
    if (m.rows.length > 0 && m.selected !== m.rows[0]!.key) return [act({ type: 'monitor/unselect' })];
    return [act({ type: 'nav/back' })];
  }
  return [];
}

/** The status bar, most useful first (the screens, help and quit are added last by the shell where they work). */
export function monitorHints(context: MonitorContext, sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  if (context === 'monitor-filter')
    return [
      { keys: 'type', label: 'org or entity' },
      { keys: 'Enter', label: 'keep' },
      { keys: 'Esc', label: 'clear' },
      { keys: updown, label: 'move' },
    ];
  return [
    { keys: 's', label: 'sort' },
    { keys: '/', label: 'filter' },
    { keys: 'space', label: 'pause' },
    { keys: 'r', label: 'refresh' },
    { keys: `${updown}/jk`, label: 'move' },
    { keys: 'Esc', label: 'back' },
  ];
}

/** Help's section for the Monitor. */
export function monitorHelp(sym: Symbols): HelpSection {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return {
    title: 'Monitor',
    keys: [
      ['s', 'sort: ETA, last update, organization'],
      ['/', 'filter by organization or entity'],
      ['space', 'pause / resume sampling'],
      ['r', 'sample now (also paused); look again if missing'],
      [`${updown} jk PgUp PgDn g G`, 'move the cursor (the line below shows its sync)'],
      ['Esc', 'clear the filter, cursor to the top, then back'],
    ],
  };
}
