/**
 * The Rollback screen's state: the last dry run (or rollback) and what it found, the "discard
 * data" switch, which CASCADE dependents outside 0024 the person has allowed, the confirmation by
 * name, and the rollback running. Pure: hooks/useWrites.ts does the work and reports here.
 */

import type { Config, DatabaseKey } from '../../../core/config.js';
import type { ContractImpact } from '../../../core/contract.js';
import { safePathComponent } from '../../../core/io.js';
import { type Dependent, dependentName, type RestoreResult, type RollbackResult } from '../../../core/rollback.js';
import type { AppState } from '../../appState.js';
import { askName, askYesNo, backspace, type Confirm, typeInto } from '../../confirm.js';
import { sliceOf } from '../../screen.js';
import { type WriteTarget, writeRefusal } from '../../writeSettings.js';

export interface RollbackRun {
  readonly database: DatabaseKey;
  readonly mode: 'dry-run' | 'apply';
  readonly result: RollbackResult;
  /** where the rows went (apply) or would go (dry run): ./mantis-rollback-<db>-<time>/ in the app's directory, absolute */
  readonly directory: string;
  readonly discardData: boolean;
  readonly allowCascade: readonly string[];
  readonly at: string;
  /** with --app / --contract: what the rollback does to the application's statements */
  readonly impact?: ContractImpact | null;
  readonly impactError?: string | null;
}

/** A restore (u): the rows a rollback of this session exported, put back with 0024. */
export interface RestoreRun {
  readonly database: DatabaseKey;
  readonly directory: string;
  readonly result: RestoreResult;
  readonly at: string;
}

export interface RollbackState {
  /** which database is rolled back: IS-SOH, or SPP where 0024 was applied by mistake */
  readonly database: DatabaseKey;
  readonly targets: Readonly<Record<DatabaseKey, WriteTarget | null>>;
  readonly refusals: Readonly<Record<DatabaseKey, string | null>>;
  readonly running: {
    readonly mode: 'dry-run' | 'apply';
    readonly startedAt: number;
    readonly discardData: boolean;
  } | null;
  readonly cancelling: boolean;
  /** the run shown: the last dry run or rollback */
  readonly last: RollbackRun | null;
  /** the last rollback (not dry run), kept in view after later dry runs */
  readonly applied: RollbackRun | null;
  /** skip the export (x): the name must still be typed */
  readonly discardData: boolean;
  /** dependents outside 0024 that CASCADE may drop, allowed one by one (c) */
  readonly allowed: readonly string[];
  /** the other database's allowances, kept while s shows this one (back with s, they still stand) */
  readonly allowedElsewhere: readonly string[];
  /** the dependent under the cursor */
  readonly selected: number;
  readonly scroll: number;
  readonly pending: Confirm | null;
  /** what the confirmation on screen is for */
  readonly pendingFor: 'rollback' | 'restore';
  readonly restoring: { readonly startedAt: number } | null;
  /** the last restore, kept in view */
  readonly restored: RestoreRun | null;
}

export type RollbackAction =
  | {
      readonly type: 'rollback/started';
      readonly mode: 'dry-run' | 'apply';
      readonly at: number;
      readonly discardData: boolean;
    }
  | { readonly type: 'rollback/finished'; readonly run: RollbackRun }
  | { readonly type: 'rollback/cancelling' }
  | { readonly type: 'rollback/discard' }
  | { readonly type: 'rollback/allow' }
  | { readonly type: 'rollback/select'; readonly by: number | 'start' | 'end' }
  | { readonly type: 'rollback/scroll'; readonly by: number | 'start' | 'end'; readonly max: number }
  | { readonly type: 'rollback/database' }
  | { readonly type: 'rollback/ask' }
  | { readonly type: 'rollback/confirm-input'; readonly text: string }
  | { readonly type: 'rollback/confirm-backspace' }
  | { readonly type: 'rollback/confirm-close' }
  | { readonly type: 'rollback/ask-restore' }
  | { readonly type: 'rollback/restore-started'; readonly at: number }
  | { readonly type: 'rollback/restore-finished'; readonly run: RestoreRun };

export const ROLLBACK_EVENTS: ReadonlySet<string> = new Set([
  'rollback/started',
  'rollback/finished',
  'rollback/cancelling',
  'rollback/restore-started',
  'rollback/restore-finished',
]);

