/**
 * A workload for the monitor (tests, benchmarks, the demo): syncs with chosen rates, slowdowns,
 * stalls and failures, written through the real sync_progress table and its triggers. Progress
 * is a function of wall-clock time since each sync started, so the true rate and ETA are known.
 */
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';

export interface SyncProfile {
  readonly syncId: string;
  /** organization slug; created when missing */
  readonly org: string;
  readonly entity: 'customer' | 'product' | 'order' | 'invoice' | 'supplier' | 'inventory' | 'category' | 'attribute';
  readonly source: string;
  readonly total: number;
  readonly ratePerMin: number;
  /** after this many seconds, the rate is divided by `factor` */
  readonly slowdown?: { readonly afterSeconds: number; readonly factor: number };
  /** after this many seconds, no progress for `forSeconds` (Infinity: never again) */
  readonly stall?: { readonly afterSeconds: number; readonly forSeconds: number };
  /** fraction of items that fail, 0..1 */
  readonly failureRate?: number;
}

interface Running {
  readonly profile: SyncProfile;
  readonly orgId: string;
  readonly startedAt: number;
  done: number;
}

/** Items done after `seconds` of a profile (piecewise: steady, slowed down, stalled). */
export function itemsDone(profile: SyncProfile, seconds: number): number {
  const perSecond = profile.ratePerMin / 60;
  let active = seconds;
  if (profile.stall && seconds > profile.stall.afterSeconds) {
    active = profile.stall.afterSeconds + Math.max(0, seconds - profile.stall.afterSeconds - profile.stall.forSeconds);
  }
  let done: number;
  if (profile.slowdown && active > profile.slowdown.afterSeconds) {
    done =
      perSecond * profile.slowdown.afterSeconds +
      (perSecond / profile.slowdown.factor) * (active - profile.slowdown.afterSeconds);
  } else {
    done = perSecond * active;
  }
  return Math.min(profile.total, Math.floor(done));
}

/** The first second at which a profile has `done` items (or the last it ever reaches): where a resumed sync stands. */
function secondsToReach(profile: SyncProfile, done: number): number {
  let low = 0;
  let high = 1;
  while (itemsDone(profile, high) < done && high < 1e9) high *= 2;
  while (high - low > 0.01) {
    const middle = (low + high) / 2;
    if (itemsDone(profile, middle) >= done) high = middle;
    else low = middle;
  }
  return high;
}

/** The rate (items per minute) a profile runs at after `seconds`. */
export function trueRatePerMin(profile: SyncProfile, seconds: number): number {
  if (
    profile.stall &&
    seconds > profile.stall.afterSeconds &&
    seconds < profile.stall.afterSeconds + profile.stall.forSeconds
  )
    return 0;
  if (profile.slowdown && seconds > profile.slowdown.afterSeconds) return profile.ratePerMin / profile.slowdown.factor;
  return profile.ratePerMin;
}

export class Simulator {
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** the last error a write met (the simulator keeps going: the server may be restarting) */
  lastError: string | null = null;

  constructor(
    private readonly db: Pick<Database, 'query'>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Creates the organizations and the sync_progress rows; progress starts now. */
  async start(profiles: readonly SyncProfile[]): Promise<void> {
    const slugs = [...new Set(profiles.map((p) => p.org))];
    const orgs = await this.db.query<{ id: string; slug: string }>(loadSql('simulator/organizations'), [
      slugs.map((s) => `Simulated ${s}`),
      slugs,
    ]);
    const idOf = new Map(orgs.rows.map((r) => [r.slug, r.id]));
    const started = await this.db.query<{ started_at: string }>(loadSql('simulator/start_syncs'), [
      profiles.map((p) => idOf.get(p.org)),
      profiles.map((p) => p.syncId),
      profiles.map((p) => p.entity),
      profiles.map((p) => p.total),
      profiles.map((p) => p.source),
    ]);
    profiles.forEach((profile, i) => {
      this.running.set(`${profile.org}/${profile.syncId}`, {
        profile,
        orgId: idOf.get(profile.org)!,
        startedAt: Number(started.rows[i]?.started_at ?? this.now()),
        done: 0,
      });
    });
  }

  /**
   * Takes over the simulated syncs the table already holds unfinished (rows a restore brought
   * back): each goes on from where it stands, with the profile whose id it carries (a generation
   * suffix allowed), else at `fallbackRatePerMin`. Returns the profiles none of them took.
   */
  async resume(profiles: readonly SyncProfile[], fallbackRatePerMin: number): Promise<SyncProfile[]> {
    const rows = await this.db.query<{
      slug: string;
      org_id: string;
      sync_id: string;
      entity: SyncProfile['entity'];
      source: string | null;
      total: number;
      done: number;
    }>(loadSql('simulator/unfinished'));
    const taken = new Set<SyncProfile>();
    for (const row of rows.rows) {
      const known = profiles.find(
        (p) => p.org === row.slug && (row.sync_id === p.syncId || row.sync_id.startsWith(`${p.syncId}-`)),
      );
      if (known) taken.add(known);
      const profile: SyncProfile = known
        ? { ...known, syncId: row.sync_id }
        : {
            syncId: row.sync_id,
            org: row.slug,
            entity: row.entity,
            source: row.source ?? 'odoo',
            total: row.total,
            ratePerMin: fallbackRatePerMin,
          };
      this.running.set(`${profile.org}/${profile.syncId}`, {
        profile,
        orgId: row.org_id,
        startedAt: this.now() - secondsToReach(profile, row.done) * 1000,
        done: row.done,
      });
    }
    return profiles.filter((p) => !taken.has(p));
  }

  /** One write of every sync that moved (and a heartbeat for stalled ones). */
  async step(): Promise<void> {
    const moved: Running[] = [];
    const quiet: Running[] = [];
    for (const sync of this.running.values()) {
      if (sync.done >= sync.profile.total) continue;
      const done = itemsDone(sync.profile, (this.now() - sync.startedAt) / 1000);
      if (done > sync.done) {
        sync.done = done;
        moved.push(sync);
      } else {
        quiet.push(sync);
      }
    }
    try {
      if (moved.length > 0) {
        const failed = moved.map((s) => Math.floor(s.done * (s.profile.failureRate ?? 0)));
        await this.db.query(loadSql('simulator/progress'), [
          moved.map((s) => s.orgId),
          moved.map((s) => s.profile.syncId),
          moved.map((s, i) => s.done - failed[i]!),
          failed,
        ]);
      }
      if (quiet.length > 0) {
        await this.db.query(loadSql('simulator/heartbeat'), [
          quiet.map((s) => s.orgId),
          quiet.map((s) => s.profile.syncId),
        ]);
      }
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Writes every `everyMs` until stop(). */
  run(everyMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.writing = this.writing.then(() => this.step());
    }, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
  }

  /** What the simulator knows is true: for tests and the benchmark. */
  truth(org: string, syncId: string): { done: number; ratePerMin: number; etaSeconds: number | null } | null {
    const sync = this.running.get(`${org}/${syncId}`);
    if (!sync) return null;
    const seconds = (this.now() - sync.startedAt) / 1000;
    const rate = trueRatePerMin(sync.profile, seconds);
    const remaining = sync.profile.total - itemsDone(sync.profile, seconds);
    return { done: sync.done, ratePerMin: rate, etaSeconds: rate > 0 ? (remaining / rate) * 60 : null };
  }

  orgId(org: string): string | undefined {
    return [...this.running.values()].find((s) => s.profile.org === org)?.orgId;
  }
}
