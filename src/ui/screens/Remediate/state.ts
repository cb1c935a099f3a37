/**
 * The Remediate screen's state: the plan (computed when the screen opens and after every applied
 * step), the selected step, its scrolled pane, the confirmation being asked, the step running and
 * what each step did. Pure: the work is done by hooks/useWrites.ts, which reports here.
 */

import type { Config } from '../../../core/config.js';
import { brokenBy, type ContractImpact, placeOf, type StatementResult } from '../../../core/contract.js';
import type { Finding } from '../../../core/finding.js';
import type { RlsTestResult } from '../../../core/isolation.js';
import type { Step, StepResult } from '../../../core/plan.js';
import type { DatabaseReport } from '../../../core/report.js';
import type { AppState } from '../../appState.js';
import { askName, askYesNo, backspace, type Confirm, typeInto } from '../../confirm.js';
import { sliceOf } from '../../screen.js';
import { scrollOffset } from '../../scroll.js';
import { shortWriteRefusal, type WriteTarget, writeRefusal } from '../../writeSettings.js';

export interface PlanView {
  readonly steps: readonly Step[];
  /** the findings the plan was made from (IS-SOH and SPP), the `before` of every step */
  readonly findings: readonly Finding[];
  /** IS-SOH as it was read for the plan */
  readonly database: DatabaseReport;
  readonly at: string;
  /** with --app / --contract: what the plan's steps do to the application's statements (a dry run, rolled back) */
  readonly impact?: ContractImpact | null;
  /** why that could not be told */
  readonly impactError?: string | null;
}

/** A finding named in a result: enough to say which one, without the whole finding. */
export interface FindingRef {
  readonly code: string;
  readonly object: string;
  readonly title: string;
}

export type StepAction = 'dry-run' | 'apply' | 'rls-test';

export type StepOutcome =
  | {
      readonly kind: 'step';
      readonly stepId: string;
      readonly title: string;
      readonly result: StepResult;
      readonly fixed: readonly FindingRef[];
    }
  | { readonly kind: 'rls'; readonly stepId: string; readonly title: string; readonly result: RlsTestResult }
  | { readonly kind: 'refused'; readonly stepId: string; readonly title: string; readonly message: string };

export interface Running {
  readonly stepId: string;
  readonly title: string;
  readonly action: StepAction;
  /** Date.now() when it started, for the elapsed time */
  readonly startedAt: number;
}

export interface RemediateState {
  /** IS-SOH, where 0024 belongs; null when it has no URL */
  readonly target: WriteTarget | null;
  /** why writes are refused here (a pooled URL), or null */
  readonly refusal: string | null;
  /** the same in one line with its fix whole, for the message line */
  readonly refusalLine: string | null;
  readonly planRun: number;
  readonly planning: boolean;
  readonly plan: PlanView | null;
  readonly planError: string | null;
  /** id of the selected step */
  readonly selected: string | null;
  /** first step shown in the list */
  readonly offset: number;
  /** first line of the step's pane shown */
  readonly scroll: number;
  /** the pane fills the screen (Enter), the list hidden */
  readonly zoom: boolean;
  readonly pending: { readonly stepId: string; readonly confirm: Confirm } | null;
  readonly running: Running | null;
  /** q or Ctrl-C while a step ran: it is being cancelled, then the app quits */
  readonly cancelling: boolean;
  /** the last outcome of each step, by step id */
  readonly outcomes: Readonly<Record<string, StepOutcome>>;
  /** the most recent outcome, shown even once its step has left the plan */
  readonly last: StepOutcome | null;
  /** steps committed since the app started */
  readonly committed: number;
}

export type RemediateAction =
  | { readonly type: 'remediate/plan-start'; readonly run: number }
  | { readonly type: 'remediate/planned'; readonly run: number; readonly plan: PlanView }
  | { readonly type: 'remediate/plan-failed'; readonly run: number; readonly error: string }
  | { readonly type: 'remediate/move'; readonly by: number | 'start' | 'end'; readonly viewport: number }
  | { readonly type: 'remediate/scroll'; readonly by: number | 'start' | 'end'; readonly max: number }
  | { readonly type: 'remediate/zoom'; readonly on: boolean }
  | { readonly type: 'remediate/ask'; readonly stepId: string }
  | { readonly type: 'remediate/confirm-input'; readonly text: string }
  | { readonly type: 'remediate/confirm-backspace' }
  | { readonly type: 'remediate/confirm-close' }
  | { readonly type: 'remediate/started'; readonly stepId: string; readonly action: StepAction; readonly at: number }
  | { readonly type: 'remediate/finished'; readonly outcome: StepOutcome }
  | { readonly type: 'remediate/cancelling' };