/** The Rollback screen's state in the app's. */
export const rollbackOf = (app: AppState): RollbackState => sliceOf<RollbackState>(app, 'rollback');

/** What the Rollback keys read of its geometry (screen.tsx measures it). */
export interface RollbackLayout {
  /** how far the page can scroll */
  readonly max: number;
  readonly page: number;
}

/** What Rollback's keys ask of its work. */
export type RollbackRequest =
  | { readonly kind: 'rollback'; readonly mode: 'dry-run' | 'apply' }
  /** put back what the rollback shown exported (u) */
  | { readonly kind: 'restore' };

export function initialRollback(config: Config): RollbackState {
  const target = (key: DatabaseKey): WriteTarget | null => {
    const t = config[key];
    return t ? { label: t.label, host: t.host, database: t.database } : null;
  };
  const refusal = (key: DatabaseKey): string | null => {
    const t = config[key];
    return t ? writeRefusal(t) : null;
  };
  return {
    database: config.issoh ? 'issoh' : 'spp',
    targets: { issoh: target('issoh'), spp: target('spp') },
    refusals: { issoh: refusal('issoh'), spp: refusal('spp') },
    running: null,
    cancelling: false,
    last: null,
    applied: null,
    discardData: false,
    allowed: [],
    allowedElsewhere: [],
    selected: 0,
    scroll: 0,
    pending: null,
    pendingFor: 'rollback',
    restoring: null,
    restored: null,
  };
}

export { dependentName };

/** The dependents of the run shown. */
export const dependentsOf = (state: RollbackState): readonly Dependent[] => state.last?.result.dependents ?? [];

/** Dependents not (yet) allowed: while any is left, the rollback refuses. */
export const notAllowed = (state: RollbackState): Dependent[] =>
  dependentsOf(state).filter((d) => !state.allowed.includes(dependentName(d)));

/** The allowances that apply to what the last run found (none for objects that have gone). */
export const allowCascadeFor = (state: RollbackState): string[] =>
  state.allowed.filter((name) => dependentsOf(state).some((d) => dependentName(d) === name));

export interface RowTotals {
  readonly rows: number;
  readonly tables: number;
}

/** Rows of the three tables (partitions are counted in their parent). */
export function rowTotals(result: RollbackResult): RowTotals {
  const tables = result.rowCounts.filter((c) => c.partitionOf === null);
  return { rows: tables.reduce((sum, c) => sum + c.rows, 0), tables: tables.filter((c) => c.rows > 0).length };
}

/** Objects the rollback drops (the rest are already gone). */
export const dropCount = (result: RollbackResult): number => result.items.filter((i) => i.present).length;

/** The confirmation: always the database name; with discard on, a warning that rows will not be exported. */
export function rollbackConfirmation(state: RollbackState): Confirm | null {
  const target = state.targets[state.database];
  if (!target) return null;
  const where = `${target.label} ${target.host}/${target.database}`;
  const last = state.last?.result;
  const totals = last ? rowTotals(last) : { rows: 0, tables: 0 };
  const drops = last ? dropCount(last) : 0;
  if (state.discardData) {
    const warning =
      totals.rows > 0
        ? `DISCARD DATA: the ${totals.rows} rows of ${totals.tables} tables will NOT be exported; once this commits they are gone for good.`
        : 'DISCARD DATA: nothing will be exported (the tables held no rows at the dry run; any rows written since are lost too).';
    return askName(
      `Roll back 0024 on ${where} WITHOUT exporting its rows: drop ${drops} objects. Type the database name to go on.`,
      target.database,
      'roll back',
      warning,
    );
  }
  const rows =
    totals.rows > 0
      ? ` first export ${totals.rows} rows to ./mantis-rollback-${safePathComponent(target.database)}-<time>/ and check them, then`
      : '';
  return askName(
    `Roll back 0024 on ${where}:${rows} drop ${drops} objects in one transaction. Type the database name to go on.`,
    target.database,
    'roll back',
  );
}

/**
 * The rollback of this session whose export u can put back: committed on the database shown,
 * with its rows exported (not discarded), and not restored yet. The CLI's `restore DIR` takes
 * any export.
 */
export function restorable(state: RollbackState): RollbackRun | null {
  const run = state.applied;
  if (
    !run ||
    run.database !== state.database ||
    run.result.outcome !== 'committed' ||
    run.discardData ||
    !run.result.exported
  )
    return null;
  return run;
}

