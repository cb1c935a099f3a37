/**
 * Runs a verification through the verify use-case (src/commands/verify.ts): both databases read
 * in parallel (one catalog query each, read-only sessions); each one's outcome is shown as soon
 * as it is known, and the checks run once both are in. The manifest and SQL templates are loaded
 * after the first frame, never before it.
 */
import { useCallback, useEffect, useRef } from 'react';
import { type ContractSource, contractFor } from '../../commands/contract.js';
import { defaultDependencies, type VerifyDependencies, verify } from '../../commands/verify.js';
import type { Config } from '../../core/config.js';
import { redactSecretsInText } from '../../core/redact.js';
import type { AppAction } from '../appState.js';

export interface VerificationOptions {
  readonly config: Config;
  readonly dispatch: (action: AppAction) => void;
  readonly now: () => Date;
  /** defaults to the manifest and templates under sql/ */
  readonly dependencies?: () => VerifyDependencies;
  /** --app DIR or --contract FILE: the application's statements, read again on every run */
  readonly contract?: ContractSource | undefined;
}

/** Starts the first run on mount; returns the function `r` calls to run again. */
export function useVerification({
  config,
  dispatch,
  now,
  dependencies = defaultDependencies,
  contract,
}: VerificationOptions): () => void {
  const run = useRef(0);
  const loaded = useRef<VerifyDependencies | null>(null);
  const mounted = useRef(true);

  const start = useCallback(() => {
    const id = ++run.current;
    const send = (action: AppAction) => {
      if (mounted.current) dispatch(action);
    };
    send({ type: 'verify/start', run: id });
    const load = () => (loaded.current ??= { ...dependencies(), now });
    // The statements are found before IS-SOH is read: they are checked in its session.
    contractFor(contract, load().manifest, config.appRole ?? null)
      .then((found) =>
        // loaded already (above): a migration set's intended state says what the reads read
        verify(config, load(), {
          measureLatency: true,
          onDatabase: (key, report) => send({ type: 'verify/database', run: id, key, report }),
          contract: found,
        }),
      )
      .then((report) => {
        send({
          type: 'verify/complete',
          run: id,
          findings: report.findings,
          sameDatabase: report.sameDatabase,
          generatedAt: report.generatedAt,
          intended: report.intended,
        });
      })
      .catch((error: unknown) => {
        send({
          type: 'verify/failed',
          run: id,
          error: redactSecretsInText(error instanceof Error ? error.message : String(error)),
        });
      });
  }, [config, dispatch, now, dependencies, contract]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first run starts once, on mount
  useEffect(() => {
    mounted.current = true;
    start();
    return () => {
      mounted.current = false;
    };
  }, []);

  return start;
}
