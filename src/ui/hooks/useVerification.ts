/**
 * Runs a verification: both databases are read in parallel through src/commands/verify's
 * readDatabase (one catalog query each, read-only sessions); each one's outcome is shown as soon
 * as it is known, and the checks run once both are in. The manifest and SQL templates are loaded
 * after the first frame, never before it.
 */

import { useCallback, useEffect, useRef } from 'react';
import {
  asSpp,
  type DatabaseRead,
  defaultDependencies,
  judge,
  readDatabase,
  sameEndpoint,
  type VerifyDependencies,
} from '../../commands/verify.js';
import type { Config } from '../../core/config.js';
import { redactSecretsInText } from '../../core/redact.js';
import type { AppAction } from '../state/app.js';
import { DATABASE_KEYS } from '../state/verification.js';

export interface VerificationOptions {
  readonly config: Config;
  readonly dispatch: (action: AppAction) => void;
  readonly now: () => Date;
  /** defaults to the manifest and templates under sql/ */
  readonly dependencies?: () => VerifyDependencies;
}

/** Starts the first run on mount; returns the function `r` calls to run again. */
export function useVerification({
  config,
  dispatch,
  now,
  dependencies = defaultDependencies,
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
    // The same URL twice (a unified database): one read, shown under both names.
    const once = config.issoh !== null && config.spp !== null && sameEndpoint(config.issoh, config.spp);
    const issohRead = config.issoh ? readDatabase(config.issoh, config, true) : null;
    const reads = DATABASE_KEYS.map(async (key) => {
      const target = config[key];
      if (!target) return null;
      const read: DatabaseRead =
        key === 'spp' && once
          ? asSpp(await issohRead!)
          : key === 'issoh'
            ? await issohRead!
            : await readDatabase(target, config, true);
      send({ type: 'verify/database', run: id, key, report: read.report });
      return read.snapshot;
    });
    Promise.all(reads)
      .then(([issoh, spp]) => {
        loaded.current ??= dependencies();
        const { findings, sameDatabase } = judge(loaded.current, issoh ?? null, spp ?? null, once);
        send({ type: 'verify/complete', run: id, findings, sameDatabase, generatedAt: now().toISOString() });
      })
      .catch((error: unknown) => {
        send({
          type: 'verify/failed',
          run: id,
          error: redactSecretsInText(error instanceof Error ? error.message : String(error)),
        });
      });
  }, [config, dispatch, now, dependencies]);

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
