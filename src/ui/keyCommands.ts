/**
 * What the screens' keys share: commands made of an action, a message, an effect or a write, the
 * bindings of the move and page keys, and those of a confirmation (y/N, or the name typed), so
 * each screen's keys.ts says only what is its own.
 */
import type { AppAction, AppState } from './appState.js';
import { type Confirm, judgeName } from './confirm.js';
import { runningText } from './hooks/useWriteRunner.js';
import type { Command, Effect, KeyBinding, KeyLayout, KeyName, Press } from './keyTypes.js';

export const act = (action: AppAction): Command => ({ action });
export const say = (text: string, tone: 'info' | 'error' = 'info'): Command =>
  act({ type: 'message', message: { text, tone } });
export const effect = (e: Effect): Command => ({ effect: e });
/** A request for the shown screen's work (its definition's useWork), in the screen's own words. */
export const work = (request: unknown): Command => ({ effect: { type: 'work', request } });

/** r where the verification's results are shown: both databases read again. */
export const reverifying = <C extends string>(contexts: readonly C[]): KeyBinding<C> => ({
  keys: ['r'],
  in: contexts,
  help: 're-verify both databases',
  hint: 're-verify',
  run: () => [effect({ type: 'reverify' })],
});

/** e where the verification's results are shown: the Markdown report written here. */
export const exporting = <C extends string>(contexts: readonly C[], hint: string): KeyBinding<C> => ({
  keys: ['e'],
  in: contexts,
  help: 'write the Markdown report to mantis-verify-<date>.md here',
  hint,
  run: () => [effect({ type: 'export' })],
});

/** Up and down a line and to the ends (↑ ↓ j k, Home End g G); the status bar names the first four. */
const MOVE_KEYS: readonly KeyName[] = ['up', 'down', 'j', 'k', 'home', 'end', 'g', 'G'];
const UP_DOWN: readonly KeyName[] = ['up', 'down', 'j', 'k'];

/** Where a move key goes: a line up or down, or an end. */
function moveOf({ input, key }: Press): -1 | 1 | 'start' | 'end' {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  return key.home || input === 'g' ? 'start' : 'end';
}

/** The binding of the move keys: `to` says what a line up or down, or an end, does on the screen. */
export function moving<C extends string>(binding: {
  readonly in: readonly C[];
  readonly section?: string;
  readonly help: string;
  readonly hint?: string;
  readonly to: (app: AppState, by: -1 | 1 | 'start' | 'end', layout: KeyLayout) => Command[];
}): KeyBinding<C> {
  const { to, ...rest } = binding;
  return { ...rest, keys: MOVE_KEYS, hintKeys: UP_DOWN, run: (app, press, layout) => to(app, moveOf(press), layout) };
}

/** A page up or down: PgUp PgDn, and as less pages: b and Ctrl-U up, Ctrl-D (and space where it pages) down. */
const pageOf = ({ input, key }: Press): -1 | 1 => (key.pageUp || input === 'b' || (key.ctrl && input === 'u') ? -1 : 1);

/** The bindings of the page keys (PgUp PgDn; less's b, Ctrl-U, Ctrl-D and, where `space`, space). */
export function paging<C extends string>(binding: {
  readonly in: readonly C[];
  readonly section?: string;
  readonly help: string;
  readonly hint?: string;
  readonly space: boolean;
  readonly to: (app: AppState, by: -1 | 1, layout: KeyLayout) => Command[];
}): KeyBinding<C>[] {
  const { to, space, ...rest } = binding;
  const run: KeyBinding['run'] = (app, press, layout) => to(app, pageOf(press), layout);
  return [
    { ...rest, keys: ['pageup', 'pagedown'], run },
    {
      in: rest.in,
      section: rest.section,
      keys: [...(space ? [' '] : []), 'b', 'ctrl-u', 'ctrl-d'],
      help: `the same, as less pages: ${space ? 'space and ' : ''}Ctrl-D down, b and Ctrl-U up`,
      run,
    },
  ];
}

/** The write running now (whichever screen started it), as a refusal to start another, or null: the app runs one at a time. */
export function writeRunning(state: AppState): string | null {
  return state.writing === null ? null : runningText(state.writing);
}

/** Context names a screen may use for its confirmation (y/N, or the name typed). */
export type ConfirmContext = 'confirm-yes-no' | 'confirm-name';

/** What answering a screen's confirmation does. */
export interface Answer {
  /** the question asked */
  readonly confirm: Confirm;
  /** closes the question */
  readonly close: Command;
  /** what was asked, confirmed */
  readonly go: Command;
  /** what did not happen, for "not confirmed: …" and "cancelled: …" */
  readonly what: string;
  readonly backspace: AppAction;
  readonly typed: (text: string) => AppAction;
}

/**
 * The keys of a screen's confirmation, in its two contexts: y/N, and the name typed. They take
 * every key but the shell's Ctrl keys, so nothing else happens while a question is asked.
 * `answerOf` gives the question pending (null: none).
 */
export function confirming<C extends string>(
  contexts: { readonly yesNo: C; readonly name: C },
  answerOf: (app: AppState) => Answer | null,
): KeyBinding<C>[] {
  const answering =
    (answer: (a: Answer, press: Press) => Command[]): KeyBinding['run'] =>
    (app, press) => {
      const pending = answerOf(app);
      return pending ? answer(pending, press) : [];
    };
  const section = 'Confirmations';
  return [
    {
      keys: ['y', 'Y'],
      hintKeys: ['y'],
      in: [contexts.yesNo],
      section,
      help: 'yes to "[y/N]"',
      hint: 'yes',
      run: answering(({ close, go }) => [close, go]),
    },
    {
      keys: ['n', 'esc', 'any'],
      in: [contexts.yesNo],
      section,
      help: 'no to "[y/N]": any key but y; nothing is changed',
      hint: 'no',
      run: answering(({ close, what }) => [close, say(`not confirmed: ${what}; nothing was changed`)]),
    },
    {
      keys: ['text'],
      in: [contexts.name],
      section,
      help: 'the database name, to confirm a severe change',
      hint: 'the database name',
      run: answering((a, { input }) => [act(a.typed(input))]),
    },
    {
      keys: ['enter'],
      in: [contexts.name],
      section,
      help: 'confirm: only the exact database name does',
      hint: 'confirm',
      run: answering(({ confirm, close, go }) => {
        const verdict = judgeName(confirm);
        return verdict.confirmed ? [close, go] : [close, say(verdict.reason, 'error')];
      }),
    },
    {
      keys: ['esc'],
      in: [contexts.name],
      section,
      help: 'cancel: nothing is changed',
      hint: 'cancel',
      run: answering(({ close, what }) => [close, say(`cancelled: ${what}; nothing was changed`)]),
    },
    {
      keys: ['backspace'],
      in: [contexts.name],
      section,
      help: 'erase the last character typed',
      hint: 'erase',
      run: answering((a) => [act(a.backspace)]),
    },
  ];
}
