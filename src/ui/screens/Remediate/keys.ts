/**
 * The keys of the Remediate and Rollback screens and of their confirmations, as data: what a key
 * does (actions and effects, pure), the status-bar hints and the Help lines. keymap.ts calls in
 * here, so the key table stays the one place keys are defined.
 */

import type { AppAction, AppState } from '../../appState.js';
import { isYes, judgeName } from '../../confirm.js';
import type { WriteRequest } from '../../hooks/useWrites.js';
import type { Command, Hint, KeyLayout, KeyPress } from '../../keymap.js';
import { TAB_SCREENS } from '../../navigation.js';
import type { Symbols } from '../../theme.js';
import { dependentName, dependentsOf, dropCount, notAllowed, restorable } from '../Rollback/state.js';
import { isSqlStep, type RemediateState, selectedStep } from './state.js';

export type WriteContext =
  | 'remediate'
  | 'remediate-pane'
  | 'rollback'
  | 'rollback-cascade'
  | 'confirm-yes-no'
  | 'confirm-name';

/** What the keys need of the two screens' geometry (layout.ts computes it). */
export interface WritesLayout {
  /** steps shown at once */
  readonly remediateList: number;
  /** how far the step's pane can scroll */
  readonly remediatePaneMax: number;
  readonly remediatePage: number;
  /** how far the rollback's page can scroll */
  readonly rollbackMax: number;
  readonly rollbackPage: number;
}

const FALLBACK: WritesLayout = {
  remediateList: 8,
  remediatePaneMax: 0,
  remediatePage: 8,
  rollbackMax: 0,
  rollbackPage: 8,
};

const act = (action: AppAction): Command => ({ action });
const write = (request: WriteRequest): Command => ({ effect: { type: 'write', request } });
const say = (text: string, tone: 'info' | 'error' = 'info'): Command =>
  act({ type: 'message', message: { text, tone } });

export const isWriteContext = (context: string): context is WriteContext =>
  ['remediate', 'remediate-pane', 'rollback', 'rollback-cascade', 'confirm-yes-no', 'confirm-name'].includes(context);

/** The context on the Remediate or Rollback screen; null elsewhere. */
export function writeContext(state: AppState): WriteContext | null {
  const screen = state.navigation.screen;
  if (screen === 'remediate') {
    const pending = state.remediate.pending;
    if (pending) return pending.confirm.kind === 'name' ? 'confirm-name' : 'confirm-yes-no';
    return state.remediate.zoom ? 'remediate-pane' : 'remediate';
  }
  if (screen === 'rollback') {
    const pending = state.rollback.pending;
    if (pending) return pending.kind === 'name' ? 'confirm-name' : 'confirm-yes-no';
    return dependentsOf(state.rollback).length > 0 ? 'rollback-cascade' : 'rollback';
  }
  return null;
}

/** A write already running, in words, or null. */
function busy(state: AppState): string | null {
  const step = state.remediate.running;
  if (step) return `${step.stepId} is running: wait for it (q cancels it, rolled back, and quits)`;
  const rb = state.rollback.running;
  if (rb)
    return `the rollback${rb.mode === 'dry-run' ? "'s dry run" : ''} is running: wait for it (q cancels it, rolled back, and quits)`;
  if (state.rollback.restoring) return 'the restore is running: wait for it (q cancels it, rolled back, and quits)';
  return null;
}

