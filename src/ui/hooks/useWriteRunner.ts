/**
 * The one runner for the app's writes, whichever screen starts them: one at a time across the
 * app (a second start is refused, saying what runs), one way to report an audit log that could
 * not be written, one way to read everything again after a write changed something (the
 * verification, so the Overview, the Checklist and the `e` report, and each screen that listens),
 * and one way to quit during a write: its statement is cancelled, its transaction rolls back, and
 * what happened is kept for the normal screen once the app has left.
 */

import { useCallback, useMemo, useRef } from 'react';
import { AuditLogError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { type LockWait, waitingLine } from '../../core/lock-wait.js';
import { redactSecretsInText } from '../../core/redact.js';
import type { AppAction } from '../appState.js';

/** How a write ended, as the runner needs to know it. */
export interface WriteEnd {
  /** the database was changed (committed), so what was read before is stale */
  readonly changed: boolean;
  /** the use-case's outcome word: committed, dry-run, rolled-back, interrupted, failed, refused, … */
  readonly outcome: string;
  /** the use-case's error, when it failed */
  readonly error?: string | null;
  /** the audit log could not be written (the write itself ended as `outcome` says) */
  readonly auditError?: unknown;
  /** read the verification again even though nothing changed (the plan's last step) */
  readonly reverify?: boolean;
}

export interface Write {
  /** what runs, in words, for "… is running" and the line printed after quitting ("step 0024-03") */
  readonly what: string;
  /** `onWaiting`: the use-case's own option, so the running line says a wait for a lock while it lasts */
  readonly run: (signal: AbortSignal, onWaiting: (wait: LockWait | null) => void) => Promise<WriteEnd>;
  /** dispatched when quitting cancels it, so the screen can say "cancelling" */
  readonly cancelling?: AppAction;
}

/** What the app says after the alternate screen closes, and its exit code. */
export interface ExitReport {
  readonly code: number;
  readonly lines: readonly string[];
}

export interface WriteRunner {
  /** runs one write; null (and a message saying what runs) while another one is running */
  readonly start: (write: Write) => Promise<WriteEnd | null> | null;
  /** the write running now, in words, or null */
  readonly running: () => string | null;
  /** called after every write that changed something (and after the runner re-verified); returns the unsubscribe */
  readonly onChanged: (listener: () => void) => () => void;
  /** q / Ctrl-C: cancel the running write, wait for its rollback, then exit; a second press exits at once */
  readonly cancelThenQuit: (exit: () => void) => void;
  /** what quitting interrupted, once it has ended (null when nothing was running) */
  readonly exitReport: () => ExitReport | null;
}

/** How long quitting waits for a cancelled write to roll back before it leaves anyway (closing the connection rolls back too). */
export const CANCEL_GRACE_MS = 15_000;

export const errorText = (error: unknown): string =>
  redactSecretsInText(error instanceof Error ? error.message : String(error));

/** The one wording of an audit log that could not be written, however the use-case reported it. */
export const auditFailureText = (error: unknown): string =>
  error instanceof AuditLogError ? errorText(error) : `the audit log could not be written: ${errorText(error)}`;

/** Running or refused: the one wording of "one at a time". */
export const runningText = (what: string): string =>
  `${what} is running: wait for it (q cancels it, rolled back, and quits)`;

/** One line of what happened to the write quitting cancelled. */
export function interruptedLine(what: string, end: WriteEnd | null): string {
  if (end === null)
    return `${what} was still running when the app left: its connection closed, so the server rolls it back`;
  if (end.changed) return `${what} ${end.outcome} before the cancel reached it: the change is made`;
  if (end.outcome === 'interrupted') return `${what} interrupted: rolled back, nothing changed`;
  return `${what} ${end.outcome}${end.error ? `: ${end.error}` : ''}: nothing changed`;
}

export function useWriteRunner({
  dispatch,
  reverify,
  refusal = () => null,
}: {
  readonly dispatch: (action: AppAction) => void;
  readonly reverify: () => void;
  /** why a write may not start at all (--read-only, or an environment marked so), or null */
  readonly refusal?: (what: string) => string | null;
}): WriteRunner {
  const ref = useRef({ dispatch, reverify });
  ref.current = { dispatch, reverify };
  const current = useRef<{ write: Write; controller: AbortController; done: Promise<WriteEnd | null> } | null>(null);
  const listeners = useRef(new Set<() => void>());
  const quitting = useRef(false);
  const report = useRef<ExitReport | null>(null);

  const say = useCallback((text: string, tone: 'info' | 'error' = 'info') => {
    ref.current.dispatch({ type: 'message', message: { text, tone } });
  }, []);

  const start = useCallback(
    (write: Write): Promise<WriteEnd | null> | null => {
      const running = current.current;
      if (running) {
        say(runningText(running.write.what));
        return null;
      }
      const refused = refusal(write.what);
      if (refused !== null) {
        say(refused, 'error');
        return null;
      }
      if (quitting.current) return null;
      const controller = new AbortController();
      ref.current.dispatch({ type: 'write/started', what: write.what });
      let ended = false;
      // The wait as the CLI says it; a word that comes after the write ended is not said.
      const onWaiting = (wait: LockWait | null) => {
        if (!ended) ref.current.dispatch({ type: 'write/waiting', line: wait ? waitingLine(wait) : null });
      };
      const done = (async (): Promise<WriteEnd | null> => {
        let end: WriteEnd;
        try {
          end = await write.run(controller.signal, onWaiting);
        } catch (error) {
          // A use-case reports what goes wrong in its result; a throw is an audit log that failed
          // after the step ran (the step's change stands), or something that stopped it before.
          if (error instanceof AuditLogError) end = { changed: true, outcome: 'ran', auditError: error };
          else {
            say(`${write.what}: ${errorText(error)}`, 'error');
            end = { changed: false, outcome: 'failed', error: errorText(error) };
          }
        }
        if (end.auditError) say(auditFailureText(end.auditError), 'error');
        return end;
      })();
      const entry = { write, controller, done };
      current.current = entry;
      void done.then((end) => {
        ended = true;
        current.current = null;
        ref.current.dispatch({ type: 'write/ended' });
        if (quitting.current || !end) return;
        if (end.changed || end.reverify) ref.current.reverify();
        if (end.changed) for (const listener of listeners.current) listener();
      });
      return done;
    },
    [say, refusal],
  );

  const running = useCallback(() => current.current?.write.what ?? null, []);

  const onChanged = useCallback((listener: () => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const cancelThenQuit = useCallback(
    (exit: () => void) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        exit();
      };
      const entry = current.current;
      if (!entry || quitting.current) {
        if (entry && !report.current)
          report.current = { code: EXIT.interrupted, lines: [interruptedLine(entry.write.what, null)] };
        leave();
        return;
      }
      quitting.current = true;
      if (entry.write.cancelling) ref.current.dispatch(entry.write.cancelling);
      say(
        `cancelling ${entry.write.what}: its transaction rolls back, then the app quits (Ctrl-C again quits at once)`,
      );
      entry.controller.abort();
      const timer = setTimeout(() => {
        report.current ??= { code: EXIT.interrupted, lines: [interruptedLine(entry.write.what, null)] };
        leave();
      }, CANCEL_GRACE_MS);
      void entry.done.then((end) => {
        clearTimeout(timer);
        report.current ??= { code: EXIT.interrupted, lines: [interruptedLine(entry.write.what, end)] };
        leave();
      });
    },
    [say],
  );

  const exitReport = useCallback(() => report.current, []);

  return useMemo(
    () => ({ start, running, onChanged, cancelThenQuit, exitReport }),
    [start, running, onChanged, cancelThenQuit, exitReport],
  );
}
