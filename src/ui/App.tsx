/**
 * The interactive app: the screens of the list (screens/index.ts), the keys, and the few effects
 * the shell carries out itself (quit, re-verify, export the Markdown report); every other effect is
 * a request for the shown screen's work. State lives in pure reducers (shell.ts, composed of each
 * screen's own); which key does what is keymap.ts; the geometry is layout.ts. Every write goes
 * through one runner (hooks/useWriteRunner.ts). Leaving goes through useApp().exit(), so run.tsx's
 * waitUntilExit() is the one place the terminal is restored.
 */

import { basename, dirname } from 'node:path';
import { Box, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ContractSource } from '../commands/contract.js';
import { defaultDependencies, type VerifyDependencies } from '../commands/verify.js';
import { type Config, ConfigError } from '../core/config.js';
import type { EnvironmentSwitch } from '../core/environments.js';
import type { WatchSettings } from '../core/monitor.js';
import { redactSecretsInText } from '../core/redact.js';
import { environmentName } from '../core/words.js';
import { readOnlyRefusal } from '../core/write-settings.js';
import { VERSION } from '../version.js';
import type { AppState, Message } from './appState.js';
import { osc52 } from './clipboard.js';
import { Header } from './components/Header.js';
import { MessageLine } from './components/MessageLine.js';
import { LockWaitContext } from './components/RunningLine.js';
import { StatusBar } from './components/StatusBar.js';
import { TooSmall } from './components/TooSmall.js';
import { writeReport } from './export.js';
import { Help } from './help/Help.js';
import { useStore } from './hooks/useStore.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { type ExitReport, useWriteRunner } from './hooks/useWriteRunner.js';
import { commandsForKey, keyHints } from './keymap.js';
import { keyPresses } from './keyPresses.js';
import type { Effect } from './keyTypes.js';
import { layoutFor } from './layout.js';
import { initialNavigation } from './navigation.js';
import { type Place, placeLabel } from './place.js';
import { PlaceContext } from './placeContext.js';
import type { ScreenDefinition, ScreenWork, WorkContext } from './screen.js';
import { SCREENS } from './screens/index.js';
import { appReducer, initialAppState, providedBy, screenBehind, screenOf } from './shell.js';
import { Switcher } from './switcher/Switcher.js';
import { symbols, useTheme } from './theme.js';
import type { StartedVerification } from './verification/start.js';
import { reportOf } from './verification/state.js';
import { useVerification } from './verification/useVerification.js';
import { appSettings, type WriteSettings } from './writeSettings.js';

/** E without an environments file: one line, naming where it is looked for. */
const NO_ENVIRONMENTS =
  'no named environments: write mantis-sync-tui.json in the working directory (see the README, "CI and many databases")';

/** Where the app is, as the header and a typed confirmation name it. */
const placeOf = (config: Config): Place => ({ environment: config.environment, readOnly: config.readOnly === true });

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
  /** receives how to ask, once the app has left, what quitting interrupted (printed on the normal screen) */
  readonly onExitReport?: (report: () => ExitReport | null) => void;
  /** the environment (the audit log's place, the operator's name); defaults to process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** every write: lock and statement timeouts, the audit log (flags, or a test) */
  readonly writeSettings?: WriteSettings;
  /** the Watcher's interval, feed cadence and "completed in the last N minutes" (defaults: DEFAULT_WATCH) */
  readonly watch?: Partial<WatchSettings>;
  /** --app DIR or --contract FILE: the application's statements, checked with every verification */
  readonly contract?: ContractSource;
  /** the first verification, started before the app was loaded (run.tsx); the first session's only */
  readonly firstVerification?: StartedVerification;
  /** E: the environments of mantis-sync-tui.json (none: E says there are no named environments) */
  readonly environments?: EnvironmentSwitch;
};

type KeyHandler = Parameters<typeof useInput>[0];

/** Where a session of the app starts: the screen shown and the line said when it follows a switch. */
interface Session {
  readonly config: Config;
  readonly screen: string | null;
  readonly message: Message | null;
  readonly generation: number;
}

/**
 * The app on one environment at a time: a switch (E) starts a new session on the chosen
 * environment's databases, on the same screen, so every screen, read, watcher and write setting
 * is made again from its Config (the old session's reads are dropped, its connections closed).
 */
