/**
 * The monitor's pure reducer: per-sync history of samples (server time) → recent rate, honest
 * ETA, stalled. The rate is an exponentially weighted average of (processed + failed) per second
 * over the sync's own write times, so a sync that slows down tenfold shows it within a few
 * samples, unlike the lifetime average the seed's trigger stores in speed_items_per_min.
 */

/** One active sync as the sampling query returns it. Times are epoch milliseconds, server clock. */
export interface SyncRow {
  readonly orgId: string;
  readonly syncId: string;
  readonly entityType: string | null;
  readonly sourceSystem: string | null;
  readonly status: string | null;
  readonly processed: number;
  readonly failed: number;
  readonly total: number;
  readonly startedAt: number;
  readonly updatedAt: number;
}

export interface Tick {
  /** the server's now() when the sample was taken */
  readonly serverNow: number;
  readonly rows: readonly SyncRow[];
  /** true when `rows` is every active sync; false when it holds only the rows changed lately */
  readonly full: boolean;
  /**
   * How many syncs are active on the server. When the tracked set disagrees (a sync ended, or one
   * ended while another started), the next sample is a full one.
   */
  readonly activeCount: number;
}

interface Sample {
  readonly at: number;
  readonly done: number;
}

export interface SyncHistory {
  readonly row: SyncRow;
  /** the last samples, oldest first (bounded) */
  readonly samples: readonly Sample[];
  /** items per second, exponentially weighted; null until two samples */
  readonly rate: number | null;
  /** server time the done count last increased */
  readonly lastProgressAt: number;
}

export interface MonitorState {
  readonly serverNow: number;
  readonly syncs: ReadonlyMap<string, SyncHistory>;
  /** set when the tracked set no longer matches the server's count: the next sample must be full */
  readonly needsFull: boolean;
  readonly ticks: number;
}

export interface MonitorSettings {
  /** sampling interval, ms */
  readonly intervalMs: number;
}

export const emptyMonitor: MonitorState = { serverNow: 0, syncs: new Map(), needsFull: true, ticks: 0 };

/** Enough for the write rhythm and the display; the rate itself is the running average. */
const MAX_SAMPLES = 8;
export const syncKey = (row: { orgId: string; syncId: string }) => `${row.orgId}/${row.syncId}`;

/** Time constant of the average: two sampling intervals, never under 1 s. */
export const timeConstantMs = (settings: MonitorSettings) => Math.max(1_000, 2 * settings.intervalMs);

/** A sync is stalled after max(30 s, 5 intervals) without progress. */
export const stallAfterMs = (settings: MonitorSettings) => Math.max(30_000, 5 * settings.intervalMs);

function observe(history: SyncHistory | undefined, row: SyncRow, settings: MonitorSettings): SyncHistory {
  const done = row.processed + row.failed;
  if (!history) {
    return { row, samples: [{ at: row.updatedAt, done }], rate: null, lastProgressAt: row.updatedAt };
  }
  const last = history.samples[history.samples.length - 1]!;
  // Same write seen again (no update since): nothing new to learn.
  if (row.updatedAt <= last.at && done === last.done) return { ...history, row };
  const dt = Math.max(row.updatedAt - last.at, 1);
  const instant = Math.max(done - last.done, 0) / (dt / 1000);
  const weight = 1 - Math.exp(-dt / timeConstantMs(settings));
  const rate = history.rate === null ? instant : history.rate + weight * (instant - history.rate);
  const samples = [...history.samples, { at: row.updatedAt, done }].slice(-MAX_SAMPLES);
  return { row, samples, rate, lastProgressAt: done > last.done ? row.updatedAt : history.lastProgressAt };
}

export function reduce(state: MonitorState, tick: Tick, settings: MonitorSettings): MonitorState {
  // A full sample keeps the histories of the syncs still active and drops the others.
  const syncs = new Map(tick.full ? [] : state.syncs);
  for (const row of tick.rows) syncs.set(syncKey(row), observe(state.syncs.get(syncKey(row)), row, settings));
  return { serverNow: tick.serverNow, syncs, needsFull: syncs.size !== tick.activeCount, ticks: state.ticks + 1 };
}

