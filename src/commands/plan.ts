/** plan: verify, then the remediation steps still needed on IS-SOH (prerequisites, 0024, repairs). */
import type { Config } from '../core/config.js';
import { buildPlan, type Step } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { requireIssoh } from '../core/write-settings.js';
import { loadTemplates } from '../sql.js';
import { defaultDependencies, type VerifyDependencies, verify } from './verify.js';

export interface PlanResult {
  readonly report: Report;
  readonly steps: readonly Step[];
}

export async function makePlan(config: Config, deps: VerifyDependencies = defaultDependencies()): Promise<PlanResult> {
  requireIssoh(config, 'plan');
  const report = await verify(config, deps);
  const sql = loadTemplates(['prereq', 'migrations', 'fix', 'rebuild', 'plan']);
  return { report, steps: buildPlan({ findings: report.findings, expected: deps.manifest.expected, sql }) };
}