export function App(properties: Properties) {
  const [session, setSession] = useState<Session>(() => ({
    config: properties.config,
    screen: null,
    message: null,
    generation: 0,
  }));
  const switchTo = useCallback(
    (config: Config, screen: string, message: Message) =>
      setSession((s) => ({ config, screen, message, generation: s.generation + 1 })),
    [],
  );
  // One reader of the keys for the app's whole life: a session that ends must not take raw mode with it.
  const keys = useRef<KeyHandler | null>(null);
  useInput((input, key) => keys.current?.(input, key));
  // The verification started before the app loaded read the first environment: a switch reads anew.
  const { firstVerification, ...rest } = properties;
  return (
    <AppSession
      key={session.generation}
      {...rest}
      {...(firstVerification && session.generation === 0 ? { firstVerification } : {})}
      keys={keys}
      config={session.config}
      startOn={session.screen}
      greeting={session.message}
      onSwitch={switchTo}
    />
  );
}

function AppSession({
  config,
  directory,
  now,
  dependencies,
  onRedraw,
  onQuitHandle,
  onExitReport,
  env = process.env,
  writeSettings,
  watch,
  contract,
  firstVerification,
  environments,
  startOn,
  greeting,
  onSwitch,
  keys,
}: Properties & {
  readonly keys: { current: KeyHandler | null };
  readonly startOn: string | null;
  readonly greeting: Message | null;
  readonly onSwitch: (config: Config, screen: string, message: Message) => void;
}) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const theme = useTheme();
  const size = useTerminalSize();
  // A first run that ended before the app was drawn (first-frame.ts drew its verdict) is the
  // app's first state: its first frame shows that verdict, not "connecting" again.
  const [firstEvents] = useState(() => firstVerification?.settledEvents(1) ?? null);
  const [state, dispatch, getState] = useStore(appReducer, () => {
    const initial = initialAppState(config, VERSION);
    return (firstEvents ?? []).reduce(appReducer, {
      ...initial,
      navigation: startOn ? initialNavigation(startOn) : initial.navigation,
      message: greeting,
    });
  });
  const reverify = useVerification({
    config,
    dispatch,
    now,
    contract,
    first: firstVerification,
    firstInState: firstEvents !== null,
    ...(dependencies ? { dependencies } : {}),
  });
  const settings = useMemo(() => appSettings(writeSettings), [writeSettings]);
  const refusal = useCallback((what: string) => readOnlyRefusal(config, what), [config]);
  const place = useMemo(() => placeOf(config), [config]);
  const writes = useWriteRunner({ dispatch, reverify, refusal });
  const loaded = useRef<VerifyDependencies | null>(null);
  const load = useCallback((): VerifyDependencies => {
    loaded.current ??= dependencies ? dependencies() : defaultDependencies(now);
    return loaded.current;
  }, [dependencies, now]);
  const copy = useCallback((text: string) => stdout.write(osc52(text)), [stdout]);
  const shown = state.navigation.screen;
  const shownNeeds = screenOf(shown)?.needs ?? null;

  const context = (id: string): WorkContext => ({
    id,
    config,
    directory,
    now,
    env,
    settings,
    dependencies: load,
    contract,
    watch,
    state,
    dispatch,
    getState,
    shown,
    shownNeeds,
    writes,
    reverify,
    copy,
  });
  // Each screen's work (its reads and writes) runs for the app's whole life, whatever is shown.
  const works = useRef(new Map<string, ScreenWork>());
  const workers = SCREENS.flatMap((screen) =>
    screen.useWork
      ? [<Worker key={screen.id} useWork={screen.useWork} context={context(screen.id)} works={works.current} />]
      : [],
  );

  useEffect(() => {
    onExitReport?.(writes.exitReport);
  }, [onExitReport, writes]);

  const say = useCallback(
    (text: string, tone: Message['tone'] = 'info') => dispatch({ type: 'message', message: { text, tone } }),
    [dispatch],
  );

  const openSwitcher = useCallback(() => {
    try {
      const file = environments?.read() ?? null;
      if (!file) {
        say(NO_ENVIRONMENTS);
        return;
      }
      dispatch({ type: 'switcher/open', file, current: config.environment?.name ?? null });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      say(error.message, 'error');
    }
  }, [environments, config, dispatch, say]);

  const switchEnvironment = useCallback(
    (name: string, current: AppState) => {
      const file = current.switcher?.file;
      if (!environments || !file) return;
      // A write keeps its connection to the databases it started on: the switch waits for it.
      const running = writes.running();
      if (running) {
        say(`${running} is running: switch environments once it has ended (q cancels it, rolled back, and quits)`);
        return;
      }
      if (name === config.environment?.name) {
        dispatch({ type: 'switcher/close' });
        say(`already on ${environmentName(config.environment)}`);
        return;
      }
      let opened: ReturnType<EnvironmentSwitch['open']>;
      try {
        opened = environments.open(file, name);
      } catch (error) {
        // A variable not set: the CLI's line, under the list (it is long: the file is named twice); the app stays.
        if (!(error instanceof ConfigError)) throw error;
        dispatch({ type: 'switcher/refused', problem: error.message });
        return;
      }
      const { config: next, warnings } = opened;
      const where = [next.issoh, next.spp].flatMap((t) => (t ? [`${t.label} ${t.host}/${t.database}`] : []));
      onSwitch(
        next,
        screenBehind(current)?.id ?? current.navigation.screen,
        warnings[0]
          ? { text: `warning: ${warnings[0]}`, tone: 'error' }
          : { text: `now on ${placeLabel(placeOf(next))}: ${where.join(', ')}`, tone: 'success' },
      );
    },
    [environments, writes, config, dispatch, say, onSwitch],
  );

  const perform = useCallback(
    (effect: Effect, current: AppState) => {
      switch (effect.type) {
        case 'quit':
          // A write running is cancelled first (its transaction rolls back), then the app leaves;
          // asked again meanwhile, it leaves at once.
          writes.cancelThenQuit(exit);
          return;
        case 'work':
          works.current.get(current.navigation.screen)?.(effect.request);
          return;
        case 'redraw':
          onRedraw?.();
          return;
        case 'reverify':
          if (current.verification.running) {
            dispatch({ type: 'message', message: { text: 'verification already running', tone: 'info' } });
            return;
          }
          reverify();
          return;
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
        case 'environments':
          openSwitcher();
          return;
        case 'switch-environment':
          switchEnvironment(effect.name, current);
          return;
        default:
          return;
      }
    },
    [exit, dispatch, reverify, directory, now, onRedraw, writes, openSwitcher, switchEnvironment],
  );

  // A signal (SIGTERM, a dropped SSH session) quits as q does: a running step is cancelled and rolled back first.
  useEffect(() => {
    onQuitHandle?.(() => perform({ type: 'quit' }, getState()));
  }, [onQuitHandle, perform, getState]);

  keys.current = (input, key) => {
    // Each press is judged against the state the previous one left (keyPresses says why a read holds several).
    for (const [text, press] of keyPresses(input, key)) {
      const current = getState();
      for (const command of commandsForKey(current, text, press, layoutFor(current, size, theme))) {
        if ('action' in command) dispatch(command.action);
        else perform(command.effect, getState());
      }
    }
  };

  const layout = useMemo(() => layoutFor(state, size, theme), [state, size, theme]);
  return (
    <>
      {workers}
      {layout.tooSmall ? (
        <TooSmall columns={size.columns} rows={size.rows} />
      ) : (
        <AppFrame state={state} layout={layout} rows={size.rows} place={place} />
      )}
    </>
  );
}

