/** verify --all: every environment of mantis-sync-tui.json, as an environment × group matrix in the chosen format. */
import { contractFor } from '../commands/contract.js';
import type { VerifyDependencies } from '../commands/verify.js';
import { verifyAll } from '../commands/verify-all.js';
import { type FailOn, type GateRun, gateExitCode, targetExitCode } from '../core/gate.js';
import type { CommandIO } from '../core/io.js';
import { verifyAllJson } from '../output/json.js';
import { renderMatrixMarkdown, renderMatrixText } from '../output/matrix.js';
import { detectStyle } from '../output/style.js';
import { environmentConfigs } from './environments.js';
import { ciOptionsOf, emitReport, gateTargetOf, renderCi, waitingLine } from './gate.js';
import { contractSourceOf, type Flags } from './options.js';
import type { Format } from './usage.js';
import { UsageError } from './usage.js';

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
