/**
 * The work behind the Remediate and Rollback screens, through the use-cases the commands use:
 * makePlan, applyStep, testRls, rollback and restore (the writes record their audit entries). One
 * write at a time, each on its own connection, closed after. Every write gets an AbortSignal:
 * quitting while one runs cancels its statement, waits for the ROLLBACK, then leaves, so nothing
 * is ever half-applied.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { applyStep, dryRunApply } from '../../commands/apply.js';
import { type ContractSource, contractFor, type VerifyContract } from '../../commands/contract.js';
import { makePlan } from '../../commands/plan.js';
import { restore } from '../../commands/restore.js';
import { rollback } from '../../commands/rollback.js';
import { testRls } from '../../commands/test-rls.js';
import { defaultDependencies, type VerifyDependencies } from '../../commands/verify.js';
import type { Config, DatabaseTarget } from '../../core/config.js';
import { AuditLogError } from '../../core/errors.js';
import { fileStamp, safePathComponent } from '../../core/io.js';
import { redactSecretsInText } from '../../core/redact.js';
import type { RestoreResult, RollbackResult } from '../../core/rollback.js';
import { pooledRefusal, type RemediationSettings } from '../../core/write-settings.js';
import type { AppAction, AppState } from '../appState.js';
import type { Screen } from '../navigation.js';
import {
  type FindingRef,
  isLastStep,
  isSqlStep,
  type StepAction,
  type StepOutcome,
} from '../screens/Remediate/state.js';
import { allowCascadeFor, type RollbackRun, restorable } from '../screens/Rollback/state.js';

/** What a key asks the writes to do (keymap's Effect carries one). */
export type WriteRequest =
  | { readonly kind: 'plan' }
  | { readonly kind: 'step'; readonly stepId: string; readonly action: StepAction }
  /** the plan's last step: re-verify (the checklist) and plan again */
  | { readonly kind: 'verify' }
  | { readonly kind: 'rollback'; readonly mode: 'dry-run' | 'apply' }
  /** put back what the rollback shown exported (the Rollback screen's u) */
  | { readonly kind: 'restore' };

export interface WritesOptions {
  readonly config: Config;
  /** where exports go: the current directory */
  readonly directory: string;
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly settings: RemediationSettings;
  readonly dependencies?: (() => VerifyDependencies) | undefined;
  /** --app DIR or --contract FILE: the plan says what its steps do to the application's statements */
  readonly contract?: ContractSource | undefined;
  readonly dispatch: (action: AppAction) => void;
  readonly getState: () => AppState;
  /** the app's re-verification (r): the checklist re-runs */
  readonly reverify: () => void;
  readonly screen: Screen;
}

export interface Writes {
  readonly perform: (request: WriteRequest) => void;
  /** a write is running */
  readonly busy: () => boolean;
  /** q / Ctrl-C: cancel the running write (its transaction rolls back), then exit; a second press exits at once */
  readonly cancelThenQuit: (exit: () => void) => void;
}

/** How long quitting waits for a cancelled write to roll back before it leaves anyway (closing the connection rolls back too). */
export const CANCEL_GRACE_MS = 15_000;

/**
 * The export directory's stamp has seconds (as the CLI's): a second export in the same second
 * gets "-2", "-3", … rather than writing over the first one's manifest.
 */
export function unusedDirectory(path: string): string {
  if (!existsSync(path)) return path;
  for (let n = 2; ; n++) if (!existsSync(`${path}-${n}`)) return `${path}-${n}`;
}

const messageOf = (error: unknown) => redactSecretsInText(error instanceof Error ? error.message : String(error));

