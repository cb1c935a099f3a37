/** The Monitor's key bindings, each written once; its definition (screen.tsx) hands them to the shell. */
import type { AppState } from '../../appState.js';
import { act, moving, paging, work } from '../../keyCommands.js';
import type { Command, KeyBinding, KeyLayout } from '../../keyTypes.js';
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

const move = (by: number | 'start' | 'end', layout: KeyLayout): Command[] => [
  act({ type: 'monitor/move', by, viewport: own(layout).rows }),
];

const FILTER = 'Monitor filter (/)';

export const MONITOR_BINDINGS: readonly KeyBinding<MonitorContext>[] = [
  // The table. Space is not paging here: it pauses.
  {
    keys: ['s'],
    in: ['monitor'],
    help: 'sort: ETA, last update, organization',
    hint: 'sort',
    run: () => [act({ type: 'monitor/sort' })],
  },
  {
    keys: ['/'],
    in: ['monitor'],
    help: 'filter by organization or entity',
    hint: 'filter',
    run: () => [act({ type: 'monitor/filter-start' })],
  },
  {
    keys: [' '],
    in: ['monitor'],
    help: 'pause / resume sampling',
    hint: 'pause',
    run: () => [act({ type: 'monitor/pause' })],
  },
  {
    keys: ['r'],
    in: ['monitor'],
    help: 'sample now (also paused); look again if missing',
    hint: 'refresh',
    run: () => [work({ refresh: true } satisfies RefreshRequest)],
  },
  moving({
    in: ['monitor'],
    help: 'move the cursor (the line below shows its sync); the first and last row',
    hint: 'move',
    to: (_app, by, layout) => move(by, layout),
  }),
  {
    keys: ['esc'],
    in: ['monitor'],
    help: 'clear the filter, cursor to the top, then back',
    hint: 'back',
    run: (app) => {
      const m = monitorOf(app);
      if (m.filter !== '') return [act({ type: 'monitor/filter-clear' })];
      if (m.rows.length > 0 && m.selected !== m.rows[0]!.key) return [act({ type: 'monitor/unselect' })];
      return [act({ type: 'nav/back' })];
    },
  },
  ...paging({
    in: ['monitor'],
    help: 'a page up or down',
    space: false,
    to: (_app, by, layout) => move(by * Math.max(1, own(layout).rows - 1), layout),
  }),
  // The filter being typed: every key but Ctrl-C is text or moves.
  {
    keys: ['text'],
    in: ['monitor-filter'],
    section: FILTER,
    help: 'the filter: organization or entity',
    hint: 'org or entity',
    run: (_app, { input }) => [act({ type: 'monitor/filter-input', text: input })],
  },
  {
    keys: ['enter'],
    in: ['monitor-filter'],
    section: FILTER,
    help: 'keep the filter typed',
    hint: 'keep',
    run: () => [act({ type: 'monitor/filter-accept' })],
  },
  {
    keys: ['esc'],
    in: ['monitor-filter'],
    section: FILTER,
    help: 'clear the filter',
    hint: 'clear',
    run: () => [act({ type: 'monitor/filter-clear' })],
  },
  {
    keys: ['up', 'down'],
    in: ['monitor-filter'],
    section: FILTER,
    help: 'move while typing the filter',
    hint: 'move',
    run: (_app, { key }, layout) => move(key.upArrow ? -1 : 1, layout),
  },
  {
    keys: ['backspace'],
    in: ['monitor-filter'],
    section: FILTER,
    help: 'erase the last character of the filter',
    run: () => [act({ type: 'monitor/filter-backspace' })],
  },
];
