/**
 * States of the Remediate and Rollback screens for tests without a database: plans made by the
 * real planner from the snapshots captured on a real server, and rollback results from the real
 * rollback item parser over those snapshots.
 */

import { EXPORT_FORMAT } from '../../../src/core/export.js';
import { buildPlan } from '../../../src/core/plan.js';
import { parseRollbackSql, type RollbackResult, rollbackItems } from '../../../src/core/rollback.js';
import { loadSql, loadTemplates } from '../../../src/sql.js';
import type { AppAction, AppState } from '../../../src/ui/appState.js';
import type { PlanView } from '../../../src/ui/screens/Remediate/state.js';
import { remediateOf } from '../../../src/ui/screens/Remediate/state.js';
import type { RollbackRun } from '../../../src/ui/screens/Rollback/state.js';
import { appReducer, initialAppState } from '../../../src/ui/shell.js';
import { check, type FixtureName, manifest, snapshotFixture } from '../fixtures.js';
import { appStateFor, configFor, ISSOH_URL, okReport, type Scenario, SPP_URL } from './fixtures.js';

const PLAN_SQL = loadTemplates(['prereq', 'migrations', 'fix', 'rebuild', 'plan']);

export function planView(issoh: FixtureName = 'issoh-seed000'): PlanView {
  const findings = check(snapshotFixture(issoh), snapshotFixture('spp-seed000'));
  return {
    steps: buildPlan({ findings, expected: manifest.expected, sql: PLAN_SQL }),
    findings,
    database: okReport('IS-SOH', snapshotFixture(issoh), ISSOH_URL),
    at: '2026-11-21T23:15:04.000Z',
  };
}

export const apply = (state: AppState, ...actions: AppAction[]): AppState => actions.reduce(appReducer, state);

/** The app on the Remediate screen with the plan for this snapshot. */
export function remediateState(issoh: FixtureName = 'issoh-seed000', scenario: Scenario = {}): AppState {
  return apply(
    appStateFor({ issoh, ...scenario }),
    { type: 'nav/go', screen: 'remediate' },
    { type: 'remediate/plan-start', run: 1 },
    { type: 'remediate/planned', run: 1, plan: planView(issoh) },
  );
}

/** IS-SOH through a Neon pooled URL: writes refused. */
export function pooledRemediateState(): AppState {
  const pooled = SPP_URL.replace('mantis_spp', 'mantis_issoh');
  const config = configFor(pooled, SPP_URL);
  return apply(
    initialAppState(config, '0.1.0'),
    { type: 'nav/go', screen: 'remediate' },
    { type: 'remediate/plan-start', run: 1 },
    { type: 'remediate/planned', run: 1, plan: planView('issoh-seed000') },
  );
}

export const stepIds = (state: AppState): string[] => remediateOf(state).plan?.steps.map((s) => s.id) ?? [];

/** What rollback() reports on a migrated IS-SOH holding rows, as a dry run (counts are this test's). */
export function rollbackResult(
  options: { dependents?: RollbackResult['dependents']; outcome?: RollbackResult['outcome']; rows?: number } = {},
): RollbackResult {
  const rows = options.rows ?? 12;
  const dependents = options.dependents ?? [];
  const outcome = options.outcome ?? (dependents.length > 0 ? 'refused' : 'dry-run');
  return {
    outcome,
    items: rollbackItems(parseRollbackSql(loadSql('rollback/0024_rollback')), snapshotFixture('issoh-migrated')),
    rowCounts: [
      { table: 'public.sync_preview_cache', partitionOf: null, rows: 0 },
      { table: 'public.sync_progress', partitionOf: null, rows },
      { table: 'public.sync_activity_log', partitionOf: null, rows: 3 },
      { table: 'public.sync_activity_log_2026_11', partitionOf: 'public.sync_activity_log', rows: 3 },
    ],
    dependents,
    exported:
      outcome === 'dry-run'
        ? {
            format: EXPORT_FORMAT,
            directory: '/work/mantis-rollback-mantis_issoh-2026-11-21T2315',
            tables: [
              {
                table: 'public.sync_progress',
                file: 'public.sync_progress.copy',
                columns: ['id'],
                rows,
                sha256: 'a'.repeat(64),
                contentHash: `${rows}/1/2`,
                partitions: [],
              },
              {
                table: 'public.sync_activity_log',
                file: 'public.sync_activity_log.copy',
                columns: ['id'],
                rows: 3,
                sha256: 'b'.repeat(64),
                contentHash: '3/4/5',
                partitions: [],
              },
            ],
          }
        : null,
    remaining: [],
    brokenPrerequisites: [],
    durationMs: 42,
    error: outcome === 'refused' ? 'refused: DROP … CASCADE would also drop view x' : null,
  };
}

export function rollbackRun(
  result: RollbackResult,
  mode: 'dry-run' | 'apply' = 'dry-run',
  allowCascade: readonly string[] = [],
): RollbackRun {
  return {
    database: 'issoh',
    mode,
    result,
    directory: '/work/mantis-rollback-mantis_issoh-2026-11-21T2315',
    discardData: false,
    allowCascade,
    at: '2026-11-21T23:15:04.000Z',
  };
}

export const VIEW_DEPENDENT = {
  dependent: 'view public.team_sync_view',
  relation: 'public.team_sync_view',
  relationKind: 'view',
  blocker: false,
  fix: null,
  definition: ' SELECT id, org_id FROM sync_progress;',
} as const;

/** The app on the Rollback screen showing this run. */
export function rollbackState(result: RollbackResult = rollbackResult()): AppState {
  return apply(
    appStateFor({ issoh: 'issoh-migrated' }),
    { type: 'nav/go', screen: 'rollback' },
    { type: 'rollback/started', mode: 'dry-run', at: 0, discardData: false },
    { type: 'rollback/finished', run: rollbackRun(result) },
  );
}
