/**
 * Entry of the interactive app, loaded lazily by cli.tsx only when stdin and stdout are
 * terminals. This module stays small and loads neither React nor Ink: it takes the terminal
 * (alternate screen, so the shell's scrollback is untouched), draws the app's first frame without
 * Ink (first-frame.ts), starts the first verification, then loads the app. However the app ends
 * (q, Ctrl-C, SIGTERM, the SSH connection dropping, a crash) the terminal is given back as it
 * was: cursor shown, raw mode off, alternate screen left.
 */

import { constants } from 'node:os';
import type { ContractSource } from '../commands/contract.js';
import { defaultDependencies, type VerifyDependencies } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import type { EnvironmentSwitch } from '../core/environments.js';
import type { CommandIO } from '../core/io.js';
import type { WatchSettings } from '../core/monitor.js';
import { detectStyle } from '../output/style.js';
import { markStartup } from '../startup-marks.js';
import { drawFirstFrame } from './first-frame.js';
import type { ExitReport } from './hooks/useWriteRunner.js';
import { SEQUENCES, type TerminalStreams } from './terminal.js';
import { startVerification } from './verification/start.js';
import type { WriteSettings } from './writeSettings.js';

export interface AppOptions {
  readonly noColor: boolean;
  /** Remediate, Rollback and Health's maintenance: --lock-timeout, --statement-timeout, --audit-log */
  readonly writeSettings?: WriteSettings;
  /** Monitor: --interval */
  readonly watch?: Partial<WatchSettings>;
  /** --app DIR or --contract FILE: the application's statements, checked with every verification */
  readonly contract?: ContractSource;
  /** --migrations DIR [--target FILE]: the files' intended state in place of the built-in 0024 */
  readonly dependencies?: VerifyDependencies;
  /** E: the environments of mantis-sync-tui.json to switch to */
  readonly environments?: EnvironmentSwitch;
}

/** How long a signal waits for a cancelled step to roll back before the app leaves anyway. */
const SIGNAL_GRACE_MS = 10_000;

/** Once the app has ended, a connection still waiting on a silent server must not hold the process open. */
const EXIT_GRACE_MS = 300;

export async function runApp(
  config: Config,
  options: AppOptions,
  io: CommandIO,
  streams: TerminalStreams = { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr },
): Promise<number> {
  const { stdout, stdin } = streams;
  const theme = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // the terminal is gone (the SSH connection dropped): nothing left to restore
    }
    try {
      stdout.write(SEQUENCES.leaveAlternateScreen + SEQUENCES.showCursor);
    } catch {
      // same
    }
  };
  // Writing to a terminal that went away fails with EIO: that must end the app, not crash it.
  const ignore = () => {};
  stdout.on('error', ignore);
  process.once('exit', restore);
  let quit: (() => void) | null = null;
  let received: NodeJS.Signals | null = null;
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  const exitCodeOf = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 1);
  // As q does: a running write is cancelled and rolled back (and audited),
  // then the app ends. A second signal, or a step that does not end in time, leaves at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (received || !quit) {
      restore();
      process.exit(exitCodeOf(received ?? signal));
    }
    received = signal;
    quit();
    setTimeout(() => {
      restore();
      process.exit(exitCodeOf(signal));
    }, SIGNAL_GRACE_MS).unref();
  };
  for (const signal of signals) process.on(signal, onSignal);

  let report: ExitReport | null = null;
  stdout.write(`${SEQUENCES.enterAlternateScreen}${SEQUENCES.hideCursor}`);
  try {
    // The app's first frame, then the reads go out (their connections' set-up, TLS among it, would
    // delay the frame), and the verdict is drawn before React, Ink and the screens load
    // (first-frame.ts says why).
    const firstFrame = drawFirstFrame({ config, theme, streams });
    const firstVerification = startVerification({
      config,
      dependencies: options.dependencies ?? (() => defaultDependencies(io.now)),
      contract: options.contract,
    });
    if ((await firstFrame.until(firstVerification)) === 'quit') return 0;
    const { startApp } = await import('./start.js');
    markStartup('ui-loaded');
    firstFrame.handOver();
    const app = startApp({
      firstVerification,
      config,
      theme,
      io,
      streams,
      directory: process.cwd(),
      ...(options.writeSettings ? { writeSettings: options.writeSettings } : {}),
      ...(options.watch ? { watch: options.watch } : {}),
      ...(options.contract ? { contract: options.contract } : {}),
      ...(options.dependencies ? { dependencies: options.dependencies } : {}),
      ...(options.environments ? { environments: options.environments } : {}),
    });
    quit = app.quit;
    await app.exited;
    report = app.exitReport();
  } finally {
    restore();
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', restore);
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  }
  // Quitting during a write: what became of it, on the normal screen, as the CLI says an interruption.
  for (const line of report?.lines ?? []) streams.stderr.write(`mantis-sync-tui: ${line}\n`);
  if (received) return exitCodeOf(received);
  return report?.code ?? 0;
}
