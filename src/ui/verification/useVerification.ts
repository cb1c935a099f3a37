/**
 * Runs a verification through the verify use-case (src/commands/verify.ts, started by
 * ./start.ts): both databases read in parallel (one catalog query each, read-only sessions); each
 * one's outcome is shown as soon as it is known, and the checks run once both are in. The built-in
 * manifest and SQL templates load while the servers answer.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { ContractSource } from '../../commands/contract.js';
import { defaultDependencies, type VerifyDependencies } from '../../commands/verify.js';
import type { Config } from '../../core/config.js';
import type { AppAction } from '../appState.js';
import { completeEvent, failedEvent, type StartedVerification, startVerification } from './start.js';

export interface VerificationOptions {
  readonly config: Config;
  readonly dispatch: (action: AppAction) => void;
  readonly now: () => Date;
  /** defaults to the manifest and templates under sql/ */
  readonly dependencies?: () => VerifyDependencies;
  /** --app DIR or --contract FILE: the application's statements, read again on every run */
  readonly contract?: ContractSource | undefined;
  /** the first run, started before the app was loaded (run.tsx), with the same config, dependencies and contract */
  readonly first?: StartedVerification | undefined;
  /** the first run had ended before the app was drawn: its events are already in the app's first state */
  readonly firstInState?: boolean;
}

/** Starts the first run on mount; returns the function `r` calls to run again. */
export function useVerification({
  config,
  dispatch,
  now,
  dependencies,
  contract,
  first,
  firstInState = false,
}: VerificationOptions): () => void {
  const run = useRef(0);
  const loaded = useRef<VerifyDependencies | null>(null);
  const mounted = useRef(true);

  const start = useCallback(() => {
    const id = ++run.current;
    if (id === 1 && firstInState) return;
    const send = (action: AppAction) => {
      if (mounted.current) dispatch(action);
    };
    send({ type: 'verify/start', run: id });
    const load = () => (loaded.current ??= { ...(dependencies ?? defaultDependencies)(), now });
    const started =
      id === 1 && first ? first : startVerification({ config, dependencies: dependencies ? load() : load, contract });
    started.onDatabase((key, report) => send({ type: 'verify/database', run: id, key, report }));
    started.report
      .then((report) => send(completeEvent(id, report)))
      .catch((error: unknown) => send(failedEvent(id, error)));
  }, [config, dispatch, now, dependencies, contract, first, firstInState]);

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
