/**
 * The interactive app: the screens, the keys, and the few effects a key can have (quit, copy
 * through OSC 52, export the Markdown report, re-verify). State lives in pure reducers
 * (appState.ts, composed of each screen's state.ts); which key does what is keymap.ts; the
 * geometry is layout.ts. Leaving goes through useApp().exit(), so run.tsx's waitUntilExit() is
 * the one place the terminal is restored.
 */

import { basename, dirname } from 'node:path';
import { Box, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ContractSource } from '../commands/contract.js';
import type { VerifyDependencies } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import type { WatchSettings } from '../core/monitor.js';
import { redactSecretsInText } from '../core/redact.js';
import { VERSION } from '../version.js';
import { type AppState, appReducer, initialAppState } from './appState.js';
import { osc52 } from './clipboard.js';
import { Header } from './components/Header.js';
import { MessageLine } from './components/MessageLine.js';
import { StatusBar } from './components/StatusBar.js';
import { TooSmall } from './components/TooSmall.js';
import { writeReport } from './export.js';
import { useStore } from './hooks/useStore.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { CANCEL_GRACE_MS, useWrites } from './hooks/useWrites.js';
import { commandsForKey, keyContext, keyHints } from './keymap.js';
import type { Effect } from './keyTypes.js';
import { layoutFor } from './layout.js';
import { Checklist } from './screens/Checklist/Checklist.js';
import { selectedFinding } from './screens/Checklist/state.js';
import { Health } from './screens/Health/Health.js';
import { useHealth } from './screens/Health/useHealth.js';
import { Help } from './screens/Help/Help.js';
import { Monitor } from './screens/Monitor/Monitor.js';
import { useMonitor } from './screens/Monitor/useMonitor.js';
import { Overview } from './screens/Overview/Overview.js';
import { Remediate } from './screens/Remediate/Remediate.js';
import { Rollback } from './screens/Rollback/Rollback.js';
import { symbols, useTheme } from './theme.js';
import { reportOf } from './verification/state.js';
import { useVerification } from './verification/useVerification.js';
import { appSettings, type WriteSettings } from './writeSettings.js';

type Properties = {
  readonly config: Config;
  /** where `e` writes the report (the current directory) */
  readonly directory: string;
  readonly now: () => Date;
  /** the manifest and SQL templates; defaults to sql/ */
  readonly dependencies?: () => VerifyDependencies;
  /** Ctrl-L: draw the whole screen again */
  readonly onRedraw?: () => void;
  /** receives the app's quit (what q does), for a signal to end the app the same careful way */
  readonly onQuitHandle?: (quit: () => void) => void;
  /** the environment (the audit log's place, the operator's name); defaults to process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Remediate, Rollback and Health's maintenance: lock and statement timeouts, the audit log (flags, or a test) */
  readonly writeSettings?: WriteSettings;
  /** Monitor: the Watcher's interval, feed cadence and "completed in the last N minutes" (defaults: DEFAULT_WATCH) */
  readonly watch?: Partial<WatchSettings>;
  /** --app DIR or --contract FILE: the Checklist's "Application contract" group */
  readonly contract?: ContractSource;
};