export interface SyncView {
  readonly key: string;
  readonly orgId: string;
  readonly syncId: string;
  readonly entityType: string | null;
  readonly sourceSystem: string | null;
  readonly status: string | null;
  readonly processed: number;
  readonly failed: number;
  readonly total: number;
  /** processed + failed over total, 0..1 */
  readonly fraction: number;
  /** items per minute, recent; null when unknown (fewer than two samples) */
  readonly ratePerMin: number | null;
  /** null when unknown, or when the rate is zero */
  readonly etaSeconds: number | null;
  readonly stalled: boolean;
  readonly stalledForSeconds: number | null;
  readonly elapsedSeconds: number;
  readonly lastUpdateAgeSeconds: number;
  readonly updatedAt: number;
}

/** What the screen and `watch --json` show for each sync, at the state's server time. */
export function views(state: MonitorState, settings: MonitorSettings): SyncView[] {
  const now = state.serverNow;
  const stallAfter = stallAfterMs(settings);
  const tau = timeConstantMs(settings);
  // A plain loop: this runs for every sync on every tick (10,000 of them in the benchmark).
  const out: SyncView[] = new Array(state.syncs.size);
  let i = 0;
  for (const [key, h] of state.syncs) {
    const { row } = h;
    const done = row.processed + row.failed;
    const sinceProgress = Math.max(now - h.lastProgressAt, 0);
    const stalled = sinceProgress > stallAfter && done < row.total;
    // Silence is information: once a sync has been quiet for longer than a few of its own write
    // gaps, its rate cannot be what it was. Fold the quiet time in as a zero-progress sample.
    let rate = h.rate;
    const samples = h.samples;
    if (rate !== null && samples.length >= 2) {
      const quiet = Math.max(now - row.updatedAt, 0);
      const typicalGap = (samples[samples.length - 1]!.at - samples[0]!.at) / (samples.length - 1);
      if (quiet > 2 * typicalGap) rate = rate * Math.exp(-(quiet - typicalGap) / tau);
    }
    if (stalled) rate = 0;
    const remaining = Math.max(row.total - done, 0);
    out[i++] = {
      key,
      orgId: row.orgId,
      syncId: row.syncId,
      entityType: row.entityType,
      sourceSystem: row.sourceSystem,
      status: row.status,
      processed: row.processed,
      failed: row.failed,
      total: row.total,
      fraction: row.total > 0 ? Math.min(done / row.total, 1) : 0,
      ratePerMin: rate === null ? null : rate * 60,
      etaSeconds: rate === null || rate <= 0 ? null : Math.round(remaining / rate),
      stalled,
      stalledForSeconds: stalled ? Math.round(sinceProgress / 1000) : null,
      elapsedSeconds: Math.round(Math.max(now - row.startedAt, 0) / 1000),
      lastUpdateAgeSeconds: Math.round(Math.max(now - row.updatedAt, 0) / 1000),
      updatedAt: row.updatedAt,
    };
  }
  return out;
}

export type SortKey = 'eta' | 'updated' | 'org';
export interface ViewFilter {
  readonly org?: string | undefined;
  readonly entity?: string | undefined;
  /** free text: matches org, sync id, entity or source */
  readonly text?: string | undefined;
}

export function selectViews(list: readonly SyncView[], sort: SortKey, filter: ViewFilter, orgNames: ReadonlyMap<string, string> = new Map()): SyncView[] {
  const org = filter.org?.toLowerCase();
  const text = filter.text?.toLowerCase();
  const filtered = list.filter((v) => {
    const name = (orgNames.get(v.orgId) ?? '').toLowerCase();
    if (org && v.orgId !== org && name !== org && !name.includes(org)) return false;
    if (filter.entity && v.entityType !== filter.entity) return false;
    if (text && ![name, v.syncId, v.entityType ?? '', v.sourceSystem ?? ''].some((s) => s.toLowerCase().includes(text))) return false;
    return true;
  });
  const byEta = (v: SyncView) => (v.stalled ? Infinity : (v.etaSeconds ?? Number.MAX_SAFE_INTEGER));
  return filtered.sort((a, b) => {
    if (sort === 'eta') return byEta(a) - byEta(b) || a.key.localeCompare(b.key);
    if (sort === 'updated') return b.updatedAt - a.updatedAt || a.key.localeCompare(b.key);
    return (orgNames.get(a.orgId) ?? a.orgId).localeCompare(orgNames.get(b.orgId) ?? b.orgId) || a.syncId.localeCompare(b.syncId);
  });
}

/** 3725 → "1h02m", 95 → "1m35s", null → "?" */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}
