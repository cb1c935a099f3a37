/**
 * The Health screen's state: the last health report (partitions, coverage, metrics, indexes,
 * tables) over the chosen window, the confirmation being asked, and the outcome of the last
 * maintenance step. Pure: useHealth.ts reads the database and runs the steps.
 */
import type { HealthReport } from '../../../core/health.js';
import type {
  ArchiveResult,
  CacheCleanup,
  MaintenanceResult,
  PartitionMaintenance,
} from '../../../core/maintenance.js';
import { maintainVerdictWords } from '../../../output/maintain.js';
import type { AppState } from '../../appState.js';
import { askName, askYesNo, backspace, type Confirm, typeInto } from '../../confirm.js';
import { sliceOf } from '../../screen.js';

export type HealthTask = 'partitions' | 'cache' | 'archive';

/** `w` cycles through these (minutes); the headless `health` defaults to 60 too. */
export const WINDOWS = [15, 60, 1440] as const;
export const DEFAULT_WINDOW = 60;
/** `p`: monthly partitions through this many months after the current one (seed 004: "Q+3"). */
export const MONTHS_AHEAD = 3;
/** `A`: partitions whose months ended more than this many months ago. */
export const ARCHIVE_OLDER_THAN_MONTHS = 6;

export const TASK_TITLES: Record<HealthTask, string> = {
  partitions: `create the monthly partitions through ${MONTHS_AHEAD} months ahead (rows already in the catch-all move into their months)`,
  cache: 'delete the expired preview cache entries (auto_cleanup_preview_cache())',
  archive: `archive the partitions older than ${ARCHIVE_OLDER_THAN_MONTHS} months (exported first, then detached)`,
};

/** A step waiting for its confirmation: y/N for partitions and the cache, the database name typed for archiving. */
export interface Confirmation {
  readonly task: HealthTask;
  readonly confirm: Confirm;
}

export interface TaskOutcome {
  readonly task: HealthTask;
  readonly outcome: MaintenanceResult<unknown>['outcome'];
  readonly durationMs: number;
  /** what happened, a line each (created, moved, rows per partition, deleted, exported) */
  readonly lines: readonly string[];
  readonly error: string | null;
}

export interface HealthScreenState {
  /** the database IS-SOH names (what archiving asks to type); null without an IS-SOH URL */
  readonly database: string | null;
  /** why writes are refused here (pooled endpoint, no IS-SOH URL); null when they are allowed */
  readonly refusal: string | null;
  readonly windowMinutes: number;
  /** increments with every read; answers to an older read are dropped */
  readonly request: number;
  readonly loading: boolean;
  readonly report: HealthReport | null;
  /** the window the report was read with */
  readonly reportWindow: number | null;
  readonly error: string | null;
  readonly scroll: number;
  readonly confirm: Confirmation | null;
  /** `d` was pressed: the next key names the step to dry-run */
  readonly choosingDryRun: boolean;
  readonly running: HealthTask | null;
  readonly outcome: TaskOutcome | null;
}

export type HealthAction =
  | { readonly type: 'health/configure'; readonly database: string | null; readonly refusal: string | null }
  | { readonly type: 'health/loading'; readonly request: number }
  | {
      readonly type: 'health/loaded';
      readonly request: number;
      readonly report: HealthReport;
      readonly windowMinutes: number;
    }
  | { readonly type: 'health/failed'; readonly request: number; readonly error: string }
  | { readonly type: 'health/running'; readonly task: HealthTask }
  | { readonly type: 'health/result'; readonly outcome: TaskOutcome }
  | { readonly type: 'health/window' }
  | { readonly type: 'health/scroll'; readonly by: number | 'start' | 'end'; readonly max: number }
  | { readonly type: 'health/ask'; readonly task: HealthTask }
  | { readonly type: 'health/confirm-input'; readonly text: string }
  | { readonly type: 'health/confirm-backspace' }
  | { readonly type: 'health/confirm-close' }
  | { readonly type: 'health/dry-run-choose' }
  | { readonly type: 'health/dry-run-close' };

