import { getEventListeners } from 'node:events';
import { constants as osConstants } from 'node:os';
import { cancelRunningReads } from '../commands/apply.js';

/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP (a dropped SSH session) during a write cancel the running
 * statement; the step rolls back, its audit line says interrupted, and the process exits
 * 128 + the signal's number (SIGINT, SIGTERM, SIGHUP: see EXIT in src/core/exit-codes.ts). A read running then (apply's plan, say) is cancelled on
 * the server too, and when nothing of the command listens for the signal (no step to roll back)
 * the process leaves at once. A second signal leaves at once: the server rolls back a transaction
 * whose connection goes away. `message` empty: a reader (watch) that simply stops.
 */
export async function withInterrupt(
  work: (signal: AbortSignal) => Promise<number>,
  message = 'interrupting: cancelling the running statement and rolling back…',
): Promise<number> {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const exitCodeOf = (signal: NodeJS.Signals) => 128 + (osConstants.signals[signal] ?? 1);
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(exitCodeOf(received));
    received = signal;
    // After a hang-up the terminal is gone: writing to it fails, which must not stop the rollback.
    if (message) process.stderr.write(`\nmantis-sync-tui: ${signal}: ${message}\n`, () => {});
    // A step in its transaction listens for the abort, to cancel its statement and roll back: waited for.
    const undoing = getEventListeners(controller.signal, 'abort').length > 0;
    controller.abort();
    void cancelRunningReads().then((reads) => {
      if (reads > 0 && !undoing) process.exit(exitCodeOf(signal));
    });
    // Whatever else runs ends within its statement timeout; do not wait longer than that.
    setTimeout(() => process.exit(exitCodeOf(signal)), INTERRUPT_GRACE_MS).unref();
  };
  for (const signal of INTERRUPTING) process.on(signal, onSignal);
  try {
    const code = await work(controller.signal);
    return received && message ? exitCodeOf(received) : code;
  } finally {
    for (const signal of INTERRUPTING) process.off(signal, onSignal);
  }
}

const INTERRUPTING: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** The longest a read may run (the default statement timeout) plus a little: then leave regardless. */
const INTERRUPT_GRACE_MS = 35_000;
