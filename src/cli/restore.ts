/** The CLI handler of restore: what the export holds, confirmed (--yes, or y on a terminal), the restore, its report. */
import { exportSummary, restore, restoreRefusal } from '../commands/restore.js';
import { rollbackTarget } from '../commands/rollback.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import type { RemediationSettings } from '../core/write-settings.js';
import { restoreJson } from '../output/json.js';
import { renderExportSummary, renderRestore } from '../output/rollback.js';
import { detectStyle } from '../output/style.js';
import { EXIT } from './exit.js';
import { configOf, formatOf, type Handler, type Prompt, writeSettingsOf } from './options.js';
import { lockWaitReporter, progressReporter } from './progress.js';
import { UsageError } from './usage.js';
import { consentTo, refuse, refusePooled, refuseReadOnly, reportWrite, runWrite } from './write-policy.js';

interface RestoreCommandOptions {
  readonly directory: string;
  readonly yes: boolean;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: Prompt | undefined;
  readonly signal?: AbortSignal | undefined;
}

async function runRestoreCommand(
  config: Config,
  settings: RemediationSettings,
  options: RestoreCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = rollbackTarget(config, 'issoh', 'restore');
  const readOnly = refuseReadOnly(io, config, 'restore');
  if (readOnly !== null) return readOnly;
  const pooled = refusePooled(io, target, settings);
  if (pooled !== null) return pooled;
  const unusable = restoreRefusal(options.directory);
  if (unusable) {
    io.stderr(`mantis-sync-tui: ${unusable}\n`);
    return EXIT.usage;
  }
  const confirmed = await consentTo(
    {
      action: 'restore writes to the database',
      question: `Re-apply 0024 on ${target.label} ${target.host}/${target.database} and load the rows from ${options.directory}?`,
      stakes: () => renderExportSummary(exportSummary(options.directory)),
    },
    { yes: options.yes, prompt: options.prompt },
    io,
  );
  if (confirmed !== true) return refuse(io, confirmed);
  const { result, auditError } = await restore(config, settings, {
    directory: options.directory,
    ...progressReporter('restoring', io),
    signal: options.signal,
    onWaiting: lockWaitReporter(io),
    io,
  });
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  return reportWrite(io, {
    outcome: result.outcome,
    output: options.json ? restoreJson(target, result) : renderRestore(result, style),
    error: result.error,
    auditError,
    what: `the restore (${result.outcome})`,
  });
}

export const handle: Handler = (flags, operands, io) => {
  const [directory] = operands;
  if (directory === undefined) throw new UsageError('restore needs the export directory: mantis-sync-tui restore DIR');
  const json = formatOf(flags, 'restore') === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  return runWrite(io, (signal, prompt) =>
    runRestoreCommand(config, settings, { directory, yes: flags.yes, json, noColor: !flags.color, prompt, signal }, io),
  );
};