const EVENTS = new Set([
  'health/configure',
  'health/loading',
  'health/loaded',
  'health/failed',
  'health/running',
  'health/result',
]);

/** Actions that come from the database, not from a key: they do not clear the message line. */
export const isHealthEvent = (action: { readonly type: string }): boolean => EVENTS.has(action.type);

/** Health's state in the app's. */
export const healthOf = (app: AppState): HealthScreenState => sliceOf<HealthScreenState>(app, 'health');

/** What Health's keys read of its geometry (screen.tsx measures it). */
export interface HealthLayout {
  /** how far the report can scroll */
  readonly max: number;
  readonly page: number;
}

/** What Health's keys ask of its work: read the report again, or run a confirmed step (or its dry run). */
export type HealthRequest =
  | { readonly kind: 'reload' }
  | { readonly kind: 'run'; readonly task: HealthTask; readonly dryRun: boolean };

export const initialHealth: HealthScreenState = {
  database: null,
  refusal: null,
  windowMinutes: DEFAULT_WINDOW,
  request: 0,
  loading: false,
  report: null,
  reportWindow: null,
  error: null,
  scroll: 0,
  confirm: null,
  choosingDryRun: false,
  running: null,
  outcome: null,
};

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function healthReducer(state: HealthScreenState, action: HealthAction): HealthScreenState {
  switch (action.type) {
    case 'health/configure':
      if (state.database === action.database && state.refusal === action.refusal) return state;
      return { ...state, database: action.database, refusal: action.refusal };
    case 'health/loading':
      return { ...state, request: action.request, loading: true };
    case 'health/loaded':
      if (action.request !== state.request) return state;
      return { ...state, loading: false, report: action.report, reportWindow: action.windowMinutes, error: null };
    case 'health/failed':
      if (action.request !== state.request) return state;
      return { ...state, loading: false, error: action.error };
    case 'health/running':
      return { ...state, running: action.task, confirm: null, choosingDryRun: false };
    case 'health/result':
      return { ...state, running: null, outcome: action.outcome, scroll: 0 };
    case 'health/window': {
      const index = WINDOWS.indexOf(state.windowMinutes as (typeof WINDOWS)[number]);
      return { ...state, windowMinutes: WINDOWS[(index + 1) % WINDOWS.length] ?? DEFAULT_WINDOW };
    }
    case 'health/scroll': {
      const max = Math.max(0, action.max);
      const scroll = action.by === 'start' ? 0 : action.by === 'end' ? max : clamp(state.scroll + action.by, 0, max);
      return scroll === state.scroll ? state : { ...state, scroll };
    }
    case 'health/ask':
      if (state.running || state.refusal || state.database === null) return state;
      return { ...state, confirm: { task: action.task, confirm: confirmationFor(action.task, state.database) } };
    case 'health/confirm-input':
      if (!state.confirm) return state;
      return { ...state, confirm: { ...state.confirm, confirm: typeInto(state.confirm.confirm, action.text) } };
    case 'health/confirm-backspace':
      if (!state.confirm) return state;
      return { ...state, confirm: { ...state.confirm, confirm: backspace(state.confirm.confirm) } };
    case 'health/confirm-close':
      return state.confirm === null ? state : { ...state, confirm: null };
    case 'health/dry-run-choose':
      if (state.running || state.refusal || state.database === null) return state;
      return { ...state, choosingDryRun: true };
    case 'health/dry-run-close':
      return state.choosingDryRun ? { ...state, choosingDryRun: false } : state;
    default:
      return state;
  }
}

