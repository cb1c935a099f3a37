/**
 * The Health screen's reads and writes, through the use-cases. Reads: health
 * (src/commands/health.ts), the same report `health --json` prints, read in a read-only session
 * the first time the screen is opened, again when the window changes, on `r`, and after every
 * maintenance step. Writes: maintain (src/commands/maintain.ts), each task one transaction with
 * lock_timeout and statement_timeout, through a writable session that pooled endpoints are
 * refused, audited there as `maintain` on the command line is, run by the app's one runner (one
 * write at a time, and everything read again after a change). A confirmation has been given
 * before a step is asked for (the keys, ./keys.ts, ask for it), except for a dry run, which
 * changes nothing.
 */

import { join } from 'node:path';
import { useCallback, useEffect, useRef } from 'react';
import type { DatabaseTarget } from '../../../core/config.js';
import { fileStamp, safePathComponent } from '../../../core/io.js';
import type { MaintenanceResult } from '../../../core/maintenance.js';
import { redactSecretsInText } from '../../../core/redact.js';
import { pooledRefusal, type RemediationSettings } from '../../../core/write-settings.js';
import type { WriteEnd } from '../../hooks/useWriteRunner.js';
import type { ScreenWork, WorkContext } from '../../screen.js';
import {
  ARCHIVE_OLDER_THAN_MONTHS,
  type HealthAction,
  type HealthRequest,
  type HealthTask,
  healthOf,
  MONTHS_AHEAD,
  summarizeMaintenance,
  type TaskOutcome,
} from './state.js';

export const NO_ISSOH_HEALTH =
  'Health reads IS-SOH, where 0024 belongs: set ENTERPRISE_DATABASE_URL or DATABASE_URL (or --issoh-url)';

const message = (error: unknown) => redactSecretsInText(error instanceof Error ? error.message : String(error));

/** Why the app does not write to this database: pooledRefusal's words (the app has no --allow-pooled). */
export function maintenanceRefusal(target: DatabaseTarget, settings: RemediationSettings): string | null {
  const refusal = pooledRefusal(target, settings);
  return refusal ? `${refusal} (headless, with maintain; the app has no --allow-pooled)` : null;
}

/** Health's work: the report read when the screen is first opened, on a new window, on r and after every write; the steps through the app's one runner. */
export function useHealth({
  id,
  config,
  settings,
  dispatch,
  state,
  shown,
  directory,
  now,
  env,
  writes,
  dependencies,
}: WorkContext): ScreenWork {
  const request = useRef(0);
  const visited = useRef(false);
  const mounted = useRef(true);
  const { windowMinutes } = healthOf(state);
  // the intended state (the built-in 0024, or --migrations DIR): read when the report is, not a reason to read again
  const dependenciesRef = useRef(dependencies);
  dependenciesRef.current = dependencies;
  const windowRef = useRef(windowMinutes);
  windowRef.current = windowMinutes;

  const send = useCallback(
    (action: HealthAction) => {
      if (mounted.current) dispatch(action);
    },
    [dispatch],
  );

  const reload = useCallback(() => {
    const requestId = ++request.current;
    const minutes = windowRef.current;
    send({ type: 'health/loading', request: requestId });
    if (!config.issoh) {
      send({ type: 'health/failed', request: requestId, error: NO_ISSOH_HEALTH });
      return;
    }
    // The commands' code loads on the first visit, not before the app's first frame.
    import('../../../commands/health.js')
      .then(({ health }) => health(config, minutes, dependenciesRef.current()))
      .then((report) => send({ type: 'health/loaded', request: requestId, report, windowMinutes: minutes }))
      .catch((error: unknown) => send({ type: 'health/failed', request: requestId, error: message(error) }));
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
    if (!visited.current && shown !== id) return;
    visited.current = true;
    reload();
  }, [shown === id, windowMinutes, reload]);

  // Any write, from any screen, may change what the report shows: read it again once it has been read.
  useEffect(
    () =>
      writes.onChanged(() => {
        if (visited.current && mounted.current) reload();
      }),
    [writes, reload],
  );

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    (task: HealthTask, dryRun: boolean) => {
      const target = config.issoh;
      if (!target) return;
      const refusal = maintenanceRefusal(target, settings);
      if (refusal) {
        send({
          type: 'health/result',
          outcome: { task, outcome: 'refused', durationMs: 0, lines: [], error: refusal },
        });
        return;
      }
      const stamp = fileStamp(now());
      void writes.start({
        what: `${dryRun ? 'the dry run of ' : ''}maintain ${task}`,
        run: async (signal, onWaiting): Promise<WriteEnd> => {
          send({ type: 'health/running', task });
          let outcome: TaskOutcome;
          let auditError: unknown;
          try {
            const { maintain } = await import('../../../commands/maintain.js');
            const ran = await maintain(config, settings, {
              task,
              ahead: MONTHS_AHEAD,
              olderThanMonths: ARCHIVE_OLDER_THAN_MONTHS,
              dryRun,
              exportDirectory: join(directory, `mantis-archive-${safePathComponent(target.database)}-${stamp}`),
              signal,
              onWaiting,
              io: { env, now },
            });
            outcome = summarizeMaintenance(ran.task, ran.result);
            auditError = ran.auditError;
          } catch (error) {
            const failed: MaintenanceResult<unknown> = {
              outcome: 'failed',
              value: null,
              durationMs: 0,
              error: message(error),
            };
            outcome = summarizeMaintenance(task, failed);
          }
          const error = outcome.error === null ? null : redactSecretsInText(outcome.error);
          send({ type: 'health/result', outcome: { ...outcome, error } });
          // Nothing changed still reads the report again: the step's outcome is read against it.
          if (outcome.outcome !== 'committed' && mounted.current) reload();
          return { changed: outcome.outcome === 'committed', outcome: outcome.outcome, error, auditError };
        },
      });
    },
    [config, settings, directory, now, env, send, reload, writes],
  );

  return useCallback(
    (request: unknown) => {
      const asked = request as HealthRequest;
      if (asked.kind === 'reload') reload();
      else run(asked.task, asked.dryRun);
    },
    [reload, run],
  );
}
