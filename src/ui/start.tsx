/** Renders the app with Ink on the terminal run.tsx has prepared; resolves when the person leaves. */

import { render } from 'ink';
import type { ContractSource } from '../commands/contract.js';
import type { VerifyDependencies } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import type { EnvironmentSwitch } from '../core/environments.js';
import type { CommandIO } from '../core/io.js';
import type { WatchSettings } from '../core/monitor.js';
import { App } from './App.js';
import type { ExitReport } from './hooks/useWriteRunner.js';
import { loadScreenViews } from './screens/index.js';
import { diffedStream, ScreenDiff, type TerminalStreams } from './terminal.js';
import { type Theme, ThemeContext } from './theme.js';
import type { StartedVerification } from './verification/start.js';
import type { WriteSettings } from './writeSettings.js';

export interface StartOptions {
  readonly config: Config;
  readonly theme: Theme;
  readonly io: CommandIO;
  readonly streams: TerminalStreams;
  readonly directory: string;
  readonly writeSettings?: WriteSettings;
  /** Monitor: the Watcher's settings (--interval) */
  readonly watch?: Partial<WatchSettings>;
  /** --app DIR or --contract FILE */
  readonly contract?: ContractSource;
  /** --migrations DIR: the files' intended state (without it the app loads the built-in 0024's) */
  readonly dependencies?: VerifyDependencies;
  /** the first verification, started before this module was loaded */
  readonly firstVerification?: StartedVerification;
  /** E: the environments to switch to */
  readonly environments?: EnvironmentSwitch;
}

/**
 * The other screens' code loads this long after the first verification has ended: after its
 * verdict is drawn (Ink draws at most every 50 ms), not competing with it (issue 25).
 */
const VIEWS_AFTER_VERDICT_MS = 200;

export function startApp({
  config,
  theme,
  io,
  streams,
  directory,
  writeSettings,
  watch,
  contract,
  dependencies,
  firstVerification,
  environments,
}: StartOptions): {
  exited: Promise<unknown>;
  stop: () => void;
  /** as q does: a running write is cancelled and rolled back, then the app leaves */
  quit: () => void;
  /** once it has left: what quitting interrupted, for the normal screen, or null */
  exitReport: () => ExitReport | null;
} {
  let quit: () => void = () => instance.unmount();
  let exitReport: () => ExitReport | null = () => null;
  const { stdout, stdin, stderr } = streams;
  const size = () => ({ columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24 });
  const screen = new ScreenDiff(size);
  // Registered before Ink's own listener: whatever Ink draws after a resize is drawn whole.
  const invalidate = () => screen.invalidate();
  stdout.on('resize', invalidate);
  const redraw = () => {
    const bytes = screen.repaint();
    if (bytes) stdout.write(bytes);
  };
  const instance = render(
    <ThemeContext.Provider value={theme}>
      <App
        config={config}
        directory={directory}
        now={io.now}
        onRedraw={redraw}
        onQuitHandle={(handle) => {
          quit = handle;
        }}
        onExitReport={(report) => {
          exitReport = report;
        }}
        env={io.env}
        {...(writeSettings ? { writeSettings } : {})}
        {...(watch ? { watch } : {})}
        {...(contract ? { contract } : {})}
        {...(dependencies ? { dependencies: () => dependencies } : {})}
        {...(firstVerification ? { firstVerification } : {})}
        {...(environments ? { environments } : {})}
      />
    </ThemeContext.Provider>,
    {
      stdout: diffedStream(stdout, screen),
      stdin,
      stderr,
      exitOnCtrlC: false,
      // Nothing of ours logs to the console; a patched console would redraw around stray output.
      patchConsole: false,
      // At most 20 frames a second (a spinner needs 12); only changed lines are sent (terminal.ts).
      maxFps: 20,
      incrementalRendering: false,
    },
  );
  void (firstVerification?.report ?? Promise.resolve())
    .catch(() => {})
    .then(() => setTimeout(() => void loadScreenViews(), VIEWS_AFTER_VERDICT_MS).unref());
  const exited = instance.waitUntilExit().finally(() => stdout.off('resize', invalidate));
  return { exited, stop: () => instance.unmount(), quit: () => quit(), exitReport: () => exitReport() };
}
