/** The CLI handler of verify: renders the report in the chosen format and returns the exit code. */

import type { ContractSource } from '../commands/contract.js';
import { defaultDependencies, verify } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import { type FailOn, type GateRun, gateExitCode } from '../core/gate.js';
import type { CommandIO } from '../core/io.js';
import { type Report, unreadableReasons } from '../core/report.js';
import { verifyJson } from '../output/json.js';
import { renderMarkdown } from '../output/markdown.js';
import { detectStyle } from '../output/style.js';
import { renderText } from '../output/text.js';
import { ciOptionsOf, emitReport, failOnOf, gateTargetOf, outputOf, renderCi, waitingLine } from './gate.js';
import { configOf, contractSourceOf, formatOf, type Handler, migrationDependencies } from './options.js';
import type { Format } from './usage.js';

interface VerifyCommandOptions {
  readonly format: Format;
  readonly failOn: FailOn;
  /** --output FILE: the report goes there, the text to stdout */
  readonly output: string | undefined;
  readonly verbose: boolean;
  readonly noColor: boolean;
  /** --app DIR or --contract FILE: the application's statements, as a checklist group */
  readonly contract: ContractSource | null;
  /** --migrations DIR: the intended state from these files instead of the built-in 0024 */
  readonly migrations: string | undefined;
  /** --target FILE: the variant of a migration in DIR to aim at */
  readonly target: string | undefined;
}

async function runVerifyCommand(config: Config, options: VerifyCommandOptions, io: CommandIO): Promise<number> {
  // A migration set's intended state is built (or read from the cache) first. Otherwise the manifest
  // is needed before the reads only to find a contract's statements; verify reads it while the servers answer.
  const migrations =
    options.migrations !== undefined || options.target !== undefined
      ? await migrationDependencies(options.migrations, io, options.target)
      : null;
  const early = migrations ?? (options.contract ? defaultDependencies(io.now) : null);
  // The contract's code (its parsers, the checks) loads only with --app or --contract: a plain verify's reads go out first.
  const contract =
    early && options.contract
      ? await (await import('../commands/contract.js')).contractFor(
          options.contract,
          early.manifest,
          config.appRole ?? null,
        )
      : undefined;
  const report = await verify(config, early ?? (() => defaultDependencies(io.now)), {
    contract,
    onWaiting: (label, reason, budgetMs) => io.stderr(waitingLine(label, reason, budgetMs)),
  });
  const run: GateRun = {
    command: 'verify',
    version: report.version,
    generatedAt: report.generatedAt,
    failOn: options.failOn,
    targets: [gateTargetOf(config.environment?.name ?? null, report)],
  };
  const render = async (format: Format): Promise<string> => {
    if (format === 'json') return verifyJson(report);
    if (format === 'markdown') return renderMarkdown(report);
    if (format === 'text') return renderVerifyText(report, options, io);
    return (await renderCi(format, run, ciOptionsOf(contract))) ?? '';
  };
  await emitReport({ format: options.format, output: options.output, run, render }, io);
  // Problems reaching a database are also said on stderr, where a script's log will catch them.
  for (const reason of unreadableReasons(report)) io.stderr(`mantis-sync-tui: ${reason}\n`);
  for (const db of Object.values(report.databases))
    if (db.status === 'missing') io.stderr(`mantis-sync-tui: ${db.label} not checked: ${db.error}\n`);
  // A source file that does not parse hides its statements: said, so "ready" is not read as covering them.
  for (const file of contract?.loaded.unreadable ?? [])
    io.stderr(`mantis-sync-tui: ${file.file} not read: ${file.message}\n`);
  return gateExitCode(run);
}

function renderVerifyText(report: Report, options: VerifyCommandOptions, io: CommandIO): string {
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  return renderText(report, { style, verbose: options.verbose });
}

export const handle: Handler = (flags, _operands, io) => {
  const format = formatOf(flags, 'verify');
  const gate = { format, failOn: failOnOf(flags), output: outputOf(flags) };
  if (flags.all)
    return import('./verify-all.js').then(({ runVerifyAll }) =>
      runVerifyAll(flags, gate, io, () => migrationDependencies(flags.migrations, io, flags.target)),
    );
  return runVerifyCommand(
    configOf(flags, io),
    {
      ...gate,
      verbose: flags.verbose,
      noColor: !flags.color,
      contract: contractSourceOf(flags),
      migrations: flags.migrations,
      target: flags.target,
    },
    io,
  );
};
