/**
 * The work behind the Remediate screen, through the use-cases the commands use: makePlan,
 * applyStep and testRls (the writes record their audit entries), each write run by the app's one
 * runner. The plan is read when the screen opens and after every write that changed something;
 * with --app / --contract its steps also go through a dry run (rolled back) that checks the
 * application's statements after each one, so a step that breaks one is marked before it runs.
 */
import { join } from 'node:path';
import { useCallback, useEffect, useRef } from 'react';
import type { Config } from '../../../core/config.js';
import { AuditLogError } from '../../../core/errors.js';
import { fileStamp, safePathComponent } from '../../../core/io.js';
import { pooledRefusal } from '../../../core/write-settings.js';
import { unusedDirectory } from '../../export.js';
import { useOnOpen } from '../../hooks/useOnOpen.js';
import { errorText, type WriteEnd } from '../../hooks/useWriteRunner.js';
import type { ScreenWork, WorkContext } from '../../screen.js';
import {
  type FindingRef,
  isLastStep,
  isSqlStep,
  type RemediateAction,
  type RemediateRequest,
  remediateOf,
  type StepAction,
  type StepOutcome,
} from './state.js';

export function useRemediate(context: WorkContext): ScreenWork {
  const ref = useRef(context);
  ref.current = context;
  const planRun = useRef(0);
  const send = useCallback((action: RemediateAction) => ref.current.dispatch(action), []);

  const planWithImpact = useCallback(async (config: Config) => {
    const { dependencies, settings, env, now } = ref.current;
    // The commands' code loads when the screen first needs it, not before the app's first frame.
    const [{ contractFor }, { makePlan }, { dryRunApply }] = await Promise.all([
      import('../../../commands/contract.js'),
      import('../../../commands/plan.js'),
      import('../../../commands/apply.js'),
    ]);
    const contract = await contractFor(ref.current.contract, dependencies().manifest, config.appRole ?? null);
    const { report, steps } = await makePlan(config, dependencies(), { contract });
    if (!contract || report.databases.issoh.status !== 'ok') return { report, steps, impact: null, impactError: null };
    const dry = await dryRunApply(config, settings, {
      steps: steps.filter((s) => !s.optional),
      findings: report.findings,
      deps: dependencies(),
      io: { env, now },
      contract,
    }).catch((error: unknown) => ({ impact: null, impactError: errorText(error) }));
    return { report, steps, impact: dry.impact, impactError: dry.impactError };
  }, []);

  const plan = useCallback(() => {
    const { config, now } = ref.current;
    const run = ++planRun.current;
    send({ type: 'remediate/plan-start', run });
    if (!config.issoh) {
      send({
        type: 'remediate/plan-failed',
        run,
        error: 'remediation works on IS-SOH, where 0024 belongs: set DATABASE_URL (or --issoh-url)',
      });
      return;
    }
    planWithImpact(config)
      .then(({ report, steps, impact, impactError }) => {
        const database = report.databases.issoh;
        if (database.status !== 'ok') {
          send({ type: 'remediate/plan-failed', run, error: database.error ?? 'IS-SOH could not be read' });
          return;
        }
        send({
          type: 'remediate/planned',
          run,
          plan: { steps, findings: report.findings, database, at: now().toISOString(), impact, impactError },
        });
      })
      .catch((error: unknown) => send({ type: 'remediate/plan-failed', run, error: errorText(error) }));
  }, [planWithImpact, send]);

  const runStep = useCallback(
    (stepId: string, action: StepAction) => {
      const { config, getState, settings } = ref.current;
      const state = remediateOf(getState());
      const view = state.plan;
      const step = view?.steps.find((s) => s.id === stepId);
      const target = config.issoh;
      if (!view || !step || !target) return;
      // The RLS test is not refused through a pooler (testRls says why).
      const refusal = action === 'rls-test' ? null : pooledRefusal(target, settings);
      if (refusal) {
        send({
          type: 'remediate/finished',
          outcome: { kind: 'refused', stepId, title: step.title, message: state.refusal ?? refusal },
        });
        return;
      }
      if (action !== 'rls-test' && !isSqlStep(step)) return;
      // The plan's last step re-verifies even when nothing changed.
      const reverify = isLastStep(view.steps, stepId);
      void ref.current.writes.start({
        what: `${action === 'dry-run' ? 'the dry run of ' : action === 'rls-test' ? 'the RLS test ' : ''}step ${stepId}`,
        cancelling: { type: 'remediate/cancelling' },
        run: async (signal, onWaiting): Promise<WriteEnd> => {
          const { directory, env, now, dependencies } = ref.current;
          send({ type: 'remediate/started', stepId, action, at: Date.now() });
          let outcome: StepOutcome;
          try {
            if (action === 'rls-test') {
              outcome = {
                kind: 'rls',
                stepId,
                title: step.title,
                result: await (await import('../../../commands/test-rls.js')).testRls(config, settings, { signal }),
              };
            } else {
              // A rebuild exports its rows here, in the current directory, as the CLI does.
              const exportDirectory = unusedDirectory(
                join(directory, `mantis-rebuild-${safePathComponent(target.database)}-${fileStamp(now())}`),
              );
              const { applyStep } = await import('../../../commands/apply.js');
              const result = await applyStep(
                config,
                { ...settings, exportDirectory },
                step,
                view.findings,
                dependencies(),
                { dryRun: action === 'dry-run', signal, onWaiting, io: { env, now } },
              );
              const byId = new Map(view.findings.map((f) => [f.id, f]));
              const fixed = result.fixed.flatMap((id): FindingRef[] => {
                const f = byId.get(id);
                return f ? [{ code: f.code, object: f.object, title: f.title }] : [];
              });
              outcome = { kind: 'step', stepId, title: step.title, result, fixed };
            }
          } catch (error) {
            // An audit line that failed after the step ran follows a change (its message says how the step
            // ended; the runner reports it); anything else (a refusal) stopped it before it started.
            const ran = error instanceof AuditLogError;
            send({
              type: 'remediate/finished',
              outcome: {
                kind: 'refused',
                stepId,
                title: step.title,
                message: ran ? `${errorText(error)}; the plan and checklist are read again` : errorText(error),
              },
            });
            return ran
              ? { changed: true, outcome: 'ran', auditError: error }
              : { changed: false, outcome: 'refused', error: errorText(error), reverify };
          }
          send({ type: 'remediate/finished', outcome });
          if (outcome.kind === 'rls') return { changed: false, outcome: 'rolled-back', reverify };
          const { result } = outcome;
          return {
            changed: result.outcome === 'committed',
            outcome: result.outcome,
            error: result.error?.message ?? null,
            reverify,
          };
        },
      });
    },
    [send],
  );

  // After any write that changed the database (here or on another screen), the plan shown is read again.
  useEffect(
    () =>
      context.writes.onChanged(() => {
        if (ref.current.shown === ref.current.id) plan();
      }),
    [context.writes, plan],
  );

  // Opening the screen reads the plan afresh.
  useOnOpen(context, plan);

  return useCallback(
    (request: unknown) => {
      const asked = request as RemediateRequest;
      if (asked.kind === 'plan') plan();
      else if (asked.kind === 'verify') {
        ref.current.reverify();
        plan();
      } else runStep(asked.stepId, asked.action);
    },
    [plan, runStep],
  );
}
