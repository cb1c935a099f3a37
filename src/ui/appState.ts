/**
 * The whole app's state: navigation, verification, each screen's state and the one-line message,
 * combined from the small reducers of navigation.ts, verification/ and each screen's state.ts.
 * Pure: effects (quit, copy, export, re-verify) are decided by keymap.ts and carried out by App.tsx.
 */
import type { Config } from '../core/config.js';
import { initialNavigation, type NavigationAction, type NavigationState, navigationReducer } from './navigation.js';
import {
  type ChecklistAction,
  type ChecklistState,
  checklistReducer,
  initialChecklist,
  withFindings,
} from './screens/Checklist/state.js';
import {
  type HealthAction,
  type HealthScreenState,
  healthReducer,
  initialHealth,
  isHealthEvent,
} from './screens/Health/state.js';
import {
  initialMonitor,
  isMonitorEvent,
  type MonitorAction,
  type MonitorScreenState,
  monitorReducer,
} from './screens/Monitor/state.js';
import {
  initialRemediate,
  REMEDIATE_EVENTS,
  type RemediateAction,
  type RemediateState,
  remediateReducer,
} from './screens/Remediate/state.js';
import {
  initialRollback,
  ROLLBACK_EVENTS,
  type RollbackAction,
  type RollbackState,
  rollbackReducer,
} from './screens/Rollback/state.js';
import {
  initialVerification,
  type VerificationAction,
  type VerificationState,
  verificationReducer,
} from './verification/state.js';

export interface Message {
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

export interface AppState {
  readonly navigation: NavigationState;
  readonly verification: VerificationState;
  readonly checklist: ChecklistState;
  readonly remediate: RemediateState;
  readonly rollback: RollbackState;
  readonly monitor: MonitorScreenState;
  readonly health: HealthScreenState;
  /** the last effect's outcome ("copied …", "wrote …"); cleared by the next key */
  readonly message: Message | null;
}

export type AppAction =
  | NavigationAction
  | VerificationAction
  | ChecklistAction
  | RemediateAction
  | RollbackAction
  | MonitorAction
  | HealthAction
  | { readonly type: 'message'; readonly message: Message | null };

export function initialAppState(config: Config, version: string): AppState {
  return {
    navigation: initialNavigation,
    verification: initialVerification(config, version),
    checklist: initialChecklist,
    remediate: initialRemediate(config),
    rollback: initialRollback(config),
    monitor: initialMonitor,
    health: initialHealth,
    message: null,
  };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type === 'message')
    return action.message === state.message ? state : { ...state, message: action.message };
  if (action.type.startsWith('verify/')) {
    const verification = verificationReducer(state.verification, action as VerificationAction);
    if (verification === state.verification) return state;
    const replaced = verification.findings !== state.verification.findings && verification.findings !== null;
    return {
      ...state,
      verification,
      checklist: replaced ? withFindings(state.checklist, verification.findings ?? []) : state.checklist,
    };
  }
  // A key press: the previous message has been read.
  const cleared = state.message === null ? state : { ...state, message: null };
  // Monitor and Health: the Watcher's ticks and the database's answers leave the message alone; their keys clear it.
  if (action.type.startsWith('monitor/')) {
    const monitor = monitorReducer(state.monitor, action as MonitorAction);
    const base = isMonitorEvent(action) ? state : cleared;
    return monitor === state.monitor ? base : { ...base, monitor };
  }
  if (action.type.startsWith('health/')) {
    const health = healthReducer(state.health, action as HealthAction);
    const base = isHealthEvent(action) ? state : cleared;
    return health === state.health ? base : { ...base, health };
  }
  // Remediate and Rollback: their work's events (planned, finished, …) leave the message alone; their keys clear it.
  if (action.type.startsWith('remediate/')) {
    const remediate = remediateReducer(state.remediate, action as RemediateAction);
    const base = REMEDIATE_EVENTS.has(action.type) ? state : cleared;
    return remediate === state.remediate ? base : { ...base, remediate };
  }
  if (action.type.startsWith('rollback/')) {
    const rollback = rollbackReducer(state.rollback, action as RollbackAction);
    const base = ROLLBACK_EVENTS.has(action.type) ? state : cleared;
    return rollback === state.rollback ? base : { ...base, rollback };
  }
  if (action.type.startsWith('nav/')) {
    const navigation = navigationReducer(state.navigation, action as NavigationAction);
    return navigation === state.navigation ? cleared : { ...cleared, navigation };
  }
  const checklist = checklistReducer(state.checklist, action as ChecklistAction, state.verification.findings ?? []);
  return checklist === state.checklist ? cleared : { ...cleared, checklist };
}
