/** verify --all: every environment of mantis-sync-tui.json, as an environment × group matrix in the chosen format. */
import { relative } from 'node:path';
import { contractFor, type VerifyContract } from '../commands/contract.js';
import type { VerifyDependencies } from '../commands/verify.js';
import { verifyAll } from '../commands/verify-all.js';
import { type FailOn, type GateRun, type GateTarget, gateExitCode, targetExitCode } from '../core/gate.js';
import type { CommandIO } from '../core/io.js';
import type { Report } from '../core/report.js';
import type { CiOptions } from '../output/ci.js';
import { verifyAllJson } from '../output/json.js';
import { renderMatrixMarkdown, renderMatrixText } from '../output/matrix.js';
import { detectStyle } from '../output/style.js';
import { environmentConfigs } from './environments.js';
import { emitReport, renderCi } from './gate.js';
import { contractSourceOf, type Flags } from './options.js';
import type { Format } from './usage.js';
import { UsageError } from './usage.js';

/** A database verify waits for; a message is "<database>: <what happened>: <fix>", and while waiting, what happened is enough. */
export const waitingLine = (label: string, reason: string, budgetMs: number): string =>
  `mantis-sync-tui: ${label} does not answer yet (${reason.split(': ')[1] ?? reason}): waiting up to ${Math.round(budgetMs / 1000)} s for it to come up\n`;

/** One environment's report (or the URLs given) as the gate sees it. */
export function gateTargetOf(name: string | null, report: Report): GateTarget {
  return {
    name,
    findings: report.findings,
    unreadable: Object.values(report.databases)
      .filter((db) => db.status === 'error')
      .map((db) => db.error ?? `${db.label} could not be read`),
    report,
  };
}

/** A statement's file named from the working directory (the repository's root in CI). */
export function ciOptionsOf(contract: VerifyContract | undefined): CiOptions {
  return contract ? { sourceRoot: relative(process.cwd(), contract.loaded.appDirectory) } : {};
}

export async function runVerifyAll(
  flags: Flags,
  gate: { readonly format: Format; readonly failOn: FailOn; readonly output: string | undefined },
  io: CommandIO,
  /** what each environment is judged against: the built-in 0024, or --migrations DIR */
  dependencies: () => Promise<VerifyDependencies>,
): Promise<number> {
  const named =
    flags.env !== undefined
      ? '--env'
      : flags.issohUrl !== undefined
        ? '--issoh-url'
        : flags.sppUrl !== undefined
          ? '--spp-url'
          : null;
  if (named) throw new UsageError(`verify --all checks every environment of the file: leave out ${named}`);
  const environments = environmentConfigs(flags, undefined, 'verify --all', io);
  const deps = await dependencies();
  const contract = await contractFor(contractSourceOf(flags), deps.manifest, flags.as ?? null);
  const results = await verifyAll(environments, deps, {
    contract,
    onWaiting: (environment, label, reason, budgetMs) =>
      io.stderr(waitingLine(`${environment}: ${label}`, reason, budgetMs)),
  });
  const run: GateRun = {
    command: 'verify',
    version: results[0]?.report.version ?? '',
    generatedAt: io.now().toISOString(),
    failOn: gate.failOn,
    targets: results.map(({ name, report }) => gateTargetOf(name, report)),
  };
  const render = async (format: Format): Promise<string> => {
    if (format === 'text')
      return renderMatrixText(run, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: !flags.color }));
    if (format === 'markdown') return renderMatrixMarkdown(run);
    if (format === 'json')
      return verifyAllJson(
        run,
        results.map(({ name, report }) => ({
          name,
          report,
          exitCode: targetExitCode(gateTargetOf(name, report), run.failOn),
        })),
      );
    return (await renderCi(format, run, ciOptionsOf(contract))) ?? '';
  };
  await emitReport({ format: gate.format, output: gate.output, run, render }, io);
  for (const target of run.targets)
    for (const message of target.unreadable) io.stderr(`mantis-sync-tui: ${target.name}: ${message}\n`);
  return gateExitCode(run);
}
