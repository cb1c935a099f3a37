/**
 * The Health screen's keys and its confirmations, as data: what a key does (actions and effects,
 * pure), the status-bar hints and the Help lines. Its definition (screen.tsx) hands them to the
 * shell.
 */

import type { AppState } from '../../appState.js';
import { act, answerKeys, confirmHints, paging, say, upDown, work, writeRunning } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from '../../keyTypes.js';
import type { Symbols } from '../../theme.js';
import { type HealthLayout, type HealthRequest, type HealthTask, healthOf } from './state.js';

/** On the report, a step's confirmation (y/N or the name), or choosing which step to dry-run. */
export type HealthContext = 'health' | 'health-yes-no' | 'health-name' | 'health-dry-run';

/** What the keys need of the screen's geometry (layout.ts computes it). */
const FALLBACK: HealthLayout = { max: 0, page: 10 };

const own = (layout: KeyLayout): HealthLayout => (layout.screens.health as HealthLayout) ?? FALLBACK;

const run = (request: HealthRequest): Command => work(request);

/** The context on the Health screen. */
export function healthContext(state: AppState): HealthContext {
  const health = healthOf(state);
  const pending = health.confirm;
  if (pending) return pending.confirm.kind === 'name' ? 'health-name' : 'health-yes-no';
  return health.choosingDryRun ? 'health-dry-run' : 'health';
}

/** Contexts where every key is an answer: the keys that work everywhere do not apply. */
export const isHealthQuestion = (context: string): context is Exclude<HealthContext, 'health'> =>
  context === 'health-yes-no' || context === 'health-name' || context === 'health-dry-run';

const WHAT_NOT_DONE: Record<HealthTask, string> = {
  partitions: 'no partition was created',
  cache: 'the cache was not cleaned up',
  archive: 'nothing was archived',
};

/** p, c and A: the three maintenance steps. */
const taskOfKey = (input: string): HealthTask | null =>
  input === 'p' ? 'partitions' : input === 'c' ? 'cache' : input === 'A' ? 'archive' : null;

/** Keys of a confirmation or of the dry run's choice: every key but Ctrl-C (handled before) is theirs. */
export function healthQuestionKeys(
  state: AppState,
  context: Exclude<HealthContext, 'health'>,
  input: string,
  key: KeyPress,
): Command[] {
  if (context === 'health-dry-run') {
    // A dry run changes nothing: no confirmation, the step's key is enough.
    const close = act({ type: 'health/dry-run-close' });
    const task = taskOfKey(input);
    if (task && !key.ctrl && !key.meta) return [close, run({ kind: 'run', task, dryRun: true })];
    return [close, say('no dry run: nothing was changed')];
  }
  const pending = healthOf(state).confirm;
  if (!pending) return [];
  return answerKeys(pending.confirm, input, key, {
    close: act({ type: 'health/confirm-close' }),
    go: run({ kind: 'run', task: pending.task, dryRun: false }),
    what: WHAT_NOT_DONE[pending.task],
    backspace: { type: 'health/confirm-backspace' },
    typed: (text) => ({ type: 'health/confirm-input', text }),
  });
}

/** Keys on the report (after the keys that work everywhere). */
export function healthKeys(state: AppState, input: string, key: KeyPress, keyLayout: KeyLayout): Command[] {
  const h = healthOf(state);
  const layout = own(keyLayout);
  const move = upDown(input, key);
  if (move !== null) return [act({ type: 'health/scroll', by: move, max: layout.max })];
  const page = paging(input, key, false) ?? (input === ' ' ? 1 : null);
  if (page !== null) return [act({ type: 'health/scroll', by: page * layout.page, max: layout.max })];
  if (key.escape) return [act({ type: 'nav/back' })];
  if (input === 'r') return [run({ kind: 'reload' })];
  if (input === 'w') return [act({ type: 'health/window' })];
  const task = taskOfKey(input);
  if (task === null && input !== 'd') return [];
  const running = writeRunning(state);
  if (running) return [say(running)];
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

/** The status bar, most useful first (the screens, help and quit are added last by the shell where they work). */
export function healthHints(context: HealthContext, sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  switch (context) {
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
      ];
    case 'health-yes-no':
      return confirmHints('yes-no');
    case 'health-name':
      return confirmHints('name');
    case 'health-dry-run':
      return [
        { keys: 'p', label: 'partitions' },
        { keys: 'c', label: 'cache' },
        { keys: 'A', label: 'archive' },
        { keys: 'any other key', label: 'cancel' },
      ];
  }
}

/** Help's section for the Health screen. */
export function healthHelp(sym: Symbols): HelpSection {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return {
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
  };
}