/** Events from the work, not key presses: they leave the message line alone. */
export const REMEDIATE_EVENTS: ReadonlySet<string> = new Set([
  'remediate/plan-start',
  'remediate/planned',
  'remediate/plan-failed',
  'remediate/started',
  'remediate/finished',
  'remediate/cancelling',
]);

/** The Remediate screen's state in the app's. */
export const remediateOf = (app: AppState): RemediateState => sliceOf<RemediateState>(app, 'remediate');

/** What the Remediate keys read of its geometry (screen.tsx measures it). */
export interface RemediateLayout {
  /** steps shown at once */
  readonly list: number;
  /** how far the step's pane can scroll */
  readonly paneMax: number;
  readonly page: number;
}

/** What Remediate's keys ask of its work. */
export type RemediateRequest =
  | { readonly kind: 'plan' }
  | { readonly kind: 'step'; readonly stepId: string; readonly action: StepAction }
  /** the plan's last step: re-verify (the checklist) and plan again */
  | { readonly kind: 'verify' };

export function initialRemediate(config: Config): RemediateState {
  const issoh = config.issoh;
  return {
    target: issoh ? { label: issoh.label, host: issoh.host, database: issoh.database } : null,
    refusal: issoh ? writeRefusal(issoh) : null,
    refusalLine: issoh ? shortWriteRefusal(issoh) : null,
    planRun: 0,
    planning: false,
    plan: null,
    planError: null,
    selected: null,
    offset: 0,
    scroll: 0,
    zoom: false,
    pending: null,
    running: null,
    cancelling: false,
    outcomes: {},
    last: null,
    committed: 0,
  };
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function selectedStep(state: RemediateState): Step | null {
  const steps = state.plan?.steps ?? [];
  return steps.find((s) => s.id === state.selected) ?? steps[0] ?? null;
}

export function selectedStepIndex(state: RemediateState): number {
  const steps = state.plan?.steps ?? [];
  const index = steps.findIndex((s) => s.id === state.selected);
  return Math.max(index, 0);
}

/** Steps that change the database (and so are dry-run and applied). */
export const isSqlStep = (step: Step): boolean => step.kind === 'sql' || step.kind === 'rebuild';

/** The last step that does something, before the re-verify: after it, the checklist re-runs. */
export function isLastStep(steps: readonly Step[], stepId: string): boolean {
  const actionable = steps.filter((s) => !s.optional && (isSqlStep(s) || s.kind === 'rls-test'));
  return actionable.at(-1)?.id === stepId;
}

/**
 * The question a step is confirmed with: y/N for safe and moderate, the database name for severe,
 * and for a step that breaks application statements that work today, the name, with each named.
 */
export function confirmationFor(step: Step, target: WriteTarget, breaks: readonly StatementResult[] = []): Confirm {
  const where = `${target.label} ${target.host}/${target.database}`;
  if (breaks.length > 0)
    return askName(
      `${step.id} breaks ${breaks.length} application ${breaks.length === 1 ? 'statement that works' : 'statements that work'} today. Type the database name to apply it anyway on ${where}.`,
      target.database,
      `apply ${step.id} anyway in`,
      `breaks ${breaks.map((r) => `${placeOf(r)} (${r.sqlstate} ${r.message})`).join('; ')}`,
    );
  if (step.danger === 'severe') {
    const rows =
      step.exportTables.length > 0
        ? ` (the rows of ${step.exportTables.join(', ')} are exported (COPY text) first)`
        : '';
    return askName(
      `${step.id} is severe${rows}. Type the database name to apply it on ${where}.`,
      target.database,
      `apply ${step.id} in`,
    );
  }
  return askYesNo(`Apply ${step.id} (${step.danger}) on ${where}: ${step.title}?`);
}

/**
 * After a new plan: keep the selected step; when it has gone (applied), select the next step that
 * acts, from its place on: an information step there (0023's, after the last prerequisite) is
 * read, not applied, and would leave `a` with nothing to do.
 */
function reselect(state: RemediateState, plan: PlanView): Pick<RemediateState, 'selected' | 'scroll'> {
  if (plan.steps.some((s) => s.id === state.selected)) return { selected: state.selected, scroll: state.scroll };
  const previous = state.plan?.steps ?? [];
  const was = previous.findIndex((s) => s.id === state.selected);
  if (was < 0) return { selected: plan.steps[0]?.id ?? null, scroll: 0 };
  // Its place: the first step that came after it and is still planned.
  const after = new Set(previous.slice(was + 1).map((s) => s.id));
  const place = plan.steps.findIndex((s) => after.has(s.id));
  const from = place >= 0 ? place : Math.max(0, plan.steps.length - 1);
  const next = plan.steps.slice(from).find((s) => s.kind !== 'info') ?? plan.steps[from] ?? null;
  return { selected: next?.id ?? null, scroll: 0 };
}

export function remediateReducer(state: RemediateState, action: RemediateAction): RemediateState {
  switch (action.type) {
    case 'remediate/plan-start':
      return { ...state, planRun: action.run, planning: true };
    case 'remediate/planned':
      if (action.run !== state.planRun) return state;
      return { ...state, planning: false, plan: action.plan, planError: null, ...reselect(state, action.plan) };
    case 'remediate/plan-failed':
      if (action.run !== state.planRun) return state;
      return { ...state, planning: false, planError: action.error };
    case 'remediate/move': {
      const steps = state.plan?.steps ?? [];
      if (steps.length === 0) return state;
      const current = selectedStepIndex(state);
      const target =
        action.by === 'start'
          ? 0
          : action.by === 'end'
            ? steps.length - 1
            : clamp(current + action.by, 0, steps.length - 1);
      const id = steps[target]?.id ?? null;
      if (id === state.selected && target === current) return state;
      return {
        ...state,
        selected: id,
        scroll: id === state.selected ? state.scroll : 0,
        offset: scrollOffset(state.offset, target, action.viewport, steps.length),
      };
    }
    case 'remediate/scroll': {
      const max = Math.max(0, action.max);
      const scroll = action.by === 'start' ? 0 : action.by === 'end' ? max : clamp(state.scroll + action.by, 0, max);
      return scroll === state.scroll ? state : { ...state, scroll };
    }
    case 'remediate/zoom':
      return action.on === state.zoom ? state : { ...state, zoom: action.on };
    case 'remediate/ask': {
      const step = state.plan?.steps.find((s) => s.id === action.stepId);
      if (!step || !state.target || state.running) return state;
      return {
        ...state,
        selected: step.id,
        pending: {
          stepId: step.id,
          confirm: confirmationFor(step, state.target, brokenBy(state.plan?.impact ?? null, step.id)),
        },
      };
    }
    case 'remediate/confirm-input':
      return state.pending
        ? { ...state, pending: { ...state.pending, confirm: typeInto(state.pending.confirm, action.text) } }
        : state;
    case 'remediate/confirm-backspace':
      return state.pending
        ? { ...state, pending: { ...state.pending, confirm: backspace(state.pending.confirm) } }
        : state;
    case 'remediate/confirm-close':
      return state.pending ? { ...state, pending: null } : state;
    case 'remediate/started': {
      const step = state.plan?.steps.find((s) => s.id === action.stepId);
      // The step running is the one shown: t runs the RLS test whatever was selected.
      const moved = step !== undefined && step.id !== state.selected;
      return {
        ...state,
        pending: null,
        selected: step ? step.id : state.selected,
        scroll: moved ? 0 : state.scroll,
        running: {
          stepId: action.stepId,
          title: step?.title ?? action.stepId,
          action: action.action,
          startedAt: action.at,
        },
      };
    }
    case 'remediate/finished': {
      const outcome = action.outcome;
      const committed = outcome.kind === 'step' && outcome.result.outcome === 'committed';
      return {
        ...state,
        running: state.running?.stepId === outcome.stepId ? null : state.running,
        cancelling: false,
        outcomes: { ...state.outcomes, [outcome.stepId]: outcome },
        last: outcome,
        committed: state.committed + (committed ? 1 : 0),
        scroll: outcome.stepId === state.selected ? 0 : state.scroll,
      };
    }
    case 'remediate/cancelling':
      return state.running ? { ...state, cancelling: true } : state;
    default:
      return state;
  }
}
