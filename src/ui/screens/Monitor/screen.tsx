/** The Monitor as the shell sees it: the Watcher's live syncs, its keys, and the throughput it offers other screens. */
import { useCallback, useEffect } from 'react';
import { lazyView, useLoadedView, ViewLoading } from '../../lazyView.js';
import type { ScreenDefinition, WorkContext } from '../../screen.js';
import { MONITOR_BINDINGS, monitorContext } from './keys.js';
import {
  initialMonitor,
  isMonitorEvent,
  type MonitorAction,
  type MonitorLayout,
  type MonitorScreenState,
  monitorGeometry,
  monitorOf,
  monitorReducer,
} from './state.js';
import { useMonitor } from './useMonitor.js';

function useMonitorWork({ config, dispatch, state, shownNeeds, watch, dependencies }: WorkContext) {
  const monitor = monitorOf(state);
  const { refresh } = useMonitor({
    config,
    dispatch,
    watching: shownNeeds?.feed ?? false,
    paused: monitor.paused,
    watch,
    dependencies,
  });
  // A Monitor that found no table of syncs looks again after each verification (a step may have made
  // the table), rather than saying it is missing until r.
  const unavailable = monitor.phase === 'unavailable';
  const { run, running } = state.verification;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a verification run ends, not when the Monitor changes
  useEffect(() => {
    if (unavailable && !running && run > 0) refresh();
  }, [run, running]);
  return useCallback((_request: unknown) => refresh(), [refresh]);
}

const view = lazyView(() => import('./Monitor.js'));

export const monitorScreen: ScreenDefinition<MonitorScreenState> = {
  id: 'monitor',
  key: '3',
  title: 'Monitor',
  needs: { verification: false, feed: true },
  initial: () => initialMonitor,
  owns: ['monitor/'],
  reduce: (slice, action) => monitorReducer(slice, action as MonitorAction),
  isEvent: isMonitorEvent,
  provides: (slice) => ({ throughput: slice.throughput }),
  load: view.load,
  Component: ({ app, width, height }) => {
    const loaded = useLoadedView(view);
    if (!loaded) return <ViewLoading />;
    return <loaded.Monitor monitor={monitorOf(app)} width={width} height={height} />;
  },
  layout: (_app, columns, bodyHeight): MonitorLayout => ({ rows: monitorGeometry(bodyHeight, columns).tableRows }),
  keys: {
    context: monitorContext,
    modal: (context) => context === 'monitor-filter',
    bindings: MONITOR_BINDINGS,
  },
  messageLine: (app, theme) => {
    const monitor = monitorOf(app);
    if (!monitor.editing) return null;
    return [
      { text: '/', bold: true, tone: 'cyan' },
      { text: monitor.filter },
      { text: theme.unicode ? '▏' : '_', tone: 'cyan' },
      { text: '   organization or entity; Enter keeps the filter, Esc clears it', dim: true },
    ];
  },
  useWork: useMonitorWork,
};
