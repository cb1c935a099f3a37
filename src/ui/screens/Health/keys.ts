/**
 * The keys of the Monitor and Health screens (and of Health's confirmations), as data: what a
 * key does (actions and effects, pure), the status-bar hints and the Help lines. keymap.ts calls
 * in here, so the key table stays the one place keys are defined.
 */

import type { AppAction, AppState } from '../../appState.js';
import { isYes, judgeName } from '../../confirm.js';
import type { Command, Hint, KeyLayout, KeyPress } from '../../keymap.js';
import { TAB_SCREENS } from '../../navigation.js';
import type { Symbols } from '../../theme.js';
import type { HealthTask } from './state.js';

export type LiveContext = 'monitor' | 'monitor-filter' | 'health' | 'health-yes-no' | 'health-name' | 'health-dry-run';

/** What the keys need of the two screens' geometry (layout.ts computes it). */
export interface LiveLayout {
  /** syncs shown at once */
  readonly monitorRows: number;
  /** how far the Health screen can scroll */
  readonly healthMax: number;
  readonly healthPage: number;
}

const FALLBACK: LiveLayout = { monitorRows: 10, healthMax: 0, healthPage: 10 };

const act = (action: AppAction): Command => ({ action });
const say = (text: string, tone: 'info' | 'error' = 'info'): Command =>
  act({ type: 'message', message: { text, tone } });

const LIVE_CONTEXTS: readonly string[] = [
  'monitor',
  'monitor-filter',
  'health',
  'health-yes-no',
  'health-name',
  'health-dry-run',
];
export const isLiveContext = (context: string): context is LiveContext => LIVE_CONTEXTS.includes(context);

/** Contexts where every key is text or an answer: the keys that work everywhere do not apply. */
export const isLiveEntry = (context: string): boolean =>
  context === 'monitor-filter' ||
  context === 'health-yes-no' ||
  context === 'health-name' ||
  context === 'health-dry-run';

/** The context on the Monitor or Health screen; null elsewhere. */
export function liveContext(state: AppState): LiveContext | null {
  const screen = state.navigation.screen;
  if (screen === 'monitor') return state.monitor.editing ? 'monitor-filter' : 'monitor';
  if (screen === 'health') {
    const pending = state.health.confirm;
    if (pending) return pending.confirm.kind === 'name' ? 'health-name' : 'health-yes-no';
    return state.health.choosingDryRun ? 'health-dry-run' : 'health';
  }
  return null;
}

/** Up/down: -1, 1, or the ends. */
function upDown(input: string, key: KeyPress): number | 'start' | 'end' | null {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.home || input === 'g') return 'start';
  if (key.end || input === 'G') return 'end';
  return null;
}

/** A page up or down (PgUp/PgDn, b, Ctrl-U/Ctrl-D). Space is not paging here: on the Monitor it pauses. */
function paging(input: string, key: KeyPress): -1 | 1 | null {
  if (key.pageUp || (input === 'b' && !key.ctrl) || (key.ctrl && input === 'u')) return -1;
  if (key.pageDown || (key.ctrl && input === 'd')) return 1;
  return null;
}

const WHAT_NOT_DONE: Record<HealthTask, string> = {
  partitions: 'no partition was created',
  cache: 'the cache was not cleaned up',
  archive: 'nothing was archived',
};

