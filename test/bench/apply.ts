/**
 * Remediation benchmark: the whole plan from seed 000's blocked state to a verified 0024 on
 * loopback (plan + every step in its own transaction with its in-transaction re-check + the
 * final verify). Target < 2 s; the seed's run of 0024 alone on Neon took 4,022 ms.
 */
import { makePlan } from '../../src/commands/plan.js';
import { defaultDependencies, verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STEP_STATEMENT_TIMEOUT_MS } from '../../src/core/write-settings.js';
import { executeStep } from '../../src/db/execute.js';
import { writableDatabase } from '../../src/db/session.js';
import { buildTemplates, createDatabase } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';

const RUNS = 5;
const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const deps = defaultDependencies();
  const totals: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const url = await createDatabase(server.adminUrl, 'issohSeed000', 'bench');
    const config = loadConfig({ env: {}, issohUrl: url });
    const started = performance.now();
    const { report, steps } = await makePlan(config, deps);
    const db = writableDatabase(config.issoh!, config, {
      lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
      statementTimeoutMs: DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
      allowPooled: false,
    });
    let findings = report.findings;
    const perStep: string[] = [];
    for (const step of steps.filter((s) => s.kind === 'sql' && !s.optional)) {
      const result = await executeStep(
        db,
        step,
        findings,
        { manifest: deps.manifest, templates: deps.templates, spp: null },
        {
          dryRun: false,
          lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
          statementTimeoutMs: DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
          exportDirectory: '/tmp',
        },
      );
      if (result.outcome !== 'committed') throw new Error(`${step.id}: ${result.outcome}`);
      findings = result.findingsAfter ?? findings;
      perStep.push(`${step.id} ${result.durationMs} ms`);
    }
    await db.close();
    const final = await verify(config, deps);
    const total = performance.now() - started;
    totals.push(total);
    if (final.summary.fail > 0) throw new Error('plan did not reach zero failures');
    if (run === 0) console.log(`steps: ${perStep.join(', ')}`);
  }
  const sorted = [...totals].sort((a, b) => a - b);
  console.log(`${server.description}`);
  console.log(
    `whole plan, blocked → verified (plan, ${RUNS} runs): p50 ${sorted[Math.floor(RUNS / 2)]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted[RUNS - 1]!.toFixed(0)} ms (target < 2000 ms)`,
  );
} finally {
  await server.stop();
}
