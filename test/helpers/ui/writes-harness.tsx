/**
 * The screens that write (Remediate and Rollback) rendered with the app's real key handling
 * (keymap → reducers), message line and status bar. The effects a key asks for are collected
 * instead of run; the tests against real databases drive the whole app (app-harness.tsx).
 */
import { Box, useInput } from 'ink';
import type { AppState } from '../../../src/ui/appState.js';
import { MessageLine } from '../../../src/ui/components/MessageLine.js';
import { StatusBar } from '../../../src/ui/components/StatusBar.js';
import { useStore } from '../../../src/ui/hooks/useStore.js';
import { useTerminalSize } from '../../../src/ui/hooks/useTerminalSize.js';
import { commandsForKey, keyHints } from '../../../src/ui/keymap.js';
import type { Effect } from '../../../src/ui/keyTypes.js';
import { layoutFor } from '../../../src/ui/layout.js';
import { loadScreenViews } from '../../../src/ui/screens/index.js';
import { Remediate } from '../../../src/ui/screens/Remediate/Remediate.js';
import { remediateOf } from '../../../src/ui/screens/Remediate/state.js';
import { Rollback } from '../../../src/ui/screens/Rollback/Rollback.js';
import { rollbackOf } from '../../../src/ui/screens/Rollback/state.js';
import { appReducer } from '../../../src/ui/shell.js';
import { symbols, useTheme } from '../../../src/ui/theme.js';
import { ASCII, render } from './render.js';

// The app loads the screens' views (and the geometry the keys read) after its first frame; here they are there from the start.
await loadScreenViews();

/** The two screens with the app's key handling, message line and status bar; effects are collected. */
function Harness({ initial, effects }: { readonly initial: AppState; readonly effects: Effect[] }) {
  const theme = useTheme();
  const size = useTerminalSize();
  const [state, dispatch, getState] = useStore(appReducer, () => initial);
  useInput((input, key) => {
    const current = getState();
    for (const command of commandsForKey(current, input, key, layoutFor(current, size, theme))) {
      if ('action' in command) dispatch(command.action);
      else effects.push(command.effect);
    }
  });
  const layout = layoutFor(state, size, theme);
  const screen = state.navigation.screen;
  return (
    <Box flexDirection="column" width={layout.columns}>
      {screen === 'remediate' ? (
        <Remediate state={remediateOf(state)} width={layout.columns} height={layout.bodyHeight} />
      ) : null}
      {screen === 'rollback' ? (
        <Rollback state={rollbackOf(state)} width={layout.columns} height={layout.bodyHeight} />
      ) : null}
      {screen !== 'remediate' && screen !== 'rollback' ? <Box height={layout.bodyHeight}>{null}</Box> : null}
      <MessageLine state={state} width={layout.columns} />
      <StatusBar hints={keyHints(state, layout, symbols(theme))} width={layout.columns} />
    </Box>
  );
}

/** Renders the harness from this state (80×24 unless told); `effects` fills as keys ask for writes. */
export function harness(initial: AppState, options: { columns?: number; rows?: number; ascii?: boolean } = {}) {
  const effects: Effect[] = [];
  const ui = render(<Harness initial={initial} effects={effects} />, {
    columns: options.columns ?? 80,
    rows: options.rows ?? 24,
    ...(options.ascii ? { theme: ASCII } : {}),
  });
  return { ...ui, effects };
}
