/**
 * watch: the monitor loop, for `watch` and the Monitor and Health screens. Polling, not LISTEN:
 * LISTEN does not pass Neon's pooler. A lost connection is retried with backoff; the history survives.
 */

import type { Config } from '../core/config.js';
import { DbError } from '../core/errors.js';
import type { Manifest } from '../core/manifest.js';
import {
  type ComputedViews,
  computeViews,
  emptyMonitor,
  type Feed,
  type MonitorState,
  reduce,
  type WatchEvent,
  type WatchSettings,
} from '../core/monitor.js';
import { type MonitoredTables, monitoredTables, PROGRESS_COLUMNS } from '../core/monitored-tables.js';
import type { SnapshotScope } from '../core/scope.js';
import type { Snapshot } from '../core/snapshot.js';
import { requireIssoh } from '../core/write-settings.js';
import type { Database } from '../db/connect.js';
import { isTransient } from '../db/errors.js';
import { introspect } from '../db/introspect.js';
import { Sampler, samplingShape } from '../db/sample.js';
import { readOnlyDatabase } from '../db/session.js';
import { loadJson } from '../sql.js';
import { collectYoungGarbage, limitHeapGrowth } from '../startup-fast-path.js';

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** undefined_table, undefined_column: the table of syncs (or the activity log) dropped or changed while watched. */
const GONE_SQLSTATES = new Set(['42P01', '42703']);

/** What the Monitor watches: the intended state's tables (the built-in 0024's, or --migrations DIR's) and how it reads them. */
export interface MonitorTarget {
  readonly tables: MonitoredTables;
  /** the catalog query's scope: a migration set's, else the built-in one */
  readonly scope?: SnapshotScope | undefined;
  /** what is applied to make them ("0024") and how (" (Remediate, or `mantis-sync-tui apply`)") */
  readonly apply: string;
  readonly how: string;
  /** what holds them, for a sentence: "0024" or the directory */
  readonly source: string;
}

export function monitorTarget(manifest: Manifest): MonitorTarget {
  const set = manifest.migrations;
  return {
    tables: monitoredTables(manifest),
    scope: set?.scope,
    apply: set ? `the files of ${set.directory}` : '0024',
    how: set
      ? ` (Remediate, or \`mantis-sync-tui apply --migrations ${set.directory}\`)`
      : ' (Remediate, or `mantis-sync-tui apply`)',
    source: set ? set.directory : '0024',
  };
}

