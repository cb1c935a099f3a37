/** The CLI handler of contract: find the application's statements, write them down, or have the server check them. */
import {
  contractExitCode,
  loadContract,
  probeSettingsOf,
  runContract,
  writeContractFile,
} from '../commands/contract.js';
import { defaultDependencies } from '../commands/verify.js';
import type { CommandIO } from '../core/io.js';
import { count } from '../core/words.js';
import { contractJson, renderContract } from '../output/contract.js';
import { detectStyle } from '../output/style.js';
import { EXIT } from './exit.js';
import { configOf, contextOf, contractSourceOf, formatOf, type Handler, writeSettingsOf } from './options.js';
import { UsageError } from './usage.js';
import { refuseReadOnly } from './write-policy.js';

export const handle: Handler = async (flags, _operands, io: CommandIO) => {
  const json = formatOf(flags, 'contract') === 'json';
  const source = contractSourceOf(flags);
  if (!source) throw new UsageError('contract needs --app DIR (the application source) or --contract FILE');
  const context = contextOf(flags);
  if (flags.write !== undefined && source.kind !== 'app')
    throw new UsageError('--write needs --app DIR: it writes what the scan of the application found');
  const deps = defaultDependencies(io.now);
  const loaded = await loadContract(source, deps.manifest);
  if (flags.write !== undefined) {
    await writeContractFile(flags.write, {
      appDirectory: loaded.appDirectory,
      role: flags.as ?? null,
      context,
      statements: loaded.statements,
    });
    io.stdout(
      `wrote ${count(loaded.statements.length, 'statement')} from ${count(loaded.filesScanned ?? 0, 'file')} to ${flags.write}\n`,
    );
    for (const file of loaded.unreadable) io.stderr(`mantis-sync-tui: ${file.file} not read: ${file.message}\n`);
    return EXIT.ok;
  }
  const config = configOf(flags, io);
  if (flags.execute) {
    const readOnly = refuseReadOnly(io, config, 'contract --execute');
    if (readOnly !== null) return readOnly;
  }
  const report = await runContract(
    config,
    loaded,
    {
      ...probeSettingsOf(loaded, { execute: flags.execute, role: flags.as ?? null, context }),
      settings: writeSettingsOf(flags, config),
    },
    deps,
  );
  io.stdout(
    json
      ? contractJson(report)
      : renderContract(report, {
          style: detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: !flags.color }),
          verbose: flags.verbose,
        }),
  );
  return contractExitCode(report);
};
