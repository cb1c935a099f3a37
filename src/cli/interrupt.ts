import { constants as osConstants } from 'node:os';

/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP (a dropped SSH session) during a write cancel the running
 * statement; the step rolls back, its audit line says interrupted, and the process exits
 * 128 + the signal's number (130, 143, 129). A second signal leaves at once: the server rolls
 * back a transaction whose connection goes away. `message` empty: a reader (watch) that simply stops.
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
    controller.abort();
    // Still reading (nothing to roll back), a read ends within its statement timeout; do not wait longer than that.
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
