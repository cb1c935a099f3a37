/**
 * What the app knows about the two databases and the findings: a pure reducer over the events
 * of one verification run. A re-verify starts a new run; events of an older run are dropped, so
 * a slow answer from a previous run can never overwrite a newer one.
 */
import type { Config, DatabaseKey, DatabaseLabel } from '../../core/config.js';
import { type Finding, summarize } from '../../core/finding.js';
import { type DatabaseReport, type IntendedSummary, missingReport, type Report } from '../../core/report.js';

export const DATABASE_KEYS = ['issoh', 'spp'] as const satisfies readonly DatabaseKey[];

export interface DatabaseState {
  readonly key: DatabaseKey;
  readonly label: DatabaseLabel;
  /** what the config says, shown while connecting: never the password */
  readonly host: string | null;
  readonly database: string | null;
  /** the flag or env variable the URL came from */
  readonly source: string | null;
  readonly pooled: boolean;
  /** missing: no URL · reading: connecting and introspecting · done: report holds the outcome */
  readonly phase: 'missing' | 'reading' | 'done';
  readonly report: DatabaseReport | null;
}

export interface VerificationState {
  /** increments with every (re-)verify */
  readonly run: number;
  readonly running: boolean;
  readonly databases: Readonly<Record<DatabaseKey, DatabaseState>>;
  /** null until the first run completes; kept while a re-verify runs */
  readonly findings: readonly Finding[] | null;
  /** IS-SOH and SPP turned out to be one database */
  readonly sameDatabase: boolean;
  readonly generatedAt: string | null;
  /** the migration set judged against (--migrations DIR); null for the built-in 0024 */
  readonly intended: IntendedSummary | null;
  /** a run that failed as a whole (a bug, not a database that could not be read) */
  readonly error: string | null;
  readonly version: string;
}

export type VerificationAction =
  | { readonly type: 'verify/start'; readonly run: number }
  | {
      readonly type: 'verify/database';
      readonly run: number;
      readonly key: DatabaseKey;
      readonly report: DatabaseReport;
    }
  | {
      readonly type: 'verify/complete';
      readonly run: number;
      readonly findings: readonly Finding[];
      readonly intended?: IntendedSummary | undefined;
      readonly sameDatabase?: boolean;
      readonly generatedAt: string;
    }
  | { readonly type: 'verify/failed'; readonly run: number; readonly error: string };

const LABELS: Record<DatabaseKey, DatabaseLabel> = { issoh: 'IS-SOH', spp: 'SPP' };

export function initialVerification(config: Config, version: string): VerificationState {
  const database = (key: DatabaseKey): DatabaseState => {
    const target = config[key];
    if (!target) {
      const settings = config.missing.find((m) => m.key === key)?.settings ?? '';
      return {
        key,
        label: LABELS[key],
        host: null,
        database: null,
        source: null,
        pooled: false,
        phase: 'missing',
        report: missingReport(key, settings),
      };
    }
    return {
      key,
      label: target.label,
      host: target.host,
      database: target.database,
      source: target.source,
      pooled: target.pooled,
      phase: 'reading',
      report: null,
    };
  };
  return {
    run: 0,
    running: false,
    databases: { issoh: database('issoh'), spp: database('spp') },
    findings: null,
    sameDatabase: false,
    generatedAt: null,
    intended: null,
    error: null,
    version,
  };
}

export function verificationReducer(state: VerificationState, action: VerificationAction): VerificationState {
  switch (action.type) {
    case 'verify/start': {
      const reset = (db: DatabaseState): DatabaseState =>
        db.phase === 'missing' ? db : { ...db, phase: 'reading', report: null };
      return {
        ...state,
        run: action.run,
        running: true,
        error: null,
        databases: { issoh: reset(state.databases.issoh), spp: reset(state.databases.spp) },
      };
    }
    case 'verify/database': {
      if (action.run !== state.run) return state;
      const db = state.databases[action.key];
      if (db.phase === 'missing') return state;
      return {
        ...state,
        databases: { ...state.databases, [action.key]: { ...db, phase: 'done', report: action.report } },
      };
    }
    case 'verify/complete':
      if (action.run !== state.run) return state;
      return {
        ...state,
        running: false,
        findings: action.findings,
        sameDatabase: action.sameDatabase === true,
        generatedAt: action.generatedAt,
        intended: action.intended ?? null,
      };
    case 'verify/failed':
      if (action.run !== state.run) return state;
      return { ...state, running: false, error: action.error };
    default:
      return state;
  }
}

/** The full report (as `verify --json` prints it), once a run has completed. */
export function reportOf(state: VerificationState): Report | null {
  const { issoh, spp } = state.databases;
  if (state.findings === null || state.generatedAt === null || !issoh.report || !spp.report) return null;
  return {
    version: state.version,
    generatedAt: state.generatedAt,
    databases: { issoh: issoh.report, spp: spp.report },
    sameDatabase: state.sameDatabase,
    findings: state.findings,
    summary: summarize(state.findings),
  };
}
