/**
 * The Remediate screen's keys and its confirmation, as data: what a key does (actions and effects,
 * pure), the status-bar hints and the Help lines. Its definition (screen.tsx) hands them to the
 * shell, so these keys are defined here and nowhere else.
 */

import type { AppState } from '../../appState.js';
import { act, answerKeys, type ConfirmContext, paging, say, upDown, work, writeRunning } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from '../../keyTypes.js';
import type { Symbols } from '../../theme.js';
import {
  isSqlStep,
  type RemediateLayout,
  type RemediateRequest,
  type RemediateState,
  remediateOf,
  selectedStep,
} from './state.js';

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

/** Keys of a step's confirmation: they take every key but Ctrl-C. */
export function remediateConfirmKeys(state: AppState, input: string, key: KeyPress): Command[] {
  const pending = remediateOf(state).pending;
  if (!pending) return [];
  const { confirm, stepId } = pending;
  return answerKeys(confirm, input, key, {
    close: act({ type: 'remediate/confirm-close' }),
    go: write({ kind: 'step', stepId, action: 'apply' }),
    what: `${stepId} was not applied`,
    backspace: { type: 'remediate/confirm-backspace' },
    typed: (text) => ({ type: 'remediate/confirm-input', text }),
  });
}

/** d, a, t and Enter on a step: what they do depends on the kind of step. */
function stepKeys(r: RemediateState, state: AppState, input: string, key: KeyPress): Command[] | null {
  const refusal = r.refusal;
  const step = selectedStep(r);
  const running = writeRunning(state);
  const wants =
    input === 'd' ? 'dry-run' : input === 'a' ? 'apply' : input === 't' ? 'rls' : key.return ? 'enter' : null;
  if (wants === null) return null;
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
  if (refusal) return [say(r.refusalLine ?? refusal, 'error')];
  if (target.kind === 'rls-test') return [write({ kind: 'step', stepId: target.id, action: 'rls-test' })];
  if (wants === 'dry-run') return [write({ kind: 'step', stepId: target.id, action: 'dry-run' })];
  if (wants === 'apply') return [act({ type: 'remediate/ask', stepId: target.id })];
  return [];
}

/** Keys on the step list or the pane (after the keys that work everywhere). */
export function remediateKeys(
  state: AppState,
  context: 'remediate' | 'remediate-pane',
  input: string,
  key: KeyPress,
  keyLayout: KeyLayout,
): Command[] {
  const r = remediateOf(state);
  const layout = own(keyLayout);
  const move = upDown(input, key);
  const page = paging(input, key, true);
  if (context === 'remediate-pane') {
    if (key.escape || key.leftArrow || input === 'h' || key.return) return [act({ type: 'remediate/zoom', on: false })];
    if (move !== null) return [act({ type: 'remediate/scroll', by: move, max: layout.paneMax })];
    if (page !== null) return [act({ type: 'remediate/scroll', by: page * layout.page, max: layout.paneMax })];
  } else {
    if (key.escape) return [act({ type: 'nav/back' })];
    if (move !== null) return [act({ type: 'remediate/move', by: move, viewport: layout.list })];
    if (page !== null) return [act({ type: 'remediate/scroll', by: page * layout.page, max: layout.paneMax })];
  }
  if (input === 'r') return writeRunning(state) ? [say(writeRunning(state) ?? '')] : [write({ kind: 'verify' })];
  return stepKeys(r, state, input, key) ?? [];
}

/** The status bar, most useful first (the screens, help and quit are added last by the shell). */
export function remediateHints(context: 'remediate' | 'remediate-pane', sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  if (context === 'remediate-pane')
    return [
      { keys: `${updown}/jk`, label: 'scroll' },
      { keys: 'a', label: 'apply' },
      { keys: 'd', label: 'dry run' },
      { keys: 'Esc', label: 'back' },
      { keys: 'PgUp/PgDn', label: 'page' },
      { keys: 't', label: 'test RLS' },
    ];
  return [
    { keys: 'a', label: 'apply' },
    { keys: 'd', label: 'dry run' },
    { keys: 't', label: 'test RLS' },
    { keys: `${updown}/jk`, label: 'step' },
    { keys: 'Enter', label: 'open' },
    { keys: 'PgUp/PgDn', label: 'scroll SQL' },
    { keys: 'r', label: 're-verify' },
    { keys: 'Esc', label: 'back' },
  ];
}

/** Help's section for the Remediate screen. */
export function remediateHelp(sym: Symbols): HelpSection {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return {
    title: 'Remediate',
    keys: [
      [`${updown}  j k  g G`, 'select a step (the plan is read again when the screen opens)'],
      ['PgUp PgDn', "scroll the step's explanation and SQL"],
      ['Enter', 'the pane on the whole screen (Esc back); on the RLS test: run it; on Re-verify: re-verify'],
      ['d', 'dry run: the step in a transaction, re-checked inside it, then rolled back'],
      ['a', 'apply: y/N for safe and moderate steps, the database name typed for severe ones'],
      ['t', 'run the RLS isolation test (in a transaction that rolls back)'],
      ['r', 're-verify the checklist and plan again'],
      ['q  Ctrl-C', 'while a step runs: cancel it (rolled back, nothing half-applied), then quit'],
    ],
  };
}
