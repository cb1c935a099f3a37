/** plan: verify, then the remediation steps still needed on IS-SOH (prerequisites, 0024, repairs). */
import type { Config } from '../core/config.js';
import { buildPlan, type Step } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { requireIssoh } from '../core/write-settings.js';
import { loadTemplates } from '../sql.js';
import { defaultDependencies, type VerifyContract, type VerifyDependencies, verify } from './verify.js';

export interface PlanResult {
  readonly report: Report;
  readonly steps: readonly Step[];
}

/** With a contract, the report has its "Application contract" group; the steps mend the migration alone. */
export async function makePlan(
  config: Config,
  deps: VerifyDependencies = defaultDependencies(),
  options: { readonly contract?: VerifyContract | undefined } = {},
): Promise<PlanResult> {
  requireIssoh(config, 'plan');
  const report = await verify(config, deps, { contract: options.contract });
  const sql = loadTemplates(['prereq', 'migrations', 'fix', 'rebuild', 'plan']);
  const migration = report.findings.filter((f) => f.group !== 'contract');
  const migrationSet = deps.manifest.migrations !== undefined;
  return { report, steps: buildPlan({ findings: migration, expected: deps.manifest.expected, sql, migrationSet }) };
}
