/**
 * One verification as the app runs it, started by a plain function rather than a React effect: the
 * first one starts in run.tsx before React, Ink and the screens are loaded, so its connections are
 * on their way while the app loads and draws its first frame (issue 25: the verdict on screen as
 * soon as the servers answer). What it learns before the app listens is kept and replayed.
 */
import type { ContractSource } from '../../commands/contract.js';
import { type VerifyDependencies, verify } from '../../commands/verify.js';
import type { Config, DatabaseKey } from '../../core/config.js';
import { redactSecretsInText } from '../../core/redact.js';
import type { DatabaseReport, Report } from '../../core/report.js';
import type { VerificationAction } from './state.js';

export interface StartedVerification {
  /** the whole report; rejects when the run fails as a whole (a bug, not an unreadable database) */
  readonly report: Promise<Report>;
  /** each database's outcome: those read already at once, the others as they are read */
  onDatabase(listener: (key: DatabaseKey, report: DatabaseReport) => void): void;
  /**
   * Once the run has ended, its events in order, as `run` (start, each database, then complete
   * or failed); null while it runs. A run that ended before the app was drawn is its first state.
   */
  settledEvents(run: number): VerificationAction[] | null;
}

/** The event that ends a run, from its report. */
export const completeEvent = (run: number, report: Report): VerificationAction => ({
  type: 'verify/complete',
  run,
  findings: report.findings,
  sameDatabase: report.sameDatabase,
  generatedAt: report.generatedAt,
  intended: report.intended,
});

/** The event that ends a run that failed as a whole: its message, without secrets. */
export const failedEvent = (run: number, error: unknown): VerificationAction => ({
  type: 'verify/failed',
  run,
  error: redactSecretsInText(error instanceof Error ? error.message : String(error)),
});

export interface VerificationRequest {
  readonly config: Config;
  /**
   * A migration set's intended state (--migrations), which says what the reads read, is passed
   * as given; the built-in 0024's (a function) loads while the servers answer.
   */
  readonly dependencies: VerifyDependencies | (() => VerifyDependencies);
  /** --app DIR or --contract FILE: the statements are found first (they are checked in IS-SOH's session) */
  readonly contract?: ContractSource | undefined;
}

export function startVerification({ config, dependencies, contract }: VerificationRequest): StartedVerification {
  const read: Array<readonly [DatabaseKey, DatabaseReport]> = [];
  let listener: ((key: DatabaseKey, report: DatabaseReport) => void) | null = null;
  const options = {
    measureLatency: true,
    onDatabase: (key: DatabaseKey, report: DatabaseReport) => {
      read.push([key, report]);
      listener?.(key, report);
    },
  };
  const report = contract
    ? (async () => {
        const deps = typeof dependencies === 'function' ? dependencies() : dependencies;
        // The contract's code (its parsers, the checks) is loaded only with a contract.
        const { contractFor } = await import('../../commands/contract.js');
        const found = await contractFor(contract, deps.manifest, config.appRole ?? null);
        return verify(config, deps, { ...options, contract: found });
      })()
    : verify(config, dependencies, options);
  let ended: ((run: number) => VerificationAction) | null = null;
  // Handled where the app listens, possibly later than a failure: not an unhandled rejection meanwhile.
  report.then(
    (done) => {
      ended = (run) => completeEvent(run, done);
    },
    (error: unknown) => {
      ended = (run) => failedEvent(run, error);
    },
  );
  return {
    report,
    onDatabase(next) {
      for (const [key, database] of read) next(key, database);
      listener = next;
    },
    settledEvents(run) {
      if (!ended) return null;
      return [
        { type: 'verify/start', run },
        ...read.map(([key, database]): VerificationAction => ({ type: 'verify/database', run, key, report: database })),
        ended(run),
      ];
    },
  };
}
