/**
 * The Remediate screen's key bindings and its confirmation, each written once; its definition
 * (screen.tsx) hands them to the shell.
 */
import type { AppState } from '../../appState.js';
import {
  type Answer,
  act,
  type ConfirmContext,
  confirming,
  moving,
  paging,
  say,
  work,
  writeRunning,
} from '../../keyCommands.js';
import type { Command, KeyBinding, KeyLayout } from '../../keyTypes.js';
import { isSqlStep, type RemediateLayout, type RemediateRequest, remediateOf, selectedStep } from './state.js';

/** On the step list, the step's pane on the whole screen, or a step's confirmation. */
export type RemediateContext = 'remediate' | 'remediate-pane' | ConfirmContext;

/** What the keys need of the screen's geometry (layout.ts computes it). */
const FALLBACK: RemediateLayout = { list: 8, paneMax: 0, page: 8 };

const own = (layout: KeyLayout): RemediateLayout => (layout.screens.remediate as RemediateLayout) ?? FALLBACK;

const write = (request: RemediateRequest): Command => work(request);

/** The context on the Remediate screen. */
export function remediateContext(state: AppState): RemediateContext {
  const r = remediateOf(state);
  if (r.pending) return r.pending.confirm.kind === 'name' ? 'confirm-name' : 'confirm-yes-no';
  return r.zoom ? 'remediate-pane' : 'remediate';
}

/** d, a, t and Enter on a step: what they do depends on the kind of step. */
function stepKeys(state: AppState, wants: 'dry-run' | 'apply' | 'rls' | 'enter'): Command[] {
  const r = remediateOf(state);
  const refusal = r.refusal;
  const step = selectedStep(r);
  const running = writeRunning(state);
  if (wants === 'enter' && step && isSqlStep(step)) return [act({ type: 'remediate/zoom', on: !r.zoom })];
  if (wants === 'enter' && step?.kind === 'info') return [act({ type: 'remediate/zoom', on: !r.zoom })];
  if (!r.plan || !step)
    return [
      say(r.planning ? 'the plan is being read: a moment' : `no plan yet${r.planError ? `: ${r.planError}` : ''}`),
    ];
  if (running) return [say(running)];
  if (r.planning) return [say('the plan is being read again: a moment')];
  const rlsStep = wants === 'rls' ? r.plan.steps.find((s) => s.kind === 'rls-test') : step;
  if (!rlsStep) return [say('the plan has no RLS test step')];
  const target = wants === 'rls' ? rlsStep : step;
  if (target.kind === 'verify') return [write({ kind: 'verify' })];
  if (target.kind === 'info') return [say(`${target.id} is information: there is nothing to run`)];
  // The RLS test runs through a pooler too, as test-rls does: it only ever rolls back.
  if (target.kind === 'rls-test') return [write({ kind: 'step', stepId: target.id, action: 'rls-test' })];
  if (refusal) return [say(r.refusalLine ?? refusal, 'error')];
  if (wants === 'dry-run') return [write({ kind: 'step', stepId: target.id, action: 'dry-run' })];
  if (wants === 'apply') return [act({ type: 'remediate/ask', stepId: target.id })];
  return [];
}

const scroll = (by: number | 'start' | 'end', layout: KeyLayout): Command[] => [
  act({ type: 'remediate/scroll', by, max: own(layout).paneMax }),
];
const BOTH: readonly RemediateContext[] = ['remediate', 'remediate-pane'];

export const REMEDIATE_BINDINGS: readonly KeyBinding<RemediateContext>[] = [
  moving({
    in: ['remediate-pane'],
    help: 'in the pane on the whole screen: scroll; the top and the end',
    hint: 'scroll',
    to: (_app, by, layout) => scroll(by, layout),
  }),
  {
    keys: ['a'],
    in: BOTH,
    help: 'apply: y/N for safe and moderate steps, the database name typed for severe ones',
    hint: 'apply',
    run: (app) => stepKeys(app, 'apply'),
  },
  {
    keys: ['d'],
    in: BOTH,
    help: 'dry run: the step in a transaction, re-checked inside it, then rolled back',
    hint: 'dry run',
    run: (app) => stepKeys(app, 'dry-run'),
  },
  {
    keys: ['esc', 'left', 'h', 'enter'],
    hintKeys: ['esc'],
    in: ['remediate-pane'],
    help: 'back from the pane on the whole screen to the steps',
    hint: 'back',
    run: () => [act({ type: 'remediate/zoom', on: false })],
  },
  {
    keys: ['t'],
    in: BOTH,
    help: 'run the RLS isolation test (in a transaction that rolls back)',
    hint: 'test RLS',
    run: (app) => stepKeys(app, 'rls'),
  },
  moving({
    in: ['remediate'],
    help: 'select a step (the plan is read again when the screen opens)',
    hint: 'step',
    to: (_app, by, layout) => [act({ type: 'remediate/move', by, viewport: own(layout).list })],
  }),
  {
    keys: ['enter'],
    in: ['remediate'],
    help: 'the pane on the whole screen (Esc back); on the RLS test: run it; on Re-verify: re-verify',
    hint: 'open',
    run: (app) => stepKeys(app, 'enter'),
  },
  ...paging({
    in: BOTH,
    help: "scroll the step's explanation and SQL",
    hint: 'scroll SQL',
    space: true,
    to: (_app, by, layout) => scroll(by * own(layout).page, layout),
  }),
  {
    keys: ['r'],
    in: BOTH,
    help: 're-verify the checklist and plan again',
    hint: 're-verify',
    run: (app) => {
      const running = writeRunning(app);
      return running ? [say(running)] : [write({ kind: 'verify' })];
    },
  },
  { keys: ['esc'], in: ['remediate'], help: 'back', hint: 'back', run: () => [act({ type: 'nav/back' })] },
  ...confirming({ yesNo: 'confirm-yes-no', name: 'confirm-name' }, (app): Answer | null => {
    const pending = remediateOf(app).pending;
    if (!pending) return null;
    const { confirm, stepId } = pending;
    return {
      confirm,
      close: act({ type: 'remediate/confirm-close' }),
      go: write({ kind: 'step', stepId, action: 'apply' }),
      what: `${stepId} was not applied`,
      backspace: { type: 'remediate/confirm-backspace' },
      typed: (text) => ({ type: 'remediate/confirm-input', text }),
    };
  }),
];
