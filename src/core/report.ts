/** What verify produces: the JSON document of `verify --json`, and the input of every renderer. */
import { DATABASE_LABELS, type DatabaseLabel } from './config.js';
import type { DatabaseName, Finding, Summary } from './finding.js';
import type { MigrationSet } from './migration-set.js';

export interface DatabaseReport {
  readonly label: DatabaseLabel;
  /** 'ok' read and checked · 'missing' no URL given · 'error' could not be read */
  readonly status: 'ok' | 'missing' | 'error';
  readonly url: string | null;
  readonly host: string | null;
  readonly database: string | null;
  readonly pooled: boolean;
  readonly serverVersion: string | null;
  readonly user: string | null;
  /** transaction_read_only of the transaction that read it, as the server reported it */
  readonly readOnly: boolean | null;
  /** lock_timeout and statement_timeout that transaction had, as the server reported them */
  readonly lockTimeout: string | null;
  readonly statementTimeout: string | null;
  /** how long the first connection waited for the server to come up (a cold start); 0 when it answered at once */
  readonly waitedMs: number;
  readonly superuser: boolean | null;
  /** whether the session is encrypted */
  readonly ssl: boolean | null;
  /** how many queries verify sent to this database */
  readonly queries: number;
  readonly elapsedMs: number | null;
  /** one round trip (SELECT 1) after the catalog query; measured by the app, not by verify */
  readonly latencyMs: number | null;
  /** one line naming the fix, when status is 'error' or 'missing' */
  readonly error: string | null;
}

export interface Report {
  readonly version: string;
  readonly generatedAt: string;
  readonly databases: Readonly<Record<DatabaseName, DatabaseReport>>;
  /** IS-SOH and SPP are one database (same URL, or the same server identity): checked once */
  readonly sameDatabase: boolean;
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** present when the intended state is a migration set's (`--migrations DIR`) */
  readonly intended?: IntendedSummary;
}

/** Where the intended state came from, and whether every file made it in. */
export interface IntendedSummary {
  readonly directory: string;
  readonly files: number;
  /** the files that did not apply (MIG001): the intended state was built without them */
  readonly unapplied: readonly string[];
  readonly partial: boolean;
}

export function intendedSummary(set: MigrationSet): IntendedSummary {
  return {
    directory: set.directory,
    files: set.files.length,
    unapplied: set.unapplied.map((u) => u.file),
    partial: set.unapplied.length > 0,
  };
}

/**
 * Why the databases that could not be read were not, each reason once: one database given as both
 * IS-SOH and SPP is read once, and when that read fails the two reports carry the same message.
 */
export function unreadableReasons(report: Pick<Report, 'databases'>): string[] {
  const reasons = Object.values(report.databases)
    .filter((db) => db.status === 'error')
    .map((db) => db.error ?? `${db.label} could not be read`);
  return [...new Set(reasons)];
}

/** Exit codes (DESIGN.md): 0 all pass · 1 findings fail · 4 a database could not be read. */
export function exitCodeOf(report: Report): 0 | 1 | 4 {
  if (Object.values(report.databases).some((d) => d.status === 'error')) return 4;
  return report.summary.fail > 0 || report.summary.blocked > 0 ? 1 : 0;
}

/**
 * What the run lets one say, for people and scripts alike: ready (nothing fails in what was read),
 * not ready, or incomplete (a database could not be read); `unchecked` names the databases given
 * no URL, so "ready" is never read as covering one nobody looked at.
 */
export function verdictOf(report: Report): {
  readonly verdict: 'ready' | 'not-ready' | 'incomplete';
  readonly unchecked: ReadonlyArray<DatabaseLabel>;
  /** with `--migrations` only: the intended state lacks files that did not apply, it was judged against part of it */
  readonly partial?: boolean;
} {
  const exit = exitCodeOf(report);
  const unchecked = (Object.keys(report.databases) as DatabaseName[])
    .filter((key) => report.databases[key].status === 'missing')
    .map((key) => DATABASE_LABELS[key]);
  return {
    verdict: exit === 0 ? 'ready' : exit === 4 ? 'incomplete' : 'not-ready',
    unchecked,
    ...(report.intended ? { partial: report.intended.partial } : {}),
  };
}

/** The report of a database that has no URL; `settings` names what would give one. */
export function missingReport(key: DatabaseName, settings: string): DatabaseReport {
  return {
    label: DATABASE_LABELS[key],
    status: 'missing',
    url: null,
    host: null,
    database: null,
    pooled: false,
    serverVersion: null,
    user: null,
    readOnly: null,
    lockTimeout: null,
    statementTimeout: null,
    waitedMs: 0,
    superuser: null,
    ssl: null,
    queries: 0,
    elapsedMs: null,
    latencyMs: null,
    error: `no URL: set ${settings}`,
  };
}