/** Keys of a confirmation: they take every key but Ctrl-C, so nothing else happens while one is asked. */
export function confirmKeys(state: AppState, input: string, key: KeyPress): Command[] {
  const onRemediate = state.navigation.screen === 'remediate';
  const confirm = onRemediate ? state.remediate.pending?.confirm : state.rollback.pending;
  if (!confirm) return [];
  const close = act(onRemediate ? { type: 'remediate/confirm-close' } : { type: 'rollback/confirm-close' });
  const stepId = state.remediate.pending?.stepId ?? '';
  const restoring = !onRemediate && state.rollback.pendingFor === 'restore';
  const go = onRemediate
    ? write({ kind: 'step', stepId, action: 'apply' })
    : write(restoring ? { kind: 'restore' } : { kind: 'rollback', mode: 'apply' });
  const what = onRemediate
    ? `${stepId} was not applied`
    : restoring
      ? 'nothing was restored'
      : 'nothing was rolled back';
  if (confirm.kind === 'yes-no') {
    if (isYes(input) && !key.ctrl && !key.meta) return [close, go];
    return [close, say(`not confirmed: ${what}; nothing was changed`)];
  }
  if (key.escape) return [close, say(`cancelled: ${what}; nothing was changed`)];
  if (key.return) {
    const verdict = judgeName(confirm);
    return verdict.confirmed ? [close, go] : [close, say(verdict.reason, 'error')];
  }
  if (key.backspace || key.delete)
    return [act(onRemediate ? { type: 'remediate/confirm-backspace' } : { type: 'rollback/confirm-backspace' })];
  if (key.ctrl || key.meta || key.tab || input === '') return [];
  return [
    act(
      onRemediate ? { type: 'remediate/confirm-input', text: input } : { type: 'rollback/confirm-input', text: input },
    ),
  ];
}

/** Up/down: -1, 1, or the ends. */
function upDown(input: string, key: KeyPress): number | 'start' | 'end' | null {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.home || input === 'g') return 'start';
  if (key.end || input === 'G') return 'end';
  return null;
}

/** A page up or down (PgUp/PgDn, b/space, Ctrl-U/Ctrl-D). */
function paging(input: string, key: KeyPress): -1 | 1 | null {
  if (key.pageUp || (input === 'b' && !key.ctrl) || (key.ctrl && input === 'u')) return -1;
  if (key.pageDown || input === ' ' || (key.ctrl && input === 'd')) return 1;
  return null;
}

/** d, a, t and Enter on a step: what they do depends on the kind of step. */
function stepKeys(r: RemediateState, state: AppState, input: string, key: KeyPress): Command[] | null {
  const refusal = r.refusal;
  const step = selectedStep(r);
  const running = busy(state);
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
  if (refusal) return [say(refusal, 'error')];
  if (target.kind === 'rls-test') return [write({ kind: 'step', stepId: target.id, action: 'rls-test' })];
  if (wants === 'dry-run') return [write({ kind: 'step', stepId: target.id, action: 'dry-run' })];
  if (wants === 'apply') return [act({ type: 'remediate/ask', stepId: target.id })];
  return [];
}

function remediateKeys(
  state: AppState,
  context: WriteContext,
  input: string,
  key: KeyPress,
  layout: WritesLayout,
): Command[] {
  const r = state.remediate;
  const move = upDown(input, key);
  const page = paging(input, key);
  if (context === 'remediate-pane') {
    if (key.escape || key.leftArrow || input === 'h' || key.return) return [act({ type: 'remediate/zoom', on: false })];
    if (move !== null) return [act({ type: 'remediate/scroll', by: move, max: layout.remediatePaneMax })];
    if (page !== null)
      return [act({ type: 'remediate/scroll', by: page * layout.remediatePage, max: layout.remediatePaneMax })];
  } else {
    if (key.escape) return [act({ type: 'nav/back' })];
    if (move !== null) return [act({ type: 'remediate/move', by: move, viewport: layout.remediateList })];
    if (page !== null)
      return [act({ type: 'remediate/scroll', by: page * layout.remediatePage, max: layout.remediatePaneMax })];
  }
  if (input === 'r') return busy(state) ? [say(busy(state) ?? '')] : [write({ kind: 'verify' })];
  return stepKeys(r, state, input, key) ?? [];
}