/** Keys of a text entry or a confirmation: every key but Ctrl-C (handled before) is theirs. */
export function liveEntryKeys(
  state: AppState,
  context: LiveContext,
  input: string,
  key: KeyPress,
  layout: KeyLayout,
): Command[] {
  if (context === 'monitor-filter') {
    if (key.escape) return [act({ type: 'monitor/filter-clear' })];
    if (key.return) return [act({ type: 'monitor/filter-accept' })];
    if (key.backspace || key.delete) return [act({ type: 'monitor/filter-backspace' })];
    if (key.upArrow || key.downArrow)
      return [act({ type: 'monitor/move', by: key.upArrow ? -1 : 1, viewport: (layout.live ?? FALLBACK).monitorRows })];
    if (key.ctrl || key.meta || key.tab || input === '') return [];
    return [act({ type: 'monitor/filter-input', text: input })];
  }
  if (context === 'health-dry-run') {
    // A dry run changes nothing: no confirmation, the step's key is enough.
    const close = act({ type: 'health/dry-run-close' });
    const task = taskOfKey(input);
    if (task && !key.ctrl && !key.meta) return [close, { effect: { type: 'health-run', task, dryRun: true } }];
    return [close, say('no dry run: nothing was changed')];
  }
  const pending = state.health.confirm;
  if (!pending) return [];
  const close = act({ type: 'health/confirm-close' });
  const go: Command = { effect: { type: 'health-run', task: pending.task } };
  const what = WHAT_NOT_DONE[pending.task];
  if (pending.confirm.kind === 'yes-no') {
    if (isYes(input) && !key.ctrl && !key.meta) return [close, go];
    return [close, say(`not confirmed: ${what}; nothing was changed`)];
  }
  if (key.escape) return [close, say(`cancelled: ${what}; nothing was changed`)];
  if (key.return) {
    const verdict = judgeName(pending.confirm);
    return verdict.confirmed ? [close, go] : [close, say(verdict.reason, 'error')];
  }
  if (key.backspace || key.delete) return [act({ type: 'health/confirm-backspace' })];
  if (key.ctrl || key.meta || key.tab || input === '') return [];
  return [act({ type: 'health/confirm-input', text: input })];
}

function monitorKeys(state: AppState, input: string, key: KeyPress, layout: LiveLayout): Command[] {
  const m = state.monitor;
  const move = upDown(input, key);
  if (move !== null) return [act({ type: 'monitor/move', by: move, viewport: layout.monitorRows })];
  const page = paging(input, key);
  if (page !== null)
    return [
      act({ type: 'monitor/move', by: page * Math.max(1, layout.monitorRows - 1), viewport: layout.monitorRows }),
    ];
  if (input === ' ') return [act({ type: 'monitor/pause' })];
  if (input === 'r') return [{ effect: { type: 'monitor-refresh' } }];
  if (input === 's') return [act({ type: 'monitor/sort' })];
  if (input === '/') return [act({ type: 'monitor/filter-start' })];
  if (key.escape) {
    if (m.filter !== '') return [act({ type: 'monitor/filter-clear' })];
    if (m.rows.length > 0 && m.selected !== m.rows[0]!.key) return [act({ type: 'monitor/unselect' })];
    return [act({ type: 'nav/back' })];
  }
  return [];
}

function healthKeys(state: AppState, input: string, key: KeyPress, layout: LiveLayout): Command[] {
  const h = state.health;
  const move = upDown(input, key);
  if (move !== null) return [act({ type: 'health/scroll', by: move, max: layout.healthMax })];
  const page = paging(input, key) ?? (input === ' ' ? 1 : null);
  if (page !== null) return [act({ type: 'health/scroll', by: page * layout.healthPage, max: layout.healthMax })];
  if (key.escape) return [act({ type: 'nav/back' })];
  if (input === 'r') return [{ effect: { type: 'health-reload' } }];
  if (input === 'w') return [act({ type: 'health/window' })];
  const task = taskOfKey(input);
  if (task === null && input !== 'd') return [];
  if (h.running) return [say(`a maintenance step (${h.running}) is running: wait for it`)];
  if (h.refusal) return [say(h.refusal, 'error')];
  if (!h.report)
    return [
      say(h.loading ? 'the health report is being read: a moment' : `nothing read yet${h.error ? `: ${h.error}` : ''}`),
    ];
  if (h.report.unavailable) return [say(`${h.report.unavailable}: press 4 for Remediate`, 'error')];
  if (task === null)
    return [
      act({ type: 'health/dry-run-choose' }),
      say('dry run of which step? p partitions, c cache, A archive (any other key: none)'),
    ];
  return [act({ type: 'health/ask', task })];
}