/** Runs one screen's work hook and keeps the handler its keys' requests go to; draws nothing. */
function Worker({
  useWork,
  context,
  works,
}: {
  readonly useWork: NonNullable<ScreenDefinition['useWork']>;
  readonly context: WorkContext;
  readonly works: Map<string, ScreenWork>;
}) {
  const handle = useWork(context);
  if (handle) works.set(context.id, handle);
  else works.delete(context.id);
  return null;
}

/** One frame of the app from its state: header, the screen, the message line, the keys. Pure (tests render it from fixtures). */
export function AppFrame({
  state,
  layout,
  rows,
  place,
}: {
  /** the environment and READ-ONLY, named in the header */
  readonly place?: Place | undefined;
  readonly state: AppState;
  readonly layout: ReturnType<typeof layoutFor>;
  readonly rows: number;
}) {
  const theme = useTheme();
  const { columns, bodyHeight } = layout;
  const hints = keyHints(state, layout, symbols(theme));
  const screen = screenOf(state.navigation.screen);
  const provided = useMemo(() => providedBy(state), [state]);
  return (
    <LockWaitContext.Provider value={state.waiting}>
      <PlaceContext.Provider value={place}>
        <Box flexDirection="column" width={columns} height={rows - 1}>
          <Header screen={state.navigation.screen} width={columns} place={place} />
          <Box flexDirection="column" flexShrink={0} height={bodyHeight} overflow="hidden">
            {state.switcher ? (
              <Switcher state={state.switcher} width={columns} height={bodyHeight} />
            ) : screen ? (
              <screen.Component app={state} provided={provided} width={columns} height={bodyHeight} />
            ) : (
              <Help width={columns} height={bodyHeight} scroll={state.navigation.helpScroll} />
            )}
          </Box>
          <MessageLine state={state} width={columns} />
          <StatusBar hints={hints} width={columns} />
        </Box>
      </PlaceContext.Provider>
    </LockWaitContext.Provider>
  );
}
