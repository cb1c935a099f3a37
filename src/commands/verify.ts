/**
 * verify: read both databases in parallel (one catalog query each, read-only sessions), check
 * them against the manifest, and report. A database that cannot be read is reported in its
 * place; the other one is still checked.
 */

import type { runChecks } from '../core/checks/index.js';
import { prepareCollation } from '../core/collation.js';
import type { Config, DatabaseKey, DatabaseTarget } from '../core/config.js';
import { connectionParameters } from '../core/connection-url.js';
import type { ProbeResult } from '../core/contract.js';
import { DbError } from '../core/errors.js';
import { type Finding, summarize } from '../core/finding.js';
import { intendedAsSnapshot, type Manifest } from '../core/manifest.js';
import { type DatabaseReport, intendedSummary, missingReport, type Report } from '../core/report.js';
import type { SnapshotScope } from '../core/scope.js';
import type { Snapshot, TopologySnapshot } from '../core/snapshot.js';
import type { Database } from '../db/connect.js';
import { introspect, introspectTopology } from '../db/introspect.js';
import { readOnlyDatabase } from '../db/session.js';
import { loadJson, loadSql, loadTemplates } from '../sql.js';
import { prepareWhileServersAnswer, rehearseChecksOnce } from '../startup-fast-path.js';
import { markStartup } from '../startup-marks.js';
import { VERSION } from '../version.js';
import type { VerifyContract } from './contract.js';

export type { VerifyContract };

export interface VerifyDependencies {
  readonly manifest: Manifest;
  readonly templates: Readonly<Record<string, string>>;
  readonly now: () => Date;
}

export function defaultDependencies(now: () => Date = () => new Date()): VerifyDependencies {
  return {
    manifest: loadJson<Manifest>('manifest.json'),
    templates: loadTemplates(['evidence', 'fix', 'prereq']),
    now,
  };
}

/** `Snapshot`, or what SPP's read holds in verify (`TopologySnapshot`) */
export interface DatabaseRead<S extends TopologySnapshot = Snapshot> {
  readonly report: DatabaseReport;
  readonly snapshot: S | null;
  /** the application's statements as IS-SOH's server judged them (with a contract) */
  readonly probe?: ProbeResult;
}

export interface VerifyOptions {
  /** one `SELECT 1` round trip after each catalog query (the app shows the latency; the CLI does not need it) */
  readonly measureLatency?: boolean;
  /** told as soon as one database has been read, before the checks run */
  readonly onDatabase?: (key: DatabaseKey, report: DatabaseReport) => void;
  /** told when a database does not answer yet and verify waits for it (within --connect-timeout) */
  readonly onWaiting?: (label: string, reason: string, budgetMs: number) => void;
  /** the application contract group: its statements checked on IS-SOH */
  readonly contract?: VerifyContract | undefined;
}

/**
 * `deps` may be given as a function: it is called while the servers answer, once the reads are on
 * their way (so the app draws its first frame before the manifest and the templates are loaded).
 */