/** p, c and A: the three maintenance steps. */
const taskOfKey = (input: string): HealthTask | null =>
  input === 'p' ? 'partitions' : input === 'c' ? 'cache' : input === 'A' ? 'archive' : null;

/** Keys on the two screens (after the keys that work everywhere). */
export function liveScreenKeys(
  state: AppState,
  context: LiveContext,
  input: string,
  key: KeyPress,
  layout: KeyLayout,
): Command[] {
  const geometry = layout.live ?? FALLBACK;
  if (context === 'monitor') return monitorKeys(state, input, key, geometry);
  if (context === 'health') return healthKeys(state, input, key, geometry);
  return [];
}

/** The status bar in these contexts, most useful first (help and quit are added last by the caller where they work). */
export function liveHints(context: LiveContext, sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  const screens = { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' };
  switch (context) {
    case 'monitor':
      return [
        { keys: 's', label: 'sort' },
        { keys: '/', label: 'filter' },
        { keys: 'space', label: 'pause' },
        { keys: 'r', label: 'refresh' },
        { keys: `${updown}/jk`, label: 'move' },
        { keys: 'Esc', label: 'back' },
        screens,
      ];
    case 'monitor-filter':
      return [
        { keys: 'type', label: 'org or entity' },
        { keys: 'Enter', label: 'keep' },
        { keys: 'Esc', label: 'clear' },
        { keys: updown, label: 'move' },
      ];
    case 'health':
      return [
        { keys: 'p', label: 'partitions' },
        { keys: 'c', label: 'cache' },
        { keys: 'A', label: 'archive' },
        { keys: 'd', label: 'dry run' },
        { keys: 'w', label: 'window' },
        { keys: 'r', label: 'reload' },
        { keys: `${updown}/jk`, label: 'scroll' },
        { keys: 'Esc', label: 'back' },
        screens,
      ];
    case 'health-yes-no':
      return [
        { keys: 'y', label: 'yes' },
        { keys: 'n/Esc/any key', label: 'no' },
      ];
    case 'health-dry-run':
      return [
        { keys: 'p', label: 'partitions' },
        { keys: 'c', label: 'cache' },
        { keys: 'A', label: 'archive' },
        { keys: 'any other key', label: 'cancel' },
      ];
    case 'health-name':
      return [
        { keys: 'type', label: 'the database name' },
        { keys: 'Enter', label: 'confirm' },
        { keys: 'Esc', label: 'cancel' },
        { keys: 'Backspace', label: 'erase' },
      ];
    default:
      return [];
  }
}

/** Help's sections for the two screens. */
export function liveHelp(
  sym: Symbols,
): Array<{ readonly title: string; readonly keys: ReadonlyArray<readonly [string, string]> }> {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return [
    {
      title: 'Monitor',
      keys: [
        ['s', 'sort: ETA, last update, organization'],
        ['/', 'filter by organization or entity'],
        ['space', 'pause / resume sampling'],
        ['r', 'sample now (also paused); look again if missing'],
        [`${updown} jk PgUp PgDn g G`, 'move the cursor (the line below shows its sync)'],
        ['Esc', 'clear the filter, cursor to the top, then back'],
      ],
    },
    {
      title: 'Health',
      keys: [
        ['p', 'partitions 3 months ahead, catch-all rows moved (y/N)'],
        ['c', 'delete expired preview cache entries (y/N)'],
        ['A', 'archive partitions > 6 months old (type the name)'],
        ['d then p, c or A', 'dry run of that step: done, checked, rolled back'],
        ['w', 'metrics window: 15 min, 60 min, 24 h'],
        ['r', 'read the report again'],
        [`${updown} jk PgUp PgDn space`, 'scroll'],
      ],
    },
  ];
}
