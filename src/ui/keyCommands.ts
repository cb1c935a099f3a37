/**
 * What the screens' keys share: commands made of an action, a message, an effect or a write, the
 * up/down and page keys, and the answer to a confirmation (y/N, or the name typed), so each
 * screen's keys.ts says only what is its own.
 */
import type { AppAction, AppState } from './appState.js';
import { type Confirm, isYes, judgeName } from './confirm.js';
import { runningText } from './hooks/useWriteRunner.js';
import type { Command, Effect, HelpSection, Hint, KeyPress } from './keyTypes.js';

export const act = (action: AppAction): Command => ({ action });
export const say = (text: string, tone: 'info' | 'error' = 'info'): Command =>
  act({ type: 'message', message: { text, tone } });
export const effect = (e: Effect): Command => ({ effect: e });
/** A request for the shown screen's work (its definition's useWork), in the screen's own words. */
export const work = (request: unknown): Command => ({ effect: { type: 'work', request } });

/** Up/down: -1, 1, or the ends. */
export function upDown(input: string, key: KeyPress): number | 'start' | 'end' | null {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.home || input === 'g') return 'start';
  if (key.end || input === 'G') return 'end';
  return null;
}

/** Up/down in the Overview's, Checklist's and Help's lists: arrows, j/k, PgUp/PgDn (and space), Home/End and g/G. */
export function movement(input: string, key: KeyPress, page: number): number | 'start' | 'end' | null {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp || (input === 'b' && !key.ctrl) || (key.ctrl && input === 'u')) return -page;
  if (key.pageDown || input === ' ' || (key.ctrl && input === 'd')) return page;
  if (key.home || input === 'g') return 'start';
  if (key.end || input === 'G') return 'end';
  return null;
}

/** A page up or down (PgUp/PgDn, b, Ctrl-U/Ctrl-D), and space where it pages (on the Monitor it pauses). */
export function paging(input: string, key: KeyPress, spacePages: boolean): -1 | 1 | null {
  if (key.pageUp || (input === 'b' && !key.ctrl) || (key.ctrl && input === 'u')) return -1;
  if (key.pageDown || (spacePages && input === ' ') || (key.ctrl && input === 'd')) return 1;
  return null;
}

/** The write running now (whichever screen started it), as a refusal to start another, or null: the app runs one at a time. */
export function writeRunning(state: AppState): string | null {
  return state.writing === null ? null : runningText(state.writing);
}

/** Context names a screen may use for its confirmation (y/N, or the name typed). */
export type ConfirmContext = 'confirm-yes-no' | 'confirm-name';

/** What answering a screen's confirmation does. */
export interface Answer {
  /** closes the question */
  readonly close: Command;
  /** what was asked, confirmed */
  readonly go: Command;
  /** what did not happen, for "not confirmed: …" and "cancelled: …" */
  readonly what: string;
  readonly backspace: AppAction;
  readonly typed: (text: string) => AppAction;
}

/** Keys of a confirmation: they take every key but Ctrl-C, so nothing else happens while one is asked. */
export function answerKeys(confirm: Confirm, input: string, key: KeyPress, answer: Answer): Command[] {
  const { close, go, what } = answer;
  if (confirm.kind === 'yes-no') {
    if (isYes(input) && !key.ctrl && !key.meta) return [close, go];
    return [close, say(`not confirmed: ${what}; nothing was changed`)];
  }
  if (key.escape) return [close, say(`cancelled: ${what}; nothing was changed`)];
  if (key.return) {
    const verdict = judgeName(confirm);
    return verdict.confirmed ? [close, go] : [close, say(verdict.reason, 'error')];
  }
  if (key.backspace || key.delete) return [act(answer.backspace)];
  if (key.ctrl || key.meta || key.tab || input === '') return [];
  return [act(answer.typed(input))];
}

/** The status bar while a confirmation is asked (Ctrl-C is added by the caller). */
export function confirmHints(kind: Confirm['kind']): Hint[] {
  return kind === 'yes-no'
    ? [
        { keys: 'y', label: 'yes' },
        { keys: 'n/Esc/any key', label: 'no' },
      ]
    : [
        { keys: 'type', label: 'the database name' },
        { keys: 'Enter', label: 'confirm' },
        { keys: 'Esc', label: 'cancel' },
        { keys: 'Backspace', label: 'erase' },
      ];
}

/** Help's section for the confirmations. */
export const CONFIRMATIONS_HELP: HelpSection = {
  title: 'Confirmations',
  keys: [
    ['y', 'yes to "[y/N]"; any other key is no'],
    ['the name  Enter', 'confirm a severe change: only the exact database name does'],
    ['Esc', 'cancel: nothing is changed'],
  ],
};
