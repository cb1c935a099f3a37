/**
 * watch: the monitor loop (library, for the Monitor screen) and its headless handler
 * (`watch --json` NDJSON, `watch --once`, plain text per tick). Polling, not LISTEN: LISTEN does
 * not pass Neon's pooler. A lost connection is retried with backoff; the history survives.
 */
import type { Config } from '../core/config.js';
import {
  type ComputedViews,
  clockFields,
  computeViews,
  DEFAULT_WATCH,
  emptyMonitor,
  type Feed,
  formatDuration,
  type MonitorState,
  reduce,
  type SortKey,
  selectViews,
  type ViewFilter,
  type WatchEvent,
  type WatchSettings,
} from '../core/monitor.js';
import { count } from '../core/words.js';
import { type Database, openDatabase } from '../db/connect.js';
import { DbError, isTransient } from '../db/errors.js';
import { introspect } from '../db/introspect.js';
import { Sampler, samplingShape } from '../db/sample.js';
import { type CommandIO, EXIT } from './io.js';
import { requireIssoh } from './remediate.js';

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** undefined_table, undefined_column: sync_progress (or the activity log) dropped or changed while watched. */
const GONE_SQLSTATES = new Set(['42P01', '42703']);
const GONE_MESSAGE =
  'public.sync_progress is gone: it was dropped while the monitor watched it (a rollback?): apply 0024 again (Remediate, or `mantis-sync-tui apply`)';

export class Watcher {
  state: MonitorState = emptyMonitor;
  feed: Feed | null = null;
  paused = false;
  /** the last tick's views: the next tick renews only the ones that changed */
  private computed: ComputedViews | undefined;
  private sampler: Sampler | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    readonly settings: WatchSettings,
  ) {}

  /** Reads the table's shape (one catalog query) and prepares the tick query for it. */
  private async prepare(): Promise<string | null> {
    const shape = samplingShape(await introspect(this.db));
    if (!shape.available) {
      return 'public.sync_progress does not exist here (or lacks the columns the monitor needs): apply 0024 first (Remediate, or `mantis-sync-tui apply`)';
    }
    this.sampler = new Sampler(this.db, shape);
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
    const tick = await sampler.tick(full ? null : this.state.serverNow);
    this.state = reduce(this.state, tick, this.settings);
    if (this.feed === null || this.state.ticks % this.settings.feedEvery === 1) {
      this.feed = await sampler.feed(this.settings.minutes, [...new Set(this.state.histories.map((h) => h.row.orgId))]);
    }
    this.computed = computeViews(this.state, this.settings, this.computed);
    return {
      kind: 'tick',
      state: this.state,
      views: this.computed.views,
      feed: this.feed,
      tickMs: performance.now() - started,
    };
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

  /** Ticks until the signal aborts or `onEvent` returns false. Connection loss: retry with backoff. */
  async run(onEvent: (event: WatchEvent) => unknown, signal: AbortSignal): Promise<void> {
    let attempt = 0;
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
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof DbError && GONE_SQLSTATES.has(error.sqlstate ?? '')) {
          // The table went away under us (a rollback): said as when it never existed, and looked for again on the next run.
          this.sampler = null;
          this.computed = undefined;
          onEvent({ kind: 'unavailable', message: GONE_MESSAGE });
          return;
        }
        // Retrying a wrong password or a missing database only hammers the server: say it once and stop.
        if (!isTransient(error)) {
          onEvent({ kind: 'failed', message });
          return;
        }
        attempt++;
        const nextInMs = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]!;
        const waking = error instanceof DbError && error.waking;
        if (onEvent({ kind: 'reconnecting', attempt, nextInMs, message, waking }) === false) return;
        await this.sleep(nextInMs, signal);
        continue;
      }
      if (onEvent(event) === false || event.kind === 'unavailable') return;
      await this.sleep(Math.max(0, this.settings.intervalMs - (Date.now() - started)), signal);
    }
  }
}

// ── CLI handler ─────────────────────────────────────────────────────────────────────────────

export interface WatchCommandOptions {
  readonly json: boolean;
  readonly once: boolean;
  readonly ticks?: number | undefined;
  readonly intervalMs: number;
  readonly filter: ViewFilter;
  readonly sort: SortKey;
  readonly signal?: AbortSignal | undefined;
}

