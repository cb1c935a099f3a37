/**
 * The Rollback screen's keys and its confirmations, as data: what a key does (actions and effects,
 * pure), the status-bar hints and the Help lines. Its definition (screen.tsx) hands them to the
 * shell, so these keys are defined here and nowhere else.
 */

import type { AppState } from '../../appState.js';
import { act, answerKeys, type ConfirmContext, paging, say, upDown, work, writeRunning } from '../../keyCommands.js';
import type { Command, HelpSection, Hint, KeyLayout, KeyPress } from '../../keyTypes.js';
import type { Symbols } from '../../theme.js';
import {
  dependentName,
  dependentsOf,
  dropCount,
  notAllowed,
  type RollbackLayout,
  type RollbackRequest,
  restorable,
  rollbackOf,
} from './state.js';

/** On the page, choosing which CASCADE dependents to allow, or a confirmation (roll back, restore). */
export type RollbackContext = 'rollback' | 'rollback-cascade' | ConfirmContext;

/** What the keys need of the screen's geometry (layout.ts computes it). */
const FALLBACK: RollbackLayout = { max: 0, page: 8 };

const own = (layout: KeyLayout): RollbackLayout => (layout.screens.rollback as RollbackLayout) ?? FALLBACK;

const write = (request: RollbackRequest): Command => work(request);

/** The context on the Rollback screen. */
export function rollbackContext(state: AppState): RollbackContext {
  const rb = rollbackOf(state);
  if (rb.pending) return rb.pending.kind === 'name' ? 'confirm-name' : 'confirm-yes-no';
  return dependentsOf(rb).length > 0 ? 'rollback-cascade' : 'rollback';
}

/** Keys of the rollback's or the restore's confirmation: they take every key but Ctrl-C. */
export function rollbackConfirmKeys(state: AppState, input: string, key: KeyPress): Command[] {
  const rb = rollbackOf(state);
  const confirm = rb.pending;
  if (!confirm) return [];
  const restoring = rb.pendingFor === 'restore';
  return answerKeys(confirm, input, key, {
    close: act({ type: 'rollback/confirm-close' }),
    go: write(restoring ? { kind: 'restore' } : { kind: 'rollback', mode: 'apply' }),
    what: restoring ? 'nothing was restored' : 'nothing was rolled back',
    backspace: { type: 'rollback/confirm-backspace' },
    typed: (text) => ({ type: 'rollback/confirm-input', text }),
  });
}

/** Keys on the page (after the keys that work everywhere). */
export function rollbackKeys(
  state: AppState,
  context: 'rollback' | 'rollback-cascade',
  input: string,
  key: KeyPress,
  keyLayout: KeyLayout,
): Command[] {
  const rb = rollbackOf(state);
  const layout = own(keyLayout);
  const move = upDown(input, key);
  const page = paging(input, key, true);
  if (key.escape) return [act({ type: 'nav/back' })];
  if (context === 'rollback-cascade' && move !== null) return [act({ type: 'rollback/select', by: move })];
  if (move !== null) return [act({ type: 'rollback/scroll', by: move, max: layout.max })];
  if (page !== null) return [act({ type: 'rollback/scroll', by: page * layout.page, max: layout.max })];
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
    if (dependent.blocker)
      return [
        say(
          `${dependent.dependent} is typed with a 0024 enum: it cannot be allowed; change it first (${dependent.fix ?? 'ALTER … TYPE text'}), then d again`,
          'error',
        ),
      ];
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
    if (writeRunning(state)) return [say(writeRunning(state) ?? '')];
    return [act({ type: 'rollback/database' }), write({ kind: 'rollback', mode: 'dry-run' })];
  }
  if (input === 'u') {
    const running = writeRunning(state);
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
    const running = writeRunning(state);
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

/** The status bar, most useful first (the screens, help and quit are added last by the shell). */
export function rollbackHints(context: 'rollback' | 'rollback-cascade', sym: Symbols): Hint[] {
  const updown = sym.up === '↑' ? '↑↓' : 'Up/Down';
  if (context === 'rollback-cascade')
    return [
      { keys: 'c', label: 'allow CASCADE' },
      { keys: `${updown}/jk`, label: 'dependent' },
      { keys: 'a', label: 'roll back' },
      { keys: 'd', label: 'dry run' },
      { keys: 'x', label: 'discard data' },
      { keys: 'PgUp/PgDn', label: 'scroll' },
      { keys: 's', label: 'IS-SOH/SPP' },
      { keys: 'Esc', label: 'back' },
    ];
  return [
    { keys: 'a', label: 'roll back' },
    { keys: 'd', label: 'dry run' },
    { keys: 'u', label: 'restore' },
    { keys: 'x', label: 'discard data' },
    { keys: `${updown}/jk`, label: 'scroll' },
    { keys: 's', label: 'IS-SOH/SPP' },
    { keys: 'r', label: 're-verify' },
    { keys: 'Esc', label: 'back' },
  ];
}

/** Help's section for the Rollback screen. */
export function rollbackHelp(sym: Symbols): HelpSection {
  const updown = sym.up === '↑' ? '↑ ↓' : 'Up Down';
  return {
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
  };
}
