/**
 * The Health screen's reads and writes, through the use-cases. Reads: health
 * (src/commands/health.ts), the same report `health --json` prints, read in a read-only session
 * the first time the screen is opened, again when the window changes, on `r`, and after every
 * maintenance step. Writes: maintain (src/commands/maintain.ts), each task one transaction with
 * lock_timeout and statement_timeout, through a writable session that pooled endpoints are
 * refused, audited there as `maintain` on the command line is. A confirmation has been given
 * before run() is called (the keys, ./keys.ts, ask for it), except for a dry run, which
 * changes nothing.
 */

import { join } from 'node:path';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { health } from '../../../commands/health.js';
import { maintain } from '../../../commands/maintain.js';
import type { Config, DatabaseTarget } from '../../../core/config.js';
import { fileStamp, safePathComponent } from '../../../core/io.js';
import type { MaintenanceResult } from '../../../core/maintenance.js';
import { redactSecretsInText } from '../../../core/redact.js';
import { pooledRefusal, type RemediationSettings } from '../../../core/write-settings.js';
import type { Screen } from '../../navigation.js';
import {
  ARCHIVE_OLDER_THAN_MONTHS,
  type HealthAction,
  type HealthTask,
  MONTHS_AHEAD,
  summarizeMaintenance,
  type TaskOutcome,
} from './state.js';

export const NO_ISSOH_HEALTH =
  'Health reads IS-SOH, where 0024 belongs: set ENTERPRISE_DATABASE_URL or DATABASE_URL (or --issoh-url)';

export interface HealthOptions {
  readonly config: Config;
  readonly settings: RemediationSettings;
  readonly dispatch: (action: HealthAction) => void;
  readonly screen: Screen;
  readonly windowMinutes: number;
  /** where archives are exported (the current directory) */
  readonly directory: string;
  readonly now: () => Date;
  /** for the audit log's default place and the operator's name */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface HealthControls {
  /** `r`: read the report again */
  readonly reload: () => void;
  /** a confirmed maintenance step, or its dry run (one transaction, rolled back) */
  readonly run: (task: HealthTask, dryRun: boolean) => void;
  /**
   * Quitting: the running step (if any) is cancelled, its statement too, and the promise settles
   * once its transaction has rolled back and the attempt is in the audit log; null when idle.
   */
  readonly cancelRunning: () => Promise<void> | null;
}

const message = (error: unknown) => redactSecretsInText(error instanceof Error ? error.message : String(error));

/** Why the app does not write to this database: pooledRefusal's words (the app has no --allow-pooled). */
export function maintenanceRefusal(target: DatabaseTarget, settings: RemediationSettings): string | null {
  const refusal = pooledRefusal(target, settings);
  return refusal ? `${refusal} (headless, with maintain; the app has no --allow-pooled)` : null;
}

export function useHealth({
  config,
  settings,
  dispatch,
  screen,
  windowMinutes,
  directory,
  now,
  env = process.env,
}: HealthOptions): HealthControls {
  const request = useRef(0);
  const visited = useRef(false);
  const busy = useRef(false);
  /** the running step's end (rolled back or committed, audited) */
  const running = useRef<Promise<void> | null>(null);
  const mounted = useRef(true);
  const controller = useRef(new AbortController());
  const windowRef = useRef(windowMinutes);
  windowRef.current = windowMinutes;

  const send = useCallback(
    (action: HealthAction) => {
      if (mounted.current) dispatch(action);
    },
    [dispatch],
  );

  const reload = useCallback(() => {
    const id = ++request.current;
    const minutes = windowRef.current;
    send({ type: 'health/loading', request: id });
    if (!config.issoh) {
      send({ type: 'health/failed', request: id, error: NO_ISSOH_HEALTH });
      return;
    }
    health(config, minutes)
      .then((report) => send({ type: 'health/loaded', request: id, report, windowMinutes: minutes }))
      .catch((error: unknown) => send({ type: 'health/failed', request: id, error: message(error) }));
  }, [config, send]);

  // Who may write here, known before any key is pressed.
  useEffect(() => {
    const target = config.issoh;
    send({
      type: 'health/configure',
      database: target?.database ?? null,
      refusal: target ? maintenanceRefusal(target, settings) : NO_ISSOH_HEALTH,
    });
  }, [config, settings, send]);

  // First visit reads; a new window reads again (only once the screen has been visited).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on entering Health and on a new window, not on every screen change
  useEffect(() => {
    if (!visited.current && screen !== 'health') return;
    visited.current = true;
    reload();
  }, [screen === 'health', windowMinutes, reload]);

  useEffect(() => {
    mounted.current = true;
    const abort = controller.current;
    return () => {
      mounted.current = false;
      abort.abort();
    };
  }, []);

  const run = useCallback(
    (task: HealthTask, dryRun: boolean) => {
      const target = config.issoh;
      if (!target || busy.current) return;
      const refusal = maintenanceRefusal(target, settings);
      if (refusal) {
        send({
          type: 'health/result',
          outcome: { task, outcome: 'refused', durationMs: 0, lines: [], error: refusal },
        });
        return;
      }
      busy.current = true;
      send({ type: 'health/running', task });
      const stamp = fileStamp(now());
      const done = (async () => {
        let outcome: TaskOutcome;
        try {
          const run = await maintain(config, settings, {
            task,
            ahead: MONTHS_AHEAD,
            olderThanMonths: ARCHIVE_OLDER_THAN_MONTHS,
            dryRun,
            exportDirectory: join(directory, `mantis-archive-${safePathComponent(target.database)}-${stamp}`),
            signal: controller.current.signal,
            io: { env, now },
          });
          outcome = summarizeMaintenance(run.task, run.result);
          // Every attempt is in the audit log, as with `maintain` on the command line.
          if (run.auditError)
            outcome = {
              ...outcome,
              lines: [...outcome.lines, `the audit log could not be written: ${message(run.auditError)}`],
            };
        } catch (error) {
          const failed: MaintenanceResult<unknown> = {
            outcome: 'failed',
            value: null,
            durationMs: 0,
            error: message(error),
          };
          outcome = summarizeMaintenance(task, failed);
        }
        busy.current = false;
        send({
          type: 'health/result',
          outcome: { ...outcome, error: outcome.error === null ? null : redactSecretsInText(outcome.error) },
        });
        if (mounted.current) reload();
      })();
      running.current = done.finally(() => {
        running.current = null;
      });
    },
    [config, settings, directory, now, env, send, reload],
  );

  const cancelRunning = useCallback(() => {
    const current = running.current;
    if (current !== null) controller.current.abort();
    return current;
  }, []);

  return useMemo(() => ({ reload, run, cancelRunning }), [reload, run, cancelRunning]);
}
