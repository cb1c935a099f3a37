/** The CLI handler of verify: renders the report in the chosen format and returns the exit code. */

import type { ContractSource } from '../commands/contract.js';
import { contractFor } from '../commands/contract.js';
import { verify } from '../commands/verify.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { exitCodeOf, verdictOf } from '../core/report.js';
import { renderMarkdown } from '../output/markdown.js';
import { detectStyle } from '../output/style.js';
import { renderText } from '../output/text.js';
import { configOf, contractSourceOf, formatOf, type Handler, migrationDependencies } from './options.js';

interface VerifyCommandOptions {
  readonly format: 'text' | 'markdown' | 'json';
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
  const deps = await migrationDependencies(options.migrations, io, options.target);
  const contract = await contractFor(options.contract, deps.manifest, config.appRole ?? null);
  const report = await verify(config, deps, {
    contract,
    // A message is "<database>: <what happened>: <fix>"; while waiting, what happened is enough.
    onWaiting: (label, reason, budgetMs) =>
      io.stderr(
        `mantis-sync-tui: ${label} does not answer yet (${reason.split(': ')[1] ?? reason}): waiting up to ${Math.round(budgetMs / 1000)} s for it to come up\n`,
      ),
  });
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ ...report, ...verdictOf(report) }, null, 2)}\n`);
  } else if (options.format === 'markdown') {
    io.stdout(renderMarkdown(report));
  } else {
    const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
    io.stdout(renderText(report, { style, verbose: options.verbose }));
  }
  // Problems reaching a database are also said on stderr, where a script's log will catch them.
  for (const db of Object.values(report.databases)) {
    if (db.status === 'error') io.stderr(`mantis-sync-tui: ${db.error}\n`);
    if (db.status === 'missing') io.stderr(`mantis-sync-tui: ${db.label} not checked: ${db.error}\n`);
  }
  // A source file that does not parse hides its statements: said, so "ready" is not read as covering them.
  for (const file of contract?.loaded.unreadable ?? [])
    io.stderr(`mantis-sync-tui: ${file.file} not read: ${file.message}\n`);
  return exitCodeOf(report);
}

export const handle: Handler = (flags, _operands, io) => {
  const format = formatOf(flags, ['text', 'markdown', 'json']);
  return runVerifyCommand(
    configOf(flags, io),
    {
      format,
      verbose: flags.verbose,
      noColor: !flags.color,
      contract: contractSourceOf(flags),
      migrations: flags.migrations,
      target: flags.target,
    },
    io,
  );
};
