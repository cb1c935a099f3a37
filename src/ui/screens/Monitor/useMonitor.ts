/**
 * Runs the watch use-case's Watcher (src/commands/watch.ts) for every screen that needs its feed: one read-only
 * connection to IS-SOH, one query per tick, polling on the server's clock.
 *
 * It starts the first time such a screen is opened, not when the app starts: a
 * person who only verifies never puts a polling session on the production database (and a
 * polled Neon compute never scales to zero). Once started it keeps running while the app is
 * open, so the history (rates, stalls, the throughput of the session) survives switching
 * screens; it stops (AbortSignal) when the app ends.
 */

import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { VerifyDependencies } from '../../../commands/verify.js';
import { openWatcher, type Watcher } from '../../../commands/watch.js';
import type { Config } from '../../../core/config.js';
import { DEFAULT_WATCH, type WatchSettings } from '../../../core/monitor.js';
import { redactSecretsInText } from '../../../core/redact.js';
import { type MonitorAction, NO_ISSOH } from './state.js';

export interface MonitorOptions {
  readonly config: Config;
  readonly dispatch: (action: MonitorAction) => void;
  /** a screen that needs the Watcher's ticks is shown */
  readonly watching: boolean;
  readonly paused: boolean;
  /** defaults to DEFAULT_WATCH (every 2 s, the feed every 5 ticks, completed in the last 15 min) */
  readonly watch?: Partial<WatchSettings> | undefined;
  /** the intended state (the built-in 0024, or --migrations DIR): the tables watched are its */
  readonly dependencies?: (() => VerifyDependencies) | undefined;
}

export interface MonitorControls {
  /** `r`: sample now (also while paused: one sample); after "unavailable", look again */
  readonly refresh: () => void;
}

export function useMonitor({
  config,
  dispatch,
  watching,
  paused,
  watch,
  dependencies,
}: MonitorOptions): MonitorControls {
  const watcher = useRef<Watcher | null>(null);
  const running = useRef(false);
  const started = useRef(false);
  const oneShot = useRef(false);
  const controller = useRef(new AbortController());
  const mounted = useRef(true);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const dependenciesRef = useRef(dependencies);
  dependenciesRef.current = dependencies;

  const start = useCallback(() => {
    if (running.current) return;
    const send = (action: MonitorAction) => {
      if (mounted.current) dispatch(action);
    };
    const settings: WatchSettings = { ...DEFAULT_WATCH, ...watch };
    send({ type: 'monitor/started', intervalMs: settings.intervalMs, minutes: settings.minutes });
    if (!config.issoh) {
      send({ type: 'monitor/event', event: { kind: 'unavailable', message: NO_ISSOH } });
      return;
    }
    const w = openWatcher(config, settings, dependenciesRef.current?.().manifest);
    w.paused = pausedRef.current;
    watcher.current = w;
    running.current = true;
    w.run((event) => {
      // The Watcher stops after "unavailable": r may start a new one at once.
      if (event.kind === 'unavailable' || event.kind === 'failed') running.current = false;
      if (oneShot.current && event.kind === 'tick') {
        // A refresh while paused: one sample, then paused again.
        oneShot.current = false;
        w.paused = pausedRef.current;
      }
      send({
        type: 'monitor/event',
        event:
          event.kind === 'reconnecting' || event.kind === 'failed'
            ? { ...event, message: redactSecretsInText(event.message) }
            : event,
      });
    }, controller.current.signal)
      .catch((error: unknown) => {
        send({
          type: 'monitor/event',
          event: {
            kind: 'unavailable',
            message: redactSecretsInText(error instanceof Error ? error.message : String(error)),
          },
        });
      })
      .finally(() => {
        if (watcher.current === w) running.current = false;
        void w.close().catch(() => {});
      });
  }, [config, dispatch, watch]);

  // First visit of a screen that watches: start.
  useEffect(() => {
    if (started.current || !watching) return;
    started.current = true;
    start();
  }, [watching, start]);

  useEffect(() => {
    if (watcher.current && !oneShot.current) watcher.current.paused = paused;
  }, [paused]);

  // The app ends: stop polling and close the connection.
  useEffect(() => {
    mounted.current = true;
    const abort = controller.current;
    return () => {
      mounted.current = false;
      abort.abort();
    };
  }, []);

  const refresh = useCallback(() => {
    if (!running.current) {
      // Stopped because the table of syncs did not exist: look again (it may have been created since).
      if (started.current) start();
      return;
    }
    const w = watcher.current;
    if (!w) return;
    if (w.paused) {
      oneShot.current = true;
      w.paused = false;
    }
    w.refresh();
  }, [start]);

  return useMemo(() => ({ refresh }), [refresh]);
}
