/** The CLI handler of restore: confirmed (--yes or y on a terminal), the restore, its report. */
import { restore, restoreRefusal } from '../commands/restore.js';
import { rollbackTarget } from '../commands/rollback.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { pooledRefusal, type RemediationSettings } from '../core/write-settings.js';
import { renderRestore } from '../output/rollback.js';
import { detectStyle } from '../output/style.js';
import { auditLogFailed, EXIT } from './exit.js';
import { withInterrupt } from './interrupt.js';
import { ask, configOf, formatOf, type Handler, writeSettingsOf } from './options.js';
import { progressReporter } from './progress.js';
import { ROLLBACK_EXIT } from './rollback.js';
import { UsageError } from './usage.js';

interface RestoreCommandOptions {
  readonly directory: string;
  readonly yes: boolean;
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

async function runRestoreCommand(
  config: Config,
  settings: RemediationSettings,
  options: RestoreCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = rollbackTarget(config, 'issoh', 'restore');
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  const unusable = restoreRefusal(options.directory);
  if (unusable) {
    io.stderr(`mantis-sync-tui: ${unusable}\n`);
    return EXIT.usage;
  }
  if (!options.yes) {
    if (!options.prompt) {
      io.stderr(
        'mantis-sync-tui: refused: restore writes to the database and nobody can confirm here (stdin is not a terminal): pass --yes\n',
      );
      return EXIT.refused;
    }
    const answer = await options.prompt(
      `Re-apply 0024 on ${target.label} ${target.host}/${target.database} and load the rows from ${options.directory}? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stderr('mantis-sync-tui: not confirmed: nothing was changed\n');
      return EXIT.refused;
    }
  }
  const { result, auditError } = await restore(config, settings, {
    directory: options.directory,
    ...progressReporter('restoring', io),
    signal: options.signal,
    io,
  });
  if (options.json) io.stdout(`${JSON.stringify({ database: target.redactedUrl, ...result }, null, 2)}\n`);
  else io.stdout(renderRestore(result, detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor })));
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  if (auditError) return auditLogFailed(io, `the restore (${result.outcome})`, auditError);
  return ROLLBACK_EXIT[result.outcome];
}

export const handle: Handler = (flags, operands, io) => {
  const [directory] = operands;
  if (directory === undefined) throw new UsageError('restore needs the export directory: mantis-sync-tui restore DIR');
  const json = formatOf(flags) === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  return withInterrupt((signal) =>
    runRestoreCommand(
      config,
      settings,
      { directory, yes: flags.yes, json, noColor: !flags.color, prompt: io.stdinIsTTY ? ask : undefined, signal },
      io,
    ),
  );
};