/** The question for a step: y/N, or for archiving (severe: partitions leave the log) the database name. */
export function confirmationFor(task: HealthTask, database: string): Confirm {
  if (task === 'archive') {
    return askName(
      `Archive the partitions of sync_activity_log on ${database} whose months ended more than ${ARCHIVE_OLDER_THAN_MONTHS} months ago: their rows are exported (COPY text) and counted, then they are detached and renamed *_archived.`,
      database,
      'archive old partitions in',
    );
  }
  if (task === 'partitions') {
    return askYesNo(
      `Create the monthly partitions of sync_activity_log through ${MONTHS_AHEAD} months ahead on ${database}? Rows already in the catch-all move into their months, counted before and after, in one transaction.`,
    );
  }
  return askYesNo(`Delete the expired preview cache entries on ${database} (auto_cleanup_preview_cache())?`);
}

// ── outcomes ────────────────────────────────────────────────────────────────────────────────

/** How a step ended, in the words `maintain` prints; an error in its own words, as the CLI says it. */
export const verdict = (outcome: TaskOutcome): string =>
  maintainVerdictWords(outcome) ?? outcome.error ?? outcome.outcome;

const day = (literal: string) => literal.slice(0, 10);

/** The facts of one maintenance step, a line each: what the Health screen shows under the step. */
export function summarizeMaintenance(task: 'partitions', result: MaintenanceResult<PartitionMaintenance>): TaskOutcome;
export function summarizeMaintenance(task: 'cache', result: MaintenanceResult<CacheCleanup>): TaskOutcome;
export function summarizeMaintenance(task: 'archive', result: MaintenanceResult<ArchiveResult>): TaskOutcome;
export function summarizeMaintenance(task: HealthTask, result: MaintenanceResult<unknown>): TaskOutcome;
export function summarizeMaintenance(task: HealthTask, result: MaintenanceResult<unknown>): TaskOutcome {
  const lines: string[] = [];
  // A dry run did it all in a transaction it rolled back: what it would do, in those words.
  const dry = result.outcome === 'dry-run';
  if (result.value !== null) {
    if (task === 'partitions') {
      const value = result.value as PartitionMaintenance;
      const { plan } = value;
      lines.push(
        `${dry ? 'would create' : 'created'} ${plan.create.length} ${plan.create.length === 1 ? 'partition' : 'partitions'}: ${plan.create.map((m) => m.month).join(', ')}`,
      );
      if (plan.catchAll && plan.newCatchAllFrom) {
        lines.push(
          `${dry ? 'would move' : 'moved'} ${value.moved} ${value.moved === 1 ? 'row' : 'rows'} out of the catch-all ${plan.catchAll.name}, ${dry ? 'then' : 'now'} FROM ${day(plan.newCatchAllFrom)} TO MAXVALUE (counted before and after)`,
        );
      }
      const filled = value.rowsAfter.filter((p) => p.rows > 0);
      const title = dry ? 'rows per partition it would leave' : 'rows per partition';
      lines.push(
        filled.length === 0
          ? `${title}: none hold rows`
          : `${title}: ${filled.map((p) => `${p.partition} ${p.rows}`).join(', ')}`,
      );
    } else if (task === 'cache') {
      const value = result.value as CacheCleanup;
      lines.push(
        `${dry ? 'would delete' : 'deleted'} ${value.deleted} expired ${value.deleted === 1 ? 'entry' : 'entries'} (before: ${value.before.live} live, ${value.before.expired} expired)`,
      );
    } else {
      const value = result.value as ArchiveResult;
      lines.push(
        dry
          ? `would export to ${value.exported.directory} (rows counted, nothing written)`
          : `exported to ${value.exported.directory}`,
      );
      for (const a of value.archived)
        lines.push(
          `${a.partition} ${dry ? 'would become' : '→'} ${a.archivedAs} (${a.rows} ${a.rows === 1 ? 'row' : 'rows'})`,
        );
    }
  } else if (result.outcome === 'nothing-to-do') {
    lines.push(
      task === 'partitions'
        ? `every month through ${MONTHS_AHEAD} months ahead already has a partition of its own`
        : task === 'archive'
          ? `no partition ended more than ${ARCHIVE_OLDER_THAN_MONTHS} months ago`
          : 'no expired entries',
    );
  }
  return { task, outcome: result.outcome, durationMs: result.durationMs, lines, error: result.error };
}
