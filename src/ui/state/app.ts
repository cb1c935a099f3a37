/**
 * The whole app's state: navigation, verification, checklist and the one-line message, combined
 * from the small reducers beside this file. Pure: effects (quit, copy, export, re-verify) are
 * decided by keymap.ts and carried out by App.tsx.
 */
import type { Config } from '../../config.js';
import { checklistReducer, initialChecklist, withFindings, type ChecklistAction, type ChecklistState } from './checklist.js';
import { initialNavigation, navigationReducer, type NavigationAction, type NavigationState } from './navigation.js';
import { initialVerification, verificationReducer, type VerificationAction, type VerificationState } from './verification.js';

export interface Message {
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

export interface AppState {
  readonly navigation: NavigationState;
  readonly verification: VerificationState;
  readonly checklist: ChecklistState;
  /** the last effect's outcome ("copied …", "wrote …"); cleared by the next key */
  readonly message: Message | null;
}

export type AppAction =
  | NavigationAction
  | VerificationAction
  | ChecklistAction
  | { readonly type: 'message'; readonly message: Message | null };

export function initialAppState(config: Config, version: string): AppState {
  return {
    navigation: initialNavigation,
    verification: initialVerification(config, version),
    checklist: initialChecklist,
    message: null,
  };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type === 'message') return action.message === state.message ? state : { ...state, message: action.message };
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
  if (action.type.startsWith('nav/')) {
    const navigation = navigationReducer(state.navigation, action as NavigationAction);
    return navigation === state.navigation ? cleared : { ...cleared, navigation };
  }
  const checklist = checklistReducer(state.checklist, action as ChecklistAction, state.verification.findings ?? []);
  return checklist === state.checklist ? cleared : { ...cleared, checklist };
}
