/**
 * The CLI handler of rollback: on a terminal, the rollback's dry run first (what drops, the rows,
 * where they are exported), then the database name typed; headless, --confirm. Then the rollback.
 */
import { type ContractSource, contractFor } from '../commands/contract.js';
import { type RollbackRun, rollback, rollbackTarget } from '../commands/rollback.js';
import type { Config, DatabaseTarget } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import type { RemediationSettings } from '../core/write-settings.js';
import { rollbackJson } from '../output/json.js';
import { renderImpact } from '../output/plan.js';
import { renderRollback } from '../output/rollback.js';
import { detectStyle, paint, type Style } from '../output/style.js';
import {
  configOf,
  contractSourceOf,
  formatOf,
  type Handler,
  migrationDependencies,
  type Prompt,
  writeSettingsOf,
} from './options.js';
import { lockWaitReporter, progressReporter } from './progress.js';
import { UsageError } from './usage.js';
import { consentTo, refuse, refusePooled, refuseReadOnly, reportWrite, runWrite } from './write-policy.js';

interface RollbackCommandOptions {
  readonly database: 'issoh' | 'spp';
  readonly dryRun: boolean;
  readonly confirm?: string | undefined;
  readonly discardData: boolean;
  readonly allowCascade: readonly string[];
  readonly json: boolean;
  readonly noColor: boolean;
  readonly prompt?: Prompt | undefined;
  readonly signal?: AbortSignal | undefined;
  /** --app DIR or --contract FILE: the rollback says which application statements it breaks */
  readonly contract: ContractSource | null;
  /** --migrations DIR: roll back what these files create instead of the built-in 0024 */
  readonly migrations: string | undefined;
}

async function runRollbackCommand(
  config: Config,
  settings: RemediationSettings,
  options: RollbackCommandOptions,
  io: CommandIO,
): Promise<number> {
  const target = rollbackTarget(config, options.database);
  const readOnly = refuseReadOnly(io, config, 'rollback');
  if (readOnly !== null) return readOnly;
  const pooled = refusePooled(io, target, settings);
  if (pooled !== null) return pooled;
  const deps = await migrationDependencies(options.migrations, io);
  const contract = await contractFor(options.contract, deps.manifest, config.appRole ?? null);
  const style = detectStyle({ isTTY: io.stdoutIsTTY, env: io.env, noColor: options.noColor });
  const run = (dryRun: boolean, exportDirectory?: string) =>
    rollback(config, settings, {
      contract,
      deps,
      database: options.database,
      dryRun,
      discardData: options.discardData,
      allowCascade: options.allowCascade,
      exportDirectory,
      ...progressReporter('exporting', io),
      signal: options.signal,
      onWaiting: lockWaitReporter(io),
      io,
    });
  let exportDirectory: string | undefined;
  if (!options.dryRun) {
    // On a terminal, what is at stake comes before the name is asked: the rollback's own dry run
    // (what drops, the rows, where they go). One it refuses or cannot make is the answer itself.
    const asking = options.confirm === undefined && options.prompt !== undefined;
    const preview = asking ? await run(true) : null;
    if (preview && preview.result.outcome !== 'dry-run')
      return report(preview, target, contract !== undefined, options, style, io);
    exportDirectory = preview?.exportDirectory;
    const confirmed = await consentTo(
      {
        action: options.discardData
          ? 'Rolling back 0024 WITHOUT exporting its rows (--discard-data)'
          : 'Rolling back 0024',
        question: `Roll back 0024 on ${target.label} ${target.host}/${target.database}${options.discardData ? ', its rows NOT exported' : ''}?`,
        stakes: preview
          ? () =>
              `${renderRollback(target, preview.result, style, { stakes: true })}${options.discardData ? paint(style, 'red', 'its rows are NOT exported (--discard-data): they are gone for good') : `every row is exported to ${preview.exportDirectory} and checked before anything is dropped`}\n`
          : undefined,
        database: target.database,
        to: 'roll back',
        environment: config.environment,
      },
      { yes: false, confirm: options.confirm, prompt: options.prompt },
      io,
    );
    if (confirmed !== true) return refuse(io, confirmed);
  }
  return report(await run(options.dryRun, exportDirectory), target, contract !== undefined, options, style, io);
}

/** The rollback's result once (stdout), its error once (stderr), its exit code. */
function report(
  run: RollbackRun,
  target: DatabaseTarget,
  withContract: boolean,
  options: RollbackCommandOptions,
  style: Style,
  io: CommandIO,
): number {
  const { result, impact, impactError } = run;
  const contract = withContract ? { impact, error: impactError } : null;
  return reportWrite(io, {
    outcome: result.outcome,
    output: options.json
      ? rollbackJson(target, result, contract)
      : `${renderRollback(target, result, style)}${contract ? `${renderImpact(impact, impactError, [], style, () => 'the rollback', 'the rollback').join('\n')}\n` : ''}`,
    error: result.error,
    auditError: run.auditError,
    what: `the rollback (${result.outcome})`,
  });
}

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags, 'rollback') === 'json';
  const config = configOf(flags, io);
  const settings = writeSettingsOf(flags, config);
  const database = flags.database ?? 'issoh';
  if (database !== 'issoh' && database !== 'spp')
    throw new UsageError(`--database must be issoh or spp (got ${database})`);
  return runWrite(io, (signal, prompt) =>
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
        prompt,
        signal,
        contract: contractSourceOf(flags),
        migrations: flags.migrations,
      },
      io,
    ),
  );
};