export class Watcher {
  state: MonitorState = emptyMonitor;
  feed: Feed | null = null;
  paused = false;
  /** the last tick's views: the next tick renews only the ones that changed */
  private computed: ComputedViews | undefined;
  /**
   * The state and views of the tick before the last: nobody reads them any more (the screens and
   * the CLI have the last tick's, computeViews the one before), so the next tick writes over
   * their arrays (see core/monitor-buffers.ts).
   */
  private spare: { readonly state: MonitorState; readonly computed: ComputedViews | undefined } | undefined;
  private sampler: Sampler | null = null;
  /** what this table's shape keeps the monitor from showing */
  private limits: readonly string[] = [];
  /** the settings the reducer runs with: the watch's, and what the shape says of started_at */
  private monitorSettings: WatchSettings & { readonly withoutStartedAt?: boolean };
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    readonly settings: WatchSettings,
    private readonly target: MonitorTarget = monitorTarget(loadJson<Manifest>('manifest.json')),
  ) {
    this.monitorSettings = settings;
  }

  private get goneMessage(): string {
    return `${this.target.tables.progress} is gone: it was dropped while the monitor watched it (a rollback?): apply ${this.target.apply} again${this.target.how}`;
  }

  /** Closes the session (after run() has ended). */
  close(): Promise<void> {
    return this.db.close();
  }

  /** Reads the table's shape (one catalog query) and prepares the tick query for it. */
  private async prepare(): Promise<string | null> {
    const { tables, apply, how, source } = this.target;
    if (tables.progress === null)
      return `the intended state of ${source} creates no table of syncs (one with ${PROGRESS_COLUMNS.join(', ')}): the monitor has nothing to watch`;
    const snapshot = await introspect(this.db, { scope: this.target.scope });
    const shape = samplingShape(snapshot, tables);
    if (!shape.available) {
      return this.exists(snapshot)
        ? `${tables.progress} has no ${shape.missing.join(', ')}: the monitor cannot tell its syncs apart or their progress; apply ${apply}${how}`
        : `${tables.progress} does not exist here: apply ${apply} first${how}`;
    }
    this.sampler = new Sampler(this.db, shape);
    this.limits = shape.limits;
    this.monitorSettings = { ...this.settings, withoutStartedAt: !shape.hasStartedAt };
    return null;
  }

  /** One tick: one query (plus, every few ticks, the feed). */
  async step(): Promise<WatchEvent> {
    if (!this.sampler) {
      const unavailable = await this.prepare();
      if (unavailable) return { kind: 'unavailable', message: unavailable };
    }
    const sampler = this.sampler!;
    const started = performance.now();
    const full = this.state.needsFull || this.state.ticks % this.settings.fullEvery === 0;
    const answer = sampler.tick(full ? null : this.state.serverNow);
    // Once the query is on its way (after pg's microtasks), while the server works.
    setImmediate(collectYoungGarbage);
    const tick = await answer;
    const spare = this.spare;
    this.spare = { state: this.state, computed: this.computed };
    this.state = reduce(this.state, tick, this.monitorSettings, spare?.state);
    if (this.feed === null || this.state.ticks % this.settings.feedEvery === 1) {
      this.feed = await sampler.feed(this.settings.minutes, this.state.organizations);
    }
    this.computed = computeViews(this.state, this.monitorSettings, this.computed, spare?.computed);
    return {
      kind: 'tick',
      state: this.state,
      computed: this.computed,
      feed: this.feed,
      tickMs: performance.now() - started,
      limits: this.limits,
    };
  }

  private exists(snapshot: Snapshot): boolean {
    return snapshot.relations.some((r) => `${r.schema}.${r.name}` === this.target.tables.progress);
  }

  private async tableExists(): Promise<boolean> {
    return this.exists(await introspect(this.db, { scope: this.target.scope }));
  }

  get lastTickBytes(): number {
    return this.sampler?.lastTickBytes ?? 0;
  }

  /** Sample now instead of waiting for the interval (the `r` key). */
  refresh(): void {
    this.wake?.();
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }

  /**
   * Ticks until the signal aborts or `onEvent` returns (or resolves to) false; a promise is waited
   * for (the CLI writing a tick to a slow pipe). Connection loss: retry with backoff.
   */
  async run(onEvent: (event: WatchEvent) => unknown, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    /** the shape was read again after a missing column: the same error again is said, not looped on */
    let reshaped = false;
    while (!signal.aborted) {
      if (this.paused) {
        await this.sleep(this.settings.intervalMs, signal);
        continue;
      }
      const started = Date.now();
      let event: WatchEvent;
      try {
        event = await this.step();
        attempt = 0;
        reshaped = false;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof DbError && GONE_SQLSTATES.has(error.sqlstate ?? '')) {
          this.sampler = null;
          this.computed = undefined;
          this.spare = undefined;
          // Gone only when the table is: a column that went (or a shape read wrong) is looked at again, once.
          const unavailable = reshaped ? message : await this.prepare().catch(() => this.goneMessage);
          if (unavailable === null) {
            reshaped = true;
            continue;
          }
          const exists = await this.tableExists().catch(() => false);
          await onEvent({ kind: 'unavailable', message: exists ? unavailable : this.goneMessage });
          return;
        }
        // Retrying a wrong password or a missing database only hammers the server: say it once and stop.
        if (!isTransient(error)) {
          await onEvent({ kind: 'failed', message });
          return;
        }
        attempt++;
        const nextInMs = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]!;
        const waking = error instanceof DbError && error.waking;
        if ((await onEvent({ kind: 'reconnecting', attempt, nextInMs, message, waking })) === false) return;
        await this.sleep(nextInMs, signal);
        continue;
      }
      if ((await onEvent(event)) === false || event.kind === 'unavailable') return;
      await this.sleep(Math.max(0, this.settings.intervalMs - (Date.now() - started)), signal);
    }
  }
}

/** The monitor on IS-SOH: one read-only session, closed by the Watcher's close(). */
export function openWatcher(config: Config, settings: WatchSettings, manifest?: Manifest): Watcher {
  const db = readOnlyDatabase(requireIssoh(config, 'watch'), config);
  return new Watcher(db, settings, manifest && monitorTarget(manifest));
}

/**
 * The Watcher of a headless `watch`, which may run for days: its heap is kept close to what it
 * holds (limitHeapGrowth). The app's Monitor opens its own with openWatcher.
 */
export function openHeadlessWatcher(config: Config, settings: WatchSettings, manifest?: Manifest): Watcher {
  limitHeapGrowth();
  return openWatcher(config, settings, manifest);
}