/** `watch --json`: the fields the issue names, one object per tick. */
export function tickJson(event: Extract<WatchEvent, { kind: 'tick' }>, filter: ViewFilter, sort: SortKey) {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  return {
    tick: event.state.ticks,
    server_time: new Date(event.state.serverNow).toISOString(),
    syncs: selectViews(event.views, sort, filter, names).map((v) => ({
      org_id: v.orgId,
      org_name: names.get(v.orgId) ?? null,
      sync_id: v.syncId,
      entity_type: v.entityType,
      processed: v.processed,
      failed: v.failed,
      total: v.total,
      rate_per_min: v.ratePerMin === null ? null : Math.round(v.ratePerMin * 10) / 10,
      eta_seconds: v.etaSeconds,
      stalled: v.stalled,
      stalled_for_seconds: clockFields(v, event.state.serverNow).stalledForSeconds,
      updated_at: new Date(v.updatedAt).toISOString(),
    })),
  };
}

export function renderWatchTable(
  event: Extract<WatchEvent, { kind: 'tick' }>,
  filter: ViewFilter,
  sort: SortKey,
): string {
  const names = event.feed?.orgNames ?? new Map<string, string>();
  const rows = selectViews(event.views, sort, filter, names);
  const header = ['ORG', 'SYNC', 'ENTITY', 'DONE', 'FAILED', 'TOTAL', '%', 'RATE/MIN', 'ETA', 'ELAPSED', 'UPDATED'];
  const table = rows.map((v) => {
    const clock = clockFields(v, event.state.serverNow);
    return [
      names.get(v.orgId) ?? v.orgId.slice(0, 8),
      v.syncId,
      v.entityType ?? '-',
      String(v.processed),
      String(v.failed),
      String(v.total),
      `${Math.round(v.fraction * 100)}`,
      v.ratePerMin === null ? '?' : v.ratePerMin.toFixed(0),
      v.stalled ? `stalled ${formatDuration(clock.stalledForSeconds)}` : formatDuration(v.etaSeconds),
      formatDuration(clock.elapsedSeconds),
      `${formatDuration(clock.lastUpdateAgeSeconds)} ago`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `${new Date(event.state.serverNow).toISOString()}  ${count(rows.length, 'active sync')}`,
    line(header),
    ...table.map(line),
  ];
  return `${out.join('\n')}\n`;
}

export async function runWatchCommand(config: Config, options: WatchCommandOptions, io: CommandIO): Promise<number> {
  const target = requireIssoh(config, 'watch');
  const db = openDatabase(target, {
    readOnly: true,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    max: 1,
  });
  const settings: WatchSettings = { ...DEFAULT_WATCH, intervalMs: options.intervalMs };
  const watcher = new Watcher(db, settings);
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  let exitCode: number = EXIT.ok;
  // --once: two samples one interval apart, so the rates are not "unknown"; only the last is printed.
  const limit = options.once ? 2 : options.ticks;
  try {
    await watcher.run((event) => {
      if (event.kind === 'unavailable') {
        io.stderr(`mantis-sync-tui: ${event.message}\n`);
        exitCode = EXIT.findings;
        return false;
      }
      if (event.kind === 'failed') {
        io.stderr(`mantis-sync-tui: ${event.message}\n`);
        exitCode = EXIT.database;
        return false;
      }
      if (event.kind === 'reconnecting') {
        io.stderr(
          `mantis-sync-tui: ${event.waking ? 'waking up' : 'reconnecting'} (attempt ${event.attempt}, next in ${Math.round(event.nextInMs / 1000)} s): ${event.message}\n`,
        );
        return true;
      }
      const last = limit !== undefined && event.state.ticks >= limit;
      if (!options.once || last) {
        io.stdout(
          options.json
            ? `${JSON.stringify(tickJson(event, options.filter, options.sort))}\n`
            : renderWatchTable(event, options.filter, options.sort),
        );
      }
      return !last;
    }, controller.signal);
  } finally {
    await db.close();
  }
  return exitCode;
}
