/** The CLI handler of rollback: the database name confirmed (unless --dry-run), the rollback, its report. */
import { type ContractSource, contractFor } from '../commands/contract.js';
import { rollback, rollbackTarget } from '../commands/rollback.js';
import { defaultDependencies } from '../commands/verify.js';
import type { Config, DatabaseTarget } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import type { RestoreResult, RollbackResult } from '../core/rollback.js';
import { pooledRefusal, type RemediationSettings } from '../core/write-settings.js';
import { renderImpact } from '../output/plan.js';
import { renderRollback } from '../output/rollback.js';
import { detectStyle } from '../output/style.js';
import { auditLogFailed, EXIT } from './exit.js';
import { withInterrupt } from './interrupt.js';
import { ask, configOf, contractSourceOf, formatOf, type Handler, writeSettingsOf } from './options.js';
import { progressReporter } from './progress.js';
import { UsageError } from './usage.js';

interface RollbackCommandOptions {
  readonly database: 'issoh' | 'spp';
  readonly dryRun: boolean;
  readonly confirm?: string | undefined;
  readonly discardData: boolean;
  readonly allowCascade: readonly string[];
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** --app DIR or --contract FILE: the rollback says which application statements it breaks */
  readonly contract: ContractSource | null;
}

/** The exit code of a rollback's or a restore's outcome. */
export const ROLLBACK_EXIT: Record<RollbackResult['outcome'] | RestoreResult['outcome'], number> = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  refused: EXIT.refused,
  'rolled-back': EXIT.findings,
  failed: EXIT.database,
  // the export directory cannot be made or filled: a bad --export-dir, found before anything was locked
  'unusable-export': EXIT.usage,
  interrupted: 130,
};

/** Severe: the database name, typed or given with --confirm, and nothing else. */
async function confirmName(
  target: DatabaseTarget,
  action: string,
  options: Pick<RollbackCommandOptions, 'confirm' | 'prompt'>,
): Promise<true | string> {
  if (options.confirm !== undefined) {
    return options.confirm === target.database
      ? true
      : `refused: --confirm=${options.confirm} does not name the database (${target.database}); nothing was changed`;
  }
  if (!options.prompt)
    return `refused: ${action} is severe: pass --confirm=${target.database} (stdin is not a terminal to type it); nothing was changed`;
  const typed = await options.prompt(
    `${action} on ${target.label} ${target.host}/${target.database}. Type the database name to go on: `,
  );
  return typed.trim() === target.database ? true : 'not confirmed: nothing was changed';
}

async function runRollbackCommand(
  config: Config,
  settings: RemediationSettings,
  options: RollbackCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = rollbackTarget(config, options.database);
  const refusal = pooledRefusal(target, settings);
  if (refusal) {
    io.stderr(`mantis-sync-tui: ${refusal}\n`);
    return EXIT.refused;
  }
  if (!options.dryRun) {
    const action = options.discardData
      ? 'Rolling back 0024 WITHOUT exporting its rows (--discard-data)'
      : 'Rolling back 0024';
    const confirmed = await confirmName(target, action, options);
    if (confirmed !== true) {
      io.stderr(`mantis-sync-tui: ${confirmed}\n`);
      return EXIT.refused;
    }
  }
  const contract = await contractFor(options.contract, defaultDependencies(io.now).manifest, config.appRole ?? null);
  const { result, auditError, impact, impactError } = await rollback(config, settings, {
    contract,
    database: options.database,
    dryRun: options.dryRun,
    discardData: options.discardData,
    allowCascade: options.allowCascade,
    ...progressReporter('exporting', io),
    signal: options.signal,
    io,
  });
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  if (options.json)
    io.stdout(
      `${JSON.stringify({ database: target.redactedUrl, ...result, ...(contract ? { contract: { impact, error: impactError } } : {}) }, null, 2)}\n`,
    );
  else {
    io.stdout(renderRollback(target, result, style));
    if (contract)
      io.stdout(`${renderImpact(impact, impactError, [], style, () => 'the rollback', 'the rollback').join('\n')}\n`);
  }
  if (result.error) io.stderr(`mantis-sync-tui: ${result.error}\n`);
  if (auditError) return auditLogFailed(io, `the rollback (${result.outcome})`, auditError);
  return ROLLBACK_EXIT[result.outcome];
}

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags) === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  const database = flags.database ?? 'issoh';
  if (database !== 'issoh' && database !== 'spp')
    throw new UsageError(`--database must be issoh or spp (got ${database})`);
  return withInterrupt((signal) =>
    runRollbackCommand(
      config,
      settings,
      {
        database,
        dryRun: flags.dryRun,
        confirm: flags.confirm,
        discardData: flags.discardData,
        allowCascade: flags.allowCascade ?? [],
        json,
        noColor: !flags.color,
        prompt: io.stdinIsTTY ? ask : undefined,
        signal,
        contract: contractSourceOf(flags),
      },
      io,
    ),
  );
};