export function useWrites(options: WritesOptions): Writes {
  const ref = useRef(options);
  ref.current = options;
  const running = useRef<{ controller: AbortController; done: Promise<void> } | null>(null);
  const quitting = useRef(false);
  const planRun = useRef(0);
  const loaded = useRef<VerifyDependencies | null>(null);

  const deps = useCallback((): VerifyDependencies => {
    const { dependencies, now } = ref.current;
    loaded.current ??= dependencies ? dependencies() : defaultDependencies(now);
    return loaded.current;
  }, []);

  const say = useCallback((text: string, tone: 'info' | 'error' | 'success' = 'info') => {
    ref.current.dispatch({ type: 'message', message: { text, tone } });
  }, []);

  /** Runs one write; false (and nothing runs) while another one is running. */
  const start = useCallback(
    (work: (signal: AbortSignal) => Promise<void>): boolean => {
      if (running.current) return false;
      const controller = new AbortController();
      const entry = { controller, done: Promise.resolve() };
      entry.done = work(controller.signal)
        .catch((error: unknown) => say(`internal error: ${messageOf(error)}`, 'error'))
        .finally(() => {
          if (running.current === entry) running.current = null;
        });
      running.current = entry;
      return true;
    },
    [say],
  );

  /**
   * The plan; with a contract, its steps also go through a dry run (rolled back) that checks the
   * application's statements after each one, so a step that breaks one is marked before it runs.
   */
  /** --app / --contract, read again for each write (the source may have changed), or undefined. */
  const loadedContract = useCallback(
    (config: Config, current: WritesOptions): Promise<VerifyContract | undefined> =>
      contractFor(current.contract, deps().manifest, config.appRole ?? null),
    [deps],
  );

  const planWithImpact = useCallback(
    async (config: Config, current: WritesOptions) => {
      const contract = await loadedContract(config, current);
      const { report, steps } = await makePlan(config, deps(), { contract });
      if (!contract || report.databases.issoh.status !== 'ok')
        return { report, steps, impact: null, impactError: null };
      const dry = await dryRunApply(config, current.settings, {
        steps: steps.filter((s) => !s.optional),
        findings: report.findings,
        deps: deps(),
        io: { env: current.env, now: current.now },
        contract,
      }).catch((error: unknown) => ({ impact: null, impactError: messageOf(error) }));
      return { report, steps, impact: dry.impact, impactError: dry.impactError };
    },
    [deps, loadedContract],
  );

  const plan = useCallback(() => {
    const { config, dispatch, now } = ref.current;
    const run = ++planRun.current;
    dispatch({ type: 'remediate/plan-start', run });
    if (!config.issoh) {
      dispatch({
        type: 'remediate/plan-failed',
        run,
        error: 'remediation works on IS-SOH, where 0024 belongs: set DATABASE_URL (or --issoh-url)',
      });
      return;
    }
    planWithImpact(config, ref.current)
      .then(({ report, steps, impact, impactError }) => {
        const database = report.databases.issoh;
        if (database.status !== 'ok') {
          ref.current.dispatch({
            type: 'remediate/plan-failed',
            run,
            error: database.error ?? 'IS-SOH could not be read',
          });
          return;
        }
        ref.current.dispatch({
          type: 'remediate/planned',
          run,
          plan: { steps, findings: report.findings, database, at: now().toISOString(), impact, impactError },
        });
      })
      .catch((error: unknown) => ref.current.dispatch({ type: 'remediate/plan-failed', run, error: messageOf(error) }));
  }, [planWithImpact]);

  /** After a committed write the plan and the checklist are stale: both are read again. */
  const afterChange = useCallback(
    (replan: boolean) => {
      if (quitting.current) return;
      ref.current.reverify();
      if (replan) plan();
    },
    [plan],
  );

  const runStep = useCallback(
    (stepId: string, action: StepAction) => {
      const { config, dispatch, getState } = ref.current;
      const state = getState().remediate;
      const view = state.plan;
      const step = view?.steps.find((s) => s.id === stepId);
      const target = config.issoh;
      if (!view || !step || !target) return;
      const refusal = pooledRefusal(target, ref.current.settings);
      if (refusal) {
        dispatch({
          type: 'remediate/finished',
          outcome: { kind: 'refused', stepId, title: step.title, message: state.refusal ?? refusal },
        });
        return;
      }
      if (action !== 'rls-test' && !isSqlStep(step)) return;
      const started = start(async (signal) => {
        const { settings, directory, env, now } = ref.current;
        dispatch({ type: 'remediate/started', stepId, action, at: Date.now() });
        let outcome: StepOutcome;
        try {
          if (action === 'rls-test') {
            outcome = {
              kind: 'rls',
              stepId,
              title: step.title,
              result: await testRls(config, settings, { signal }),
            };
          } else {
            // A rebuild exports its rows here, in the current directory, as the CLI does.
            const exportDirectory = unusedDirectory(
              join(directory, `mantis-rebuild-${safePathComponent(target.database)}-${fileStamp(now())}`),
            );
            const result = await applyStep(config, { ...settings, exportDirectory }, step, view.findings, deps(), {
              dryRun: action === 'dry-run',
              signal,
              io: { env, now },
            });
            const byId = new Map(view.findings.map((f) => [f.id, f]));
            const fixed = result.fixed.flatMap((id): FindingRef[] => {
              const f = byId.get(id);
              return f ? [{ code: f.code, object: f.object, title: f.title }] : [];
            });
            outcome = { kind: 'step', stepId, title: step.title, result, fixed };
          }
        } catch (error) {
          // Only an audit line that failed after the step ran follows a change (its message says how the step
          // ended); anything else (a refusal, an audit log that cannot be written) stopped it before it started.
          const ran = error instanceof AuditLogError;
          outcome = {
            kind: 'refused',
            stepId,
            title: step.title,
            message: ran ? `${messageOf(error)}; the plan and checklist are read again` : messageOf(error),
          };
          ref.current.dispatch({ type: 'remediate/finished', outcome });
          if (ran) afterChange(true);
          return;
        }
        ref.current.dispatch({ type: 'remediate/finished', outcome });
        const committed = outcome.kind === 'step' && outcome.result.outcome === 'committed';
        if (committed) afterChange(true);
        else if (isLastStep(view.steps, stepId)) afterChange(false);
      });
      if (!started) say('another write is running: wait for it to finish (q cancels it and quits)');
    },
    [start, deps, afterChange, say],
  );

  const runRollback = useCallback(
    (mode: 'dry-run' | 'apply') => {
      const { config, dispatch, getState } = ref.current;
      const state = getState().rollback;
      const key = state.database;
      const target: DatabaseTarget | null = config[key];
      if (!target) return;
      const refusal = state.refusals[key];
      if (refusal) {
        say(refusal, 'error');
        return;
      }
      const discardData = mode === 'apply' && state.discardData;
      const allowCascade = allowCascadeFor(state);
      const started = start(async (signal) => {
        const { settings, directory, env, now } = ref.current;
        dispatch({ type: 'rollback/started', mode, at: Date.now(), discardData });
        const exportDirectory = unusedDirectory(
          join(directory, `mantis-rollback-${safePathComponent(target.database)}-${fileStamp(now())}`),
        );
        let result: RollbackResult;
        let impact: Pick<RollbackRun, 'impact' | 'impactError'> = {};
        try {
          const contract = await loadedContract(config, ref.current);
          const run = await rollback(config, settings, {
            contract,
            database: key,
            dryRun: mode === 'dry-run',
            exportDirectory,
            discardData,
            allowCascade,
            deps: deps(),
            signal,
            io: { env, now },
          });
          result = run.result;
          impact = { impact: run.impact, impactError: run.impactError };
          if (run.auditError) say(`the audit log could not be written: ${messageOf(run.auditError)}`, 'error');
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
            error: messageOf(error),
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
        ref.current.dispatch({ type: 'rollback/finished', run });
        if (result.outcome === 'committed') afterChange(false);
      });
      if (!started) say('another write is running: wait for it to finish (q cancels it and quits)');
    },
    [start, deps, afterChange, say, loadedContract],
  );

  const runRestore = useCallback(() => {
    const { config, dispatch, getState } = ref.current;
    const state = getState().rollback;
    const run = restorable(state);
    const target: DatabaseTarget | null = config[state.database];
    if (!run || !target) return;
    const refusal = state.refusals[state.database];
    if (refusal) {
      say(refusal, 'error');
      return;
    }
    let committed = false;
    const started = start(async (signal) => {
      const { settings, env, now } = ref.current;
      dispatch({ type: 'rollback/restore-started', at: Date.now() });
      let result: RestoreResult;
      try {
        const restored = await restore(config, settings, {
          directory: run.directory,
          database: state.database,
          signal,
          io: { env, now },
        });
        result = restored.result;
        if (restored.auditError) say(`the audit log could not be written: ${messageOf(restored.auditError)}`, 'error');
      } catch (error) {
        result = { outcome: 'failed', tables: [], partitions: [], durationMs: 0, error: messageOf(error) };
      }
      ref.current.dispatch({
        type: 'rollback/restore-finished',
        run: { database: state.database, directory: run.directory, result, at: now().toISOString() },
      });
      committed = result.outcome === 'committed';
      if (committed) afterChange(false);
    });
    if (!started) {
      say('another write is running: wait for it to finish (q cancels it and quits)');
      return;
    }
    // 0024 is back: the dry run shown before the restore ("nothing to roll back") is no longer true; run it again.
    void running.current?.done.then(() => {
      if (committed && !quitting.current) runRollback('dry-run');
    });
  }, [start, afterChange, say, runRollback]);

  const perform = useCallback(
    (request: WriteRequest) => {
      switch (request.kind) {
        case 'plan':
          plan();
          return;
        case 'verify':
          afterChange(true);
          return;
        case 'step':
          runStep(request.stepId, request.action);
          return;
        case 'rollback':
          runRollback(request.mode);
          return;
        case 'restore':
          runRestore();
          return;
      }
    },
    [plan, afterChange, runStep, runRollback, runRestore],
  );

  // Opening a screen reads it afresh: the plan on Remediate, the rollback's dry run on Rollback.
  // Coming back from Help does not count as opening.
  const previous = useRef<Screen | null>(null);
  useEffect(() => {
    const from = previous.current;
    previous.current = options.screen;
    if (from === 'help' || from === options.screen) return;
    if (options.screen === 'remediate' && !running.current) plan();
    if (options.screen === 'rollback' && !running.current && !quitting.current) runRollback('dry-run');
  }, [options.screen, plan, runRollback]);

  const busy = useCallback(() => running.current !== null, []);

  const cancelThenQuit = useCallback(
    (exit: () => void) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        exit();
      };
      const current = running.current;
      if (!current || quitting.current) {
        leave();
        return;
      }
      quitting.current = true;
      const { dispatch } = ref.current;
      dispatch({ type: 'remediate/cancelling' });
      dispatch({ type: 'rollback/cancelling' });
      say('cancelling the running write: its transaction rolls back, then the app quits (Ctrl-C again quits at once)');
      current.controller.abort();
      const timer = setTimeout(leave, CANCEL_GRACE_MS);
      void current.done.finally(() => {
        clearTimeout(timer);
        leave();
      });
    },
    [say],
  );

  return useMemo(() => ({ perform, busy, cancelThenQuit }), [perform, busy, cancelThenQuit]);
}
