/**
 * The Health screen's key bindings and its confirmations, each written once; its definition
 * (screen.tsx) hands them to the shell.
 */
import type { AppState } from '../../appState.js';
import { type Answer, act, confirming, moving, paging, say, work, writeRunning } from '../../keyCommands.js';
import type { Command, KeyBinding, KeyLayout } from '../../keyTypes.js';
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

/** The three maintenance steps: their key, hint and Help line. */
const TASKS: ReadonlyArray<{ readonly task: HealthTask; readonly key: string; readonly help: string }> = [
  { task: 'partitions', key: 'p', help: 'partitions 3 months ahead, catch-all rows moved (y/N)' },
  { task: 'cache', key: 'c', help: 'delete expired preview cache entries (y/N)' },
  { task: 'archive', key: 'A', help: 'archive partitions > 6 months old (type the name)' },
];

/** Why a step cannot start now (a write running, a refusal, no report yet), or null. */
function cannotStart(state: AppState): Command[] | null {
  const h = healthOf(state);
  const running = writeRunning(state);
  if (running) return [say(running)];
  if (h.refusal) return [say(h.refusal, 'error')];
  if (!h.report)
    return [
      say(h.loading ? 'the health report is being read: a moment' : `nothing read yet${h.error ? `: ${h.error}` : ''}`),
    ];
  if (h.report.unavailable) return [say(`${h.report.unavailable}: press 4 for Remediate`, 'error')];
  return null;
}

const scroll = (by: number | 'start' | 'end', layout: KeyLayout): Command[] => [
  act({ type: 'health/scroll', by, max: own(layout).max }),
];

export const HEALTH_BINDINGS: readonly KeyBinding<HealthContext>[] = [
  ...TASKS.map(
    ({ task, key, help }): KeyBinding<HealthContext> => ({
      keys: [key],
      in: ['health'],
      help,
      hint: task,
      run: (app) => cannotStart(app) ?? [act({ type: 'health/ask', task })],
    }),
  ),
  {
    keys: ['d'],
    in: ['health'],
    help: 'dry run of a step (then p, c or A): done, checked, rolled back',
    hint: 'dry run',
    run: (app) =>
      cannotStart(app) ?? [
        act({ type: 'health/dry-run-choose' }),
        say('dry run of which step? p partitions, c cache, A archive (any other key: none)'),
      ],
  },
  {
    keys: ['w'],
    in: ['health'],
    help: 'metrics window: 15 min, 60 min, 24 h',
    hint: 'window',
    run: () => [act({ type: 'health/window' })],
  },
  { keys: ['r'], in: ['health'], help: 'read the report again', hint: 'reload', run: () => [run({ kind: 'reload' })] },
  moving({ in: ['health'], help: 'scroll; the top and the end', hint: 'scroll', to: (_app, by, l) => scroll(by, l) }),
  { keys: ['esc'], in: ['health'], help: 'back', hint: 'back', run: () => [act({ type: 'nav/back' })] },
  ...paging({
    in: ['health'],
    help: 'a page up or down',
    space: true,
    to: (_app, by, layout) => scroll(by * own(layout).page, layout),
  }),
  // After d, the step to dry-run: no confirmation, a dry run changes nothing.
  ...TASKS.map(
    ({ task, key }): KeyBinding<HealthContext> => ({
      keys: [key],
      in: ['health-dry-run'],
      help: `after d: dry run of ${task}`,
      hint: task,
      run: () => [act({ type: 'health/dry-run-close' }), run({ kind: 'run', task, dryRun: true })],
    }),
  ),
  {
    keys: ['any'],
    in: ['health-dry-run'],
    help: 'after d: no dry run',
    hint: 'cancel',
    run: () => [act({ type: 'health/dry-run-close' }), say('no dry run: nothing was changed')],
  },
  ...confirming({ yesNo: 'health-yes-no', name: 'health-name' }, (app): Answer | null => {
    const pending = healthOf(app).confirm;
    if (!pending) return null;
    return {
      confirm: pending.confirm,
      close: act({ type: 'health/confirm-close' }),
      go: run({ kind: 'run', task: pending.task, dryRun: false }),
      what: WHAT_NOT_DONE[pending.task],
      backspace: { type: 'health/confirm-backspace' },
      typed: (text) => ({ type: 'health/confirm-input', text }),
    };
  }),
];
