/**
 * The work behind the Rollback screen, through the use-cases the commands use: rollback and
 * restore (each records its audit entries), run by the app's one runner. Opening the screen
 * runs the rollback's dry run, so what `a` would drop is on screen before it is asked for.
 */
import { join } from 'node:path';
import { useCallback, useRef } from 'react';
import type { DatabaseTarget } from '../../../core/config.js';
import { fileStamp, safePathComponent } from '../../../core/io.js';
import type { RestoreResult, RollbackResult } from '../../../core/rollback.js';
import { unusedDirectory } from '../../export.js';
import { useOnOpen } from '../../hooks/useOnOpen.js';
import { errorText, type WriteEnd } from '../../hooks/useWriteRunner.js';
import type { ScreenWork, WorkContext } from '../../screen.js';
import {
  allowCascadeFor,
  type RollbackAction,
  type RollbackRequest,
  type RollbackRun,
  restorable,
  rollbackOf,
} from './state.js';

export function useRollback(context: WorkContext): ScreenWork {
  const ref = useRef(context);
  ref.current = context;
  const send = useCallback((action: RollbackAction) => ref.current.dispatch(action), []);
  const say = useCallback(
    (text: string) => ref.current.dispatch({ type: 'message', message: { text, tone: 'error' } }),
    [],
  );

  const runRollback = useCallback(
    (mode: 'dry-run' | 'apply') => {
      const { config, getState } = ref.current;
      const state = rollbackOf(getState());
      const key = state.database;
      const target: DatabaseTarget | null = config[key];
      if (!target) return;
      const refusal = state.refusals[key];
      if (refusal) {
        say(refusal);
        return;
      }
      const discardData = mode === 'apply' && state.discardData;
      const allowCascade = allowCascadeFor(state);
      return ref.current.writes.start({
        what: mode === 'dry-run' ? "the rollback's dry run" : 'the rollback',
        cancelling: { type: 'rollback/cancelling' },
        run: async (signal, onWaiting): Promise<WriteEnd> => {
          const { settings, directory, env, now, dependencies } = ref.current;
          send({ type: 'rollback/started', mode, at: Date.now(), discardData });
          const exportDirectory = unusedDirectory(
            join(directory, `mantis-rollback-${safePathComponent(target.database)}-${fileStamp(now())}`),
          );
          let result: RollbackResult;
          let impact: Pick<RollbackRun, 'impact' | 'impactError'> = {};
          let auditError: unknown;
          try {
            // The commands' code loads when first needed, not before the app's first frame.
            const [{ contractFor }, { rollback }] = await Promise.all([
              import('../../../commands/contract.js'),
              import('../../../commands/rollback.js'),
            ]);
            const contract = await contractFor(ref.current.contract, dependencies().manifest, config.appRole ?? null);
            const run = await rollback(config, settings, {
              contract,
              database: key,
              dryRun: mode === 'dry-run',
              exportDirectory,
              discardData,
              allowCascade,
              deps: dependencies(),
              signal,
              onWaiting,
              io: { env, now },
            });
            result = run.result;
            impact = { impact: run.impact, impactError: run.impactError };
            auditError = run.auditError;
          } catch (error) {
            // rollback reports what goes wrong in its result; this is what it could not even start.
            result = {
              outcome: 'failed',
              items: [],
              rowCounts: [],
              dependents: [],
              exported: null,
              remaining: [],
              brokenPrerequisites: [],
              durationMs: 0,
              error: errorText(error),
            };
          }
          const run: RollbackRun = {
            database: key,
            mode,
            result,
            directory: exportDirectory,
            discardData,
            allowCascade,
            at: now().toISOString(),
            ...impact,
          };
          send({ type: 'rollback/finished', run });
          return { changed: result.outcome === 'committed', outcome: result.outcome, error: result.error, auditError };
        },
      });
    },
    [send, say],
  );

  const runRestore = useCallback(() => {
    const { config, getState } = ref.current;
    const state = rollbackOf(getState());
    const run = restorable(state);
    const target: DatabaseTarget | null = config[state.database];
    if (!run || !target) return;
    const refusal = state.refusals[state.database];
    if (refusal) {
      say(refusal);
      return;
    }
    const done = ref.current.writes.start({
      what: 'the restore',
      cancelling: { type: 'rollback/cancelling' },
      run: async (signal, onWaiting): Promise<WriteEnd> => {
        const { settings, env, now } = ref.current;
        send({ type: 'rollback/restore-started', at: Date.now() });
        let result: RestoreResult;
        let auditError: unknown;
        try {
          const { restore } = await import('../../../commands/restore.js');
          const restored = await restore(config, settings, {
            directory: run.directory,
            database: state.database,
            signal,
            onWaiting,
            io: { env, now },
          });
          result = restored.result;
          auditError = restored.auditError;
        } catch (error) {
          result = { outcome: 'failed', tables: [], partitions: [], durationMs: 0, error: errorText(error) };
        }
        send({
          type: 'rollback/restore-finished',
          run: { database: state.database, directory: run.directory, result, at: now().toISOString() },
        });
        return { changed: result.outcome === 'committed', outcome: result.outcome, error: result.error, auditError };
      },
    });
    // 0024 is back: the dry run shown before the restore ("nothing to roll back") is no longer true; run it again.
    void done?.then((end) => {
      if (end?.changed) void runRollback('dry-run');
    });
  }, [send, say, runRollback]);

  // Opening the screen runs the dry run afresh.
  const dryRun = useCallback(() => void runRollback('dry-run'), [runRollback]);
  useOnOpen(context, dryRun);

  return useCallback(
    (request: unknown) => {
      const asked = request as RollbackRequest;
      if (asked.kind === 'restore') runRestore();
      else void runRollback(asked.mode);
    },
    [runRestore, runRollback],
  );
}