function rollbackKeys(
  state: AppState,
  context: WriteContext,
  input: string,
  key: KeyPress,
  layout: WritesLayout,
): Command[] {
  const rb = state.rollback;
  const move = upDown(input, key);
  const page = paging(input, key);
  if (key.escape) return [act({ type: 'nav/back' })];
  if (context === 'rollback-cascade' && move !== null) return [act({ type: 'rollback/select', by: move })];
  if (move !== null) return [act({ type: 'rollback/scroll', by: move, max: layout.rollbackMax })];
  if (page !== null) return [act({ type: 'rollback/scroll', by: page * layout.rollbackPage, max: layout.rollbackMax })];
  if (input === 'r') return [{ effect: { type: 'reverify' } }];
  if (input === 'x') {
    const on = !rb.discardData;
    return [
      act({ type: 'rollback/discard' }),
      say(
        on
          ? 'discard data ON: rows will NOT be exported before the DROP (the name must still be typed)'
          : 'discard data off: every row is exported and checked before any DROP',
        on ? 'error' : 'info',
      ),
    ];
  }
  if (input === 'c' && context === 'rollback-cascade') {
    const dependent = dependentsOf(rb)[rb.selected];
    if (!dependent) return [];
    const name = dependentName(dependent);
    const allowing = !rb.allowed.includes(name);
    return [
      act({ type: 'rollback/allow' }),
      say(allowing ? `allowed: CASCADE may drop ${name}` : `no longer allowed: ${name}`),
    ];
  }
  if (input === 's') {
    const other = rb.database === 'issoh' ? 'spp' : 'issoh';
    if (!rb.targets[other])
      return [say(`only ${rb.targets[rb.database]?.label ?? 'one database'} has a URL: nothing to switch to`)];
    if (busy(state)) return [say(busy(state) ?? '')];
    return [act({ type: 'rollback/database' }), write({ kind: 'rollback', mode: 'dry-run' })];
  }
  if (input === 'u') {
    const running = busy(state);
    if (running) return [say(running)];
    const refusal = rb.refusals[rb.database];
    if (refusal) return [say(refusal, 'error')];
    if (!restorable(rb)) {
      return [
        say(
          'nothing to restore here: u puts back what a rollback of this session exported (for any other export: mantis-sync-tui restore DIR)',
        ),
      ];
    }
    return [act({ type: 'rollback/ask-restore' })];
  }
  if (input === 'd' || input === 'a') {
    const running = busy(state);
    if (running) return [say(running)];
    const refusal = rb.refusals[rb.database];
    if (refusal) return [say(refusal, 'error')];
    if (input === 'd') return [write({ kind: 'rollback', mode: 'dry-run' })];
    const last = rb.last?.result;
    if (!last) return [say('no dry run yet: press d, read what it would drop, then a')];
    if (last.outcome === 'failed' || last.outcome === 'interrupted')
      return [
        say(`the last dry run did not complete (${last.error ?? last.outcome}): press d to run it again`, 'error'),
      ];
    const blocking = notAllowed(rb);
    if (blocking.length > 0) {
      return [
        say(
          `refused: CASCADE would also drop ${blocking.map(dependentName).join(', ')}, which 0024 did not create: allow each with c (or drop it yourself first); nothing was changed`,
          'error',
        ),
      ];
    }
    if (dropCount(last) === 0)
      return [
        say(
          `nothing to roll back: no object of 0024 is present on ${rb.targets[rb.database]?.label ?? 'this database'}`,
        ),
      ];
    return [act({ type: 'rollback/ask' })];
  }
  return [];
}

/** Keys on the two screens (after the keys that work everywhere). */
export function writeScreenKeys(
  state: AppState,
  context: WriteContext,
  input: string,
  key: KeyPress,
  layout: KeyLayout,
): Command[] {
  const geometry = layout.writes ?? FALLBACK;
  if (context === 'remediate' || context === 'remediate-pane')
    return remediateKeys(state, context, input, key, geometry);
  if (context === 'rollback' || context === 'rollback-cascade')
    return rollbackKeys(state, context, input, key, geometry);
  return [];
}