export async function verify(
  config: Config,
  deps: VerifyDependencies | (() => VerifyDependencies),
  options: VerifyOptions = {},
): Promise<Report> {
  // A migration set's intended state (--migrations) is known before the reads: they read what it holds.
  const scope = typeof deps === 'function' ? undefined : deps.manifest.migrations?.scope;
  // Each read says when its catalog query is written (or it ended without one): the work below
  // waits for both, so it does not hold up the TLS handshakes and authentications before them.
  const sent = { issoh: settledSignal(), spp: settledSignal() };
  const reading = (key: DatabaseKey) => ({
    measureLatency: options.measureLatency,
    onWaiting: options.onWaiting,
    onSending: sent[key].settle,
    scope,
  });
  let issohAnswered = !config.issoh;
  const told = <S extends TopologySnapshot>(key: DatabaseKey, result: DatabaseRead<S>) => {
    sent[key].settle();
    if (key === 'issoh') issohAnswered = true;
    options.onDatabase?.(key, result.report);
    return result;
  };
  const readIssoh = (target: DatabaseTarget) =>
    readDatabase(target, config, { ...reading('issoh'), contract: options.contract }).then((r) => told('issoh', r));
  // SPP is judged by its topology alone: its read asks for that, at a third of the server's work.
  const readSpp = (target: DatabaseTarget) => readTopology(target, config, reading('spp')).then((r) => told('spp', r));
  // The same URL twice (the application's "unified" database): read once.
  const once = config.issoh && config.spp && sameEndpoint(config.issoh, config.spp);
  if (once) sent.spp.settle();
  const reads = once
    ? readIssoh(config.issoh!).then((result) => [result, told('spp', asSpp(result))] as const)
    : Promise.all([
        config.issoh ? readIssoh(config.issoh) : missing('issoh', config),
        config.spp ? readSpp(config.spp) : missing('spp', config),
      ]);
  if (!config.issoh) sent.issoh.settle();
  if (!config.spp) sent.spp.settle();
  // A read that throws (rather than reporting its database unreadable) settles both: verify then fails, never waits.
  const settleBoth = () => {
    sent.issoh.settle();
    sent.spp.settle();
  };
  void reads.then(settleBoth, settleBoth);
  // The checks' code is loaded while the servers answer, not before the reads go out.
  await Promise.all([sent.issoh.settled, sent.spp.settled]);
  const [loaded, checks] = await Promise.all([
    prepareWhileServersAnswer(() => {
      prepareCollation();
      return typeof deps === 'function' ? deps() : deps;
    }),
    import('../core/checks/index.js'),
  ]);
  rehearseChecksOnce(
    () => {
      const standIn = intendedAsSnapshot(loaded.manifest.expected, loaded.now().toISOString());
      return checks.runChecks({ ...loaded, issoh: standIn, spp: standIn, sameDatabase: false });
    },
    () => issohAnswered,
  );
  const [issoh, spp] = await reads;
  const judged = judge(checks.runChecks, loaded, issoh.snapshot, spp.snapshot, Boolean(once));
  markStartup('checks-done');
  const { sameDatabase } = judged;
  const findings = options.contract
    ? [
        ...judged.findings,
        ...(await judgeContract(options.contract, issoh, judged.findings, loaded, issoh.report.error)),
      ]
    : judged.findings;
  const set = loaded.manifest.migrations;
  return {
    version: VERSION,
    generatedAt: loaded.now().toISOString(),
    databases: { issoh: issoh.report, spp: spp.report },
    sameDatabase,
    findings,
    summary: summarize(findings),
    ...(set ? { intended: intendedSummary(set) } : {}),
  };
}

/** A promise settled once, by the first of several callers (a read sent, or ended without sending). */
function settledSignal(): { readonly settle: () => void; readonly settled: Promise<void> } {
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { settle, settled };
}

/** The checks over both reads; one database reached twice is checked once. */
function judge(
  checks: typeof runChecks,
  deps: Pick<VerifyDependencies, 'manifest' | 'templates'>,
  issoh: Snapshot | null,
  spp: TopologySnapshot | null,
  sameUrl: boolean,
): { findings: Finding[]; sameDatabase: boolean } {
  const sameDatabase = sameUrl || sameIdentity(issoh, spp);
  return {
    findings: checks({ manifest: deps.manifest, templates: deps.templates, issoh, spp, sameDatabase }),
    sameDatabase,
  };
}

/**
 * The contract group: one finding per statement, each failure explained by the migration's findings
 * where one does. Its code is loaded only with a contract (--app, --contract).
 */
async function judgeContract(
  contract: VerifyContract,
  issoh: DatabaseRead,
  migration: readonly Finding[],
  deps: Pick<VerifyDependencies, 'manifest'>,
  unreadable: string | null,
): Promise<Finding[]> {
  const [{ contractFindings, judgeStatements }, { presentIn }] = await Promise.all([
    import('../core/contract.js'),
    import('./contract.js'),
  ]);
  const results = judgeStatements(
    contract.loaded.statements,
    issoh.probe ?? null,
    presentIn(issoh.snapshot),
    unreadable ?? 'IS-SOH was not read',
  );
  return contractFindings({
    statements: contract.loaded.statements,
    results,
    stale: contract.loaded.stale,
    migration: migration.filter((f) => f.database === 'issoh'),
    manifest: deps.manifest,
  });
}

/** Two targets that name the same server, port, database and user: one read serves both. */
function sameEndpoint(a: DatabaseTarget, b: DatabaseTarget): boolean {
  const key = (t: DatabaseTarget) => {
    const { host, port, database, user } = connectionParameters(t.url);
    return [host.toLowerCase(), port, database, user].join('\u0000');
  };
  return key(a) === key(b);
}

