/**
 * verify --all: every environment of mantis-sync-tui.json, a bounded number at a time (each opens
 * one connection per database), each checked exactly as verify checks one pair.
 */
import pLimit from 'p-limit';
import type { Config } from '../core/config.js';
import type { Report } from '../core/report.js';
import { type VerifyContract, type VerifyDependencies, verify } from './verify.js';

/** Environments read at once: 16 connections, well inside any server's max_connections. */
export const VERIFY_ALL_CONCURRENCY = 8;

export interface NamedConfig {
  readonly name: string;
  readonly config: Config;
}

export interface VerifyAllOptions {
  readonly concurrency?: number;
  readonly contract?: VerifyContract | undefined;
  /** told when a database does not answer yet and verify waits for it */
  readonly onWaiting?: (environment: string, label: string, reason: string, budgetMs: number) => void;
}

/** Each environment's report, in the order given. */
export async function verifyAll(
  environments: readonly NamedConfig[],
  deps: VerifyDependencies,
  options: VerifyAllOptions = {},
): Promise<Array<{ readonly name: string; readonly report: Report }>> {
  const limit = pLimit(options.concurrency ?? VERIFY_ALL_CONCURRENCY);
  return Promise.all(
    environments.map(({ name, config }) =>
      limit(async () => ({
        name,
        report: await verify(config, deps, {
          contract: options.contract,
          ...(options.onWaiting
            ? {
                onWaiting: (label: string, reason: string, budgetMs: number) =>
                  options.onWaiting?.(name, label, reason, budgetMs),
              }
            : {}),
        }),
      })),
    ),
  );
}
