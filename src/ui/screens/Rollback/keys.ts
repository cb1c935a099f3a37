/**
 * The Rollback screen's key bindings and its confirmations, each written once; its definition
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
  reverifying,
  say,
  work,
  writeRunning,
} from '../../keyCommands.js';
import type { Command, KeyBinding, KeyLayout } from '../../keyTypes.js';
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

/** Why a rollback or restore cannot start now (a write running, a refusal), or null. */
function cannotWrite(state: AppState): Command[] | null {
  const running = writeRunning(state);
  if (running) return [say(running)];
  const rb = rollbackOf(state);
  const refusal = rb.refusals[rb.database];
  return refusal ? [say(refusal, 'error')] : null;
}

/** a: ask for the name, once the last dry run says what would be dropped and nothing blocks it. */
function rollBack(state: AppState): Command[] {
  const rb = rollbackOf(state);
  const last = rb.last?.result;
  if (!last) return [say('no dry run yet: press d, read what it would drop, then a')];
  if (last.outcome === 'failed' || last.outcome === 'interrupted')
    return [say(`the last dry run did not complete (${last.error ?? last.outcome}): press d to run it again`, 'error')];
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
      say(`nothing to roll back: no object of 0024 is present on ${rb.targets[rb.database]?.label ?? 'this database'}`),
    ];
  return [act({ type: 'rollback/ask' })];
}

const scroll = (by: number | 'start' | 'end', layout: KeyLayout): Command[] => [
  act({ type: 'rollback/scroll', by, max: own(layout).max }),
];
const BOTH: readonly RollbackContext[] = ['rollback', 'rollback-cascade'];

export const ROLLBACK_BINDINGS: readonly KeyBinding<RollbackContext>[] = [
  {
    keys: ['c'],
    in: ['rollback-cascade'],
    help: 'allow CASCADE to drop the selected dependent (the rollback refuses until each is)',
    hint: 'allow CASCADE',
    run: (app) => {
      const rb = rollbackOf(app);
      const dependent = dependentsOf(rb)[rb.selected];
      if (!dependent) return [say('no dependent selected: move to one with the arrows')];
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
    },
  },
  moving({
    in: ['rollback-cascade'],
    help: 'select a CASCADE dependent outside 0024',
    hint: 'dependent',
    to: (_app, by) => [act({ type: 'rollback/select', by })],
  }),
  {
    keys: ['a'],
    in: BOTH,
    help: 'roll back after typing the database name; rows go to ./mantis-rollback-<db>-<time>/',
    hint: 'roll back',
    run: (app) => cannotWrite(app) ?? rollBack(app),
  },
  {
    keys: ['d'],
    in: BOTH,
    help: 'dry run of the rollback (also when the screen opens): drops, rows, CASCADE, export',
    hint: 'dry run',
    run: (app) => cannotWrite(app) ?? [write({ kind: 'rollback', mode: 'dry-run' })],
  },
  {
    keys: ['u'],
    in: BOTH,
    help: 'after a rollback: restore its export (y/N): 0024 re-created, every row put back',
    hint: 'restore',
    run: (app) => {
      const refused = cannotWrite(app);
      if (refused) return refused;
      if (!restorable(rollbackOf(app)))
        return [
          say(
            'nothing to restore here: u puts back what a rollback of this session exported (for any other export: mantis-sync-tui restore DIR)',
          ),
        ];
      return [act({ type: 'rollback/ask-restore' })];
    },
  },
  {
    keys: ['x'],
    in: BOTH,
    help: 'discard data on/off: no export (the name must still be typed)',
    hint: 'discard data',
    run: (app) => {
      const on = !rollbackOf(app).discardData;
      return [
        act({ type: 'rollback/discard' }),
        say(
          on
            ? 'discard data ON: rows will NOT be exported before the DROP (the name must still be typed)'
            : 'discard data off: every row is exported and checked before any DROP',
          on ? 'error' : 'info',
        ),
      ];
    },
  },
  moving({ in: ['rollback'], help: 'scroll; the top and the end', hint: 'scroll', to: (_app, by, l) => scroll(by, l) }),
  ...paging({
    in: BOTH,
    help: 'scroll a page up or down',
    hint: 'page',
    space: true,
    to: (_app, by, layout) => scroll(by * own(layout).page, layout),
  }),
  {
    keys: ['s'],
    in: BOTH,
    help: 'roll back SPP instead of IS-SOH (0024 applied there by mistake), and back',
    hint: 'IS-SOH/SPP',
    run: (app) => {
      const rb = rollbackOf(app);
      const other = rb.database === 'issoh' ? 'spp' : 'issoh';
      if (!rb.targets[other])
        return [say(`only ${rb.targets[rb.database]?.label ?? 'one database'} has a URL: nothing to switch to`)];
      const running = writeRunning(app);
      if (running) return [say(running)];
      return [act({ type: 'rollback/database' }), write({ kind: 'rollback', mode: 'dry-run' })];
    },
  },
  reverifying(BOTH),
  { keys: ['esc'], in: BOTH, help: 'back', hint: 'back', run: () => [act({ type: 'nav/back' })] },
  ...confirming({ yesNo: 'confirm-yes-no', name: 'confirm-name' }, (app): Answer | null => {
    const rb = rollbackOf(app);
    if (!rb.pending) return null;
    const restoring = rb.pendingFor === 'restore';
    return {
      confirm: rb.pending,
      close: act({ type: 'rollback/confirm-close' }),
      go: write(restoring ? { kind: 'restore' } : { kind: 'rollback', mode: 'apply' }),
      what: restoring ? 'nothing was restored' : 'nothing was rolled back',
      backspace: { type: 'rollback/confirm-backspace' },
      typed: (text) => ({ type: 'rollback/confirm-input', text }),
    };
  }),
];