/** The status bar in these contexts, most useful first (help and quit are added last by the caller). */
export function writeHints(context: WriteContext, sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  const screens = { keys: `1-${TAB_SCREENS.length}/Tab`, label: 'screens' };
  switch (context) {
    case 'confirm-yes-no':
      return [
        { keys: 'y', label: 'yes' },
        { keys: 'n/Esc/any key', label: 'no' },
      ];
    case 'confirm-name':
      return [
        { keys: 'type', label: 'the database name' },
        { keys: 'Enter', label: 'confirm' },
        { keys: 'Esc', label: 'cancel' },
        { keys: 'Backspace', label: 'erase' },
      ];
    case 'remediate':
      return [
        { keys: 'a', label: 'apply' },
        { keys: 'd', label: 'dry run' },
        { keys: 't', label: 'test RLS' },
        { keys: `${updown}/jk`, label: 'step' },
        { keys: 'Enter', label: 'open' },
        { keys: 'PgUp/PgDn', label: 'scroll SQL' },
        { keys: 'r', label: 're-verify' },
        { keys: 'Esc', label: 'back' },
        screens,
      ];
    case 'remediate-pane':
      return [
        { keys: `${updown}/jk`, label: 'scroll' },
        { keys: 'a', label: 'apply' },
        { keys: 'd', label: 'dry run' },
        { keys: 'Esc', label: 'back' },
        { keys: 'PgUp/PgDn', label: 'page' },
        { keys: 't', label: 'test RLS' },
        screens,
      ];
    case 'rollback':
      return [
        { keys: 'a', label: 'roll back' },
        { keys: 'd', label: 'dry run' },
        { keys: 'u', label: 'restore' },
        { keys: 'x', label: 'discard data' },
        { keys: `${updown}/jk`, label: 'scroll' },
        { keys: 's', label: 'IS-SOH/SPP' },
        { keys: 'r', label: 're-verify' },
        { keys: 'Esc', label: 'back' },
        screens,
      ];
    case 'rollback-cascade':
      return [
        { keys: 'c', label: 'allow CASCADE' },
        { keys: `${updown}/jk`, label: 'dependent' },
        { keys: 'a', label: 'roll back' },
        { keys: 'd', label: 'dry run' },
        { keys: 'x', label: 'discard data' },
        { keys: 'PgUp/PgDn', label: 'scroll' },
        { keys: 's', label: 'IS-SOH/SPP' },
        { keys: 'Esc', label: 'back' },
        screens,
      ];
    default:
      return [];
  }
}

/** Help's sections for the two screens and the confirmations. */
export function writeHelp(
  sym: Symbols,
): Array<{ readonly title: string; readonly keys: ReadonlyArray<readonly [string, string]> }> {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return [
    {
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
    },
    {
      title: 'Rollback',
      keys: [
        ['d', 'dry run of the rollback (also when the screen opens): drops, rows, CASCADE, export'],
        ['a', 'roll back after typing the database name; rows go to ./mantis-rollback-<db>-<time>/'],
        ['u', 'after a rollback: restore its export (y/N): 0024 re-created, every row put back'],
        ['x', 'discard data on/off: no export (the name must still be typed)'],
        [`${updown}  j k`, 'select a CASCADE dependent outside 0024 (else scroll)'],
        ['c', 'allow CASCADE to drop the selected dependent (the rollback refuses until each is)'],
        ['s', 'roll back SPP instead of IS-SOH (0024 applied there by mistake), and back'],
        ['PgUp PgDn  g G', 'scroll'],
      ],
    },
    {
      title: 'Confirmations',
      keys: [
        ['y', 'yes to "[y/N]"; any other key is no'],
        ['the name  Enter', 'confirm a severe change: only the exact database name does'],
        ['Esc', 'cancel: nothing is changed'],
      ],
    },
  ];
}