/** Two snapshots of one database (same cluster, database and server start), reached through different URLs. */
function sameIdentity(a: TopologySnapshot | null, b: TopologySnapshot | null): boolean {
  return Boolean(a?.server.identity) && a?.server.identity === b?.server.identity;
}

/** IS-SOH's read, reported under SPP's label (no second connection, no second query). */
function asSpp(read: DatabaseRead): DatabaseRead {
  return { snapshot: read.snapshot, report: { ...read.report, label: 'SPP', queries: 0 } };
}

function missing(key: DatabaseKey, config: Config): DatabaseRead {
  return { snapshot: null, report: missingReport(key, config.missing.find((m) => m.key === key)?.settings ?? key) };
}

export interface ReadOptions {
  /** one `SELECT 1` round trip after the catalog query (the app shows it; verify does not need it) */
  readonly measureLatency?: boolean | undefined;
  readonly onWaiting?: VerifyOptions['onWaiting'];
  /** told when the catalog query is handed to its connection (written in the same turn) */
  readonly onSending?: (() => void) | undefined;
  /** the application's statements, probed on the same session (IS-SOH) */
  readonly contract?: VerifyContract | undefined;
  /** a migration set's objects (--migrations), rather than the built-in 0024's */
  readonly scope?: SnapshotScope | undefined;
}

/** A database's whole snapshot: IS-SOH in verify, both databases in diff. */
export function readDatabase(target: DatabaseTarget, config: Config, options: ReadOptions = {}): Promise<DatabaseRead> {
  return readWith(target, config, options, (db) =>
    introspect(db, { appRole: config.appRole ?? null, scope: options.scope }),
  );
}

/** SPP in verify: its topology only (sql/catalog/topology). */
function readTopology(
  target: DatabaseTarget,
  config: Config,
  options: ReadOptions,
): Promise<DatabaseRead<TopologySnapshot>> {
  return readWith(target, config, options, (db) => introspectTopology(db, { scope: options.scope }));
}

async function readWith<S extends TopologySnapshot>(
  target: DatabaseTarget,
  config: Config,
  { measureLatency = false, onWaiting, onSending, contract }: ReadOptions,
  introspection: (db: Database) => Promise<S>,
): Promise<DatabaseRead<S>> {
  const db = readOnlyDatabase(
    target,
    config,
    onWaiting && ((reason: DbError, budgetMs: number) => onWaiting(target.label, reason.message, budgetMs)),
    onSending,
  );
  const started = performance.now();
  const base = {
    label: target.label,
    url: target.redactedUrl,
    host: target.host,
    database: target.database,
    pooled: target.pooled,
  };
  try {
    const snapshot = await introspection(db);
    markStartup(`query-done:${target.label}`);
    const probe = contract
      ? await (await import('./contract.js')).probeOnSession(db, contract.loaded, contract.settings)
      : undefined;
    const elapsedMs = Math.round(performance.now() - started);
    const queries = db.queryCount;
    let latencyMs: number | null = null;
    if (measureLatency) {
      const pinged = performance.now();
      await db.query(loadSql('catalog/ping'));
      latencyMs = Math.round((performance.now() - pinged) * 10) / 10;
    }
    return {
      snapshot,
      ...(probe ? { probe } : {}),
      report: {
        ...base,
        status: 'ok',
        serverVersion: snapshot.server.version.split(' on ')[0]?.split(',')[0] ?? snapshot.server.version,
        user: snapshot.server.currentUser,
        readOnly: snapshot.server.readOnly,
        lockTimeout: snapshot.server.lockTimeout ?? null,
        statementTimeout: snapshot.server.statementTimeout ?? null,
        waitedMs: db.waitedMs,
        superuser: snapshot.server.superuser,
        ssl: snapshot.server.ssl,
        queries,
        elapsedMs,
        latencyMs,
        error: null,
      },
    };
  } catch (error) {
    const message = error instanceof DbError ? error.message : `${target.label}: ${(error as Error).message}`;
    return {
      snapshot: null,
      report: {
        ...base,
        status: 'error',
        serverVersion: null,
        user: null,
        readOnly: null,
        lockTimeout: null,
        statementTimeout: null,
        waitedMs: db.waitedMs,
        superuser: null,
        ssl: null,
        queries: db.queryCount,
        elapsedMs: Math.round(performance.now() - started),
        latencyMs: null,
        error: message,
      },
    };
  } finally {
    await db.close();
  }
}