export function App({
  config,
  directory,
  now,
  dependencies,
  onRedraw,
  onQuitHandle,
  env = process.env,
  writeSettings,
  watch,
  contract,
}: Properties) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const theme = useTheme();
  const size = useTerminalSize();
  const [state, dispatch, getState] = useStore(appReducer, () => initialAppState(config, VERSION));
  const reverify = useVerification({ config, dispatch, now, contract, ...(dependencies ? { dependencies } : {}) });
  const settings = useMemo(() => appSettings(writeSettings), [writeSettings]);
  const writes = useWrites({
    config,
    directory,
    now,
    env,
    settings,
    dependencies,
    dispatch,
    getState,
    reverify,
    screen: state.navigation.screen,
    contract,
  });
  const monitor = useMonitor({
    config,
    dispatch,
    screen: state.navigation.screen,
    paused: state.monitor.paused,
    watch,
  });
  // A Monitor that found no sync_progress looks again after each verification (a step may have made
  // the table), rather than saying it is missing until r.
  const monitorUnavailable = state.monitor.phase === 'unavailable';
  const { run: verificationRun, running: verifying } = state.verification;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a verification run ends, not when the Monitor changes
  useEffect(() => {
    if (monitorUnavailable && !verifying && verificationRun > 0) monitor.refresh();
  }, [verificationRun, verifying]);
  const leaving = useRef(false);
  const health = useHealth({
    config,
    settings,
    dispatch,
    screen: state.navigation.screen,
    windowMinutes: state.health.windowMinutes,
    directory,
    now,
    env,
  });

  const perform = useCallback(
    (effect: Effect, current: AppState) => {
      switch (effect.type) {
        case 'quit': {
          // A write or maintenance step running is cancelled first (its transaction rolls back),
          // then the app leaves; asked again meanwhile, it leaves at once.
          if (leaving.current) {
            exit();
            return;
          }
          const maintenance = health.cancelRunning();
          if (!maintenance) {
            writes.cancelThenQuit(exit);
            return;
          }
          dispatch({
            type: 'message',
            message: {
              text: 'cancelling the running maintenance step: its transaction rolls back, then the app quits (Ctrl-C again quits at once)',
              tone: 'info',
            },
          });
          leaving.current = true;
          const grace = new Promise<void>((resolve) => setTimeout(resolve, CANCEL_GRACE_MS).unref());
          void Promise.race([maintenance, grace]).then(() => writes.cancelThenQuit(exit));
          return;
        }
        case 'write':
          writes.perform(effect.request);
          return;
        case 'redraw':
          onRedraw?.();
          return;
        case 'monitor-refresh':
          monitor.refresh();
          return;
        case 'health-reload':
          health.reload();
          return;
        case 'health-run':
          health.run(effect.task, effect.dryRun ?? false);
          return;
        case 'reverify':
          if (current.verification.running) {
            dispatch({ type: 'message', message: { text: 'verification already running', tone: 'info' } });
            return;
          }
          reverify();
          return;
        case 'copy': {
          const findings = current.verification.findings ?? [];
          const finding = selectedFinding(findings, current.checklist);
          if (!finding) {
            dispatch({ type: 'message', message: { text: 'select a finding to copy its SQL', tone: 'info' } });
            return;
          }
          const useFix = effect.what === 'fix' && finding.fix !== null;
          const sql = useFix ? (finding.fix ?? '') : finding.evidence;
          // Raw on the stream, not through Ink: the sequence draws nothing, and Ink would repaint around it.
          stdout.write(osc52(`${sql.trimEnd()}\n`));
          const what = useFix ? 'fix SQL' : effect.what === 'fix' ? 'evidence SQL (no automatic fix)' : 'evidence SQL';
          dispatch({
            type: 'message',
            message: {
              text: `copied the ${what} of ${finding.code} ${finding.object} to the clipboard (OSC 52)`,
              tone: 'success',
            },
          });
          return;
        }
        case 'export': {
          const report = reportOf(current.verification);
          if (!report || current.verification.running) {
            dispatch({
              type: 'message',
              message: { text: 'nothing to export yet: wait for the verification to finish', tone: 'info' },
            });
            return;
          }
          try {
            const path = writeReport(report, directory, now());
            dispatch({
              type: 'message',
              message: { text: `wrote ${basename(path)} in ${dirname(path)}`, tone: 'success' },
            });
          } catch (error) {
            const reason = redactSecretsInText((error as Error).message);
            dispatch({
              type: 'message',
              message: { text: `could not write the report in ${directory}: ${reason}`, tone: 'error' },
            });
          }
          return;
        }
        default:
          return;
      }
    },
    [exit, dispatch, reverify, stdout, directory, now, onRedraw, writes, monitor, health],
  );

  // A signal (SIGTERM, a dropped SSH session) quits as q does: a running step is cancelled and rolled back first.
  useEffect(() => {
    onQuitHandle?.(() => perform({ type: 'quit' }, getState()));
  }, [onQuitHandle, perform, getState]);

  useInput((input, key) => {
    // Over a slow link several key presses arrive in one read ("jjj"): Ink hands them over as
    // one string, so printable text is taken one character at a time. Each key is judged
    // against the state the previous one left.
    const presses =
      /^[^\u0000-\u001f\u007f]{2,}$/u.test(input) && !key.ctrl && !key.meta
        ? [...input].map((c) => [c, {}] as const)
        : [[input, key] as const];
    for (const [text, press] of presses) {
      const current = getState();
      for (const command of commandsForKey(current, text, press, layoutFor(current, size, theme))) {
        if ('action' in command) dispatch(command.action);
        else perform(command.effect, getState());
      }
    }
  });

  const layout = useMemo(() => layoutFor(state, size, theme), [state, size, theme]);
  if (layout.tooSmall) return <TooSmall columns={size.columns} rows={size.rows} />;

  return <AppFrame state={state} layout={layout} rows={size.rows} />;
}

/** One frame of the app from its state: header, the screen, the message line, the keys. Pure (tests render it from fixtures). */
export function AppFrame({
  state,
  layout,
  rows,
}: {
  readonly state: AppState;
  readonly layout: ReturnType<typeof layoutFor>;
  readonly rows: number;
}) {
  const theme = useTheme();
  const { columns, bodyHeight } = layout;
  const hints = keyHints(keyContext(state, layout), symbols(theme));
  const screen = state.navigation.screen;
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header screen={screen} width={columns} />
      <Box flexDirection="column" flexShrink={0} height={bodyHeight} overflow="hidden">
        {screen === 'overview' ? (
          <Overview verification={state.verification} width={columns} height={bodyHeight} />
        ) : null}
        {screen === 'checklist' ? (
          <Checklist
            verification={state.verification}
            checklist={state.checklist}
            width={columns}
            height={bodyHeight}
          />
        ) : null}
        {screen === 'monitor' ? <Monitor monitor={state.monitor} width={columns} height={bodyHeight} /> : null}
        {screen === 'remediate' ? <Remediate state={state.remediate} width={columns} height={bodyHeight} /> : null}
        {screen === 'rollback' ? <Rollback state={state.rollback} width={columns} height={bodyHeight} /> : null}
        {screen === 'health' ? (
          <Health health={state.health} throughput={state.monitor.throughput} width={columns} height={bodyHeight} />
        ) : null}
        {screen === 'help' ? <Help width={columns} height={bodyHeight} scroll={state.navigation.helpScroll} /> : null}
      </Box>
      <MessageLine state={state} width={columns} />
      <StatusBar hints={hints} width={columns} />
    </Box>
  );
}