/** The question before a restore: y/N, as `restore` asks on the command line. */
export function restoreConfirmation(state: RollbackState): Confirm | null {
  const run = restorable(state);
  const target = state.targets[state.database];
  if (!run || !target) return null;
  const rows = run.result.exported?.tables.reduce((sum, t) => sum + t.rows, 0) ?? 0;
  return askYesNo(
    `Restore on ${target.label} ${target.host}/${target.database}: re-create 0024 and put back the ${rows} rows exported to ${run.directory} (checksums checked first), in one transaction?`,
  );
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function rollbackReducer(state: RollbackState, action: RollbackAction): RollbackState {
  switch (action.type) {
    case 'rollback/started':
      return {
        ...state,
        pending: null,
        running: { mode: action.mode, startedAt: action.at, discardData: action.discardData },
      };
    case 'rollback/finished': {
      const run = action.run;
      if (run.database !== state.database) return { ...state, running: null, cancelling: false };
      const count = run.result.dependents.length;
      return {
        ...state,
        running: null,
        cancelling: false,
        last: run,
        applied: run.mode === 'apply' ? run : state.applied,
        selected: clamp(state.selected, 0, Math.max(0, count - 1)),
        scroll: 0,
      };
    }
    case 'rollback/cancelling':
      return state.running || state.restoring ? { ...state, cancelling: true } : state;
    case 'rollback/discard':
      return { ...state, discardData: !state.discardData };
    case 'rollback/allow': {
      const dependent = dependentsOf(state)[state.selected];
      // A column typed with a 0024 enum holds data: it is changed first (its fix), never dropped by CASCADE.
      if (!dependent || dependent.blocker) return state;
      const name = dependentName(dependent);
      const allowed = state.allowed.includes(name) ? state.allowed.filter((n) => n !== name) : [...state.allowed, name];
      return { ...state, allowed };
    }
    case 'rollback/select': {
      const count = dependentsOf(state).length;
      if (count === 0) return state;
      const selected =
        action.by === 'start' ? 0 : action.by === 'end' ? count - 1 : clamp(state.selected + action.by, 0, count - 1);
      return selected === state.selected ? state : { ...state, selected };
    }
    case 'rollback/scroll': {
      const max = Math.max(0, action.max);
      const scroll = action.by === 'start' ? 0 : action.by === 'end' ? max : clamp(state.scroll + action.by, 0, max);
      return scroll === state.scroll ? state : { ...state, scroll };
    }
    case 'rollback/database': {
      const other: DatabaseKey = state.database === 'issoh' ? 'spp' : 'issoh';
      if (!state.targets[other] || state.running || state.restoring) return state;
      return {
        ...state,
        database: other,
        last: null,
        applied: null,
        restored: null,
        // Each database keeps what was allowed on it: a switch and back does not take a c away.
        allowed: state.allowedElsewhere,
        allowedElsewhere: state.allowed,
        selected: 0,
        scroll: 0,
        pending: null,
      };
    }
    case 'rollback/ask': {
      if (state.running || state.restoring) return state;
      const confirm = rollbackConfirmation(state);
      return confirm ? { ...state, pending: confirm, pendingFor: 'rollback' } : state;
    }
    case 'rollback/ask-restore': {
      if (state.running || state.restoring) return state;
      const confirm = restoreConfirmation(state);
      return confirm ? { ...state, pending: confirm, pendingFor: 'restore' } : state;
    }
    case 'rollback/restore-started':
      return { ...state, pending: null, restoring: { startedAt: action.at } };
    case 'rollback/restore-finished':
      // Once its rows are back, the export is not offered again (a second restore would fail on them).
      return {
        ...state,
        restoring: null,
        cancelling: false,
        restored: action.run,
        applied:
          action.run.result.outcome === 'committed' && action.run.database === state.database ? null : state.applied,
        // The dry run from before the restore described a database without 0024: gone (a new one follows).
        last: action.run.result.outcome === 'committed' && action.run.database === state.database ? null : state.last,
        scroll: 0,
      };
    case 'rollback/confirm-input':
      return state.pending ? { ...state, pending: typeInto(state.pending, action.text) } : state;
    case 'rollback/confirm-backspace':
      return state.pending ? { ...state, pending: backspace(state.pending) } : state;
    case 'rollback/confirm-close':
      return state.pending ? { ...state, pending: null } : state;
    default:
      return state;
  }
}
