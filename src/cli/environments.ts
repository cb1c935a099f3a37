/**
 * --env, --config, verify --all and diff's operands → the environments of mantis-sync-tui.json,
 * each resolved from the variables it names. A mistake is one line that names the fix (exit 2).
 */
import type { NamedConfig } from '../commands/verify-all.js';
import { loadConfig, readEnvironmentsFile } from '../config.js';
import { ConfigError } from '../core/config.js';
import {
  ENVIRONMENTS_FILE,
  type EnvironmentSwitch,
  type EnvironmentsFile,
  type ResolvedEnvironment,
  resolveEnvironment,
} from '../core/environments.js';
import type { CommandIO } from '../core/io.js';
import { UsageError } from './usage.js';

type World = Pick<CommandIO, 'env' | 'stderr'>;

/** The environments file that must be there: --config FILE, or ./mantis-sync-tui.json. */
function environmentsFile(configFlag: string | undefined, why: string): EnvironmentsFile {
  const file = readEnvironmentsFile(configFlag, process.cwd());
  if (!file)
    throw new ConfigError(
      `${why} needs ${ENVIRONMENTS_FILE} in the working directory (${process.cwd()}), or --config FILE: write one naming each environment's URL variables (see the README, "CI and many databases")`,
    );
  return file;
}

function resolved(file: EnvironmentsFile, name: string, io: World): ResolvedEnvironment {
  const environment = resolveEnvironment(file, name, io.env);
  for (const warning of environment.warnings) io.stderr(`mantis-sync-tui: warning: ${warning}\n`);
  return environment;
}

/**
 * --env NAME resolved; without --env, undefined (nothing changes then), unless --config FILE names
 * where the environments are: its only environment, or one line listing them to pick from.
 */
export function environmentOf(
  envFlag: string | undefined,
  configFlag: string | undefined,
  io: World,
): ResolvedEnvironment | undefined {
  if (envFlag === undefined) {
    if (configFlag === undefined) return undefined;
    const file = environmentsFile(configFlag, `--config ${configFlag}`);
    const [only, ...others] = file.environments;
    if (only && others.length === 0) return resolved(file, only.name, io);
    throw new UsageError(
      `--config ${configFlag} names ${file.environments.map((e) => e.name).join(', ')}: add --env NAME to pick one`,
    );
  }
  if (envFlag.trim() === '') throw new UsageError('--env needs the name of an environment of mantis-sync-tui.json');
  return resolved(environmentsFile(configFlag, `--env ${envFlag}`), envFlag, io);
}

export interface EnvironmentFlags {
  readonly config?: string | undefined;
  readonly connectTimeout?: number | undefined;
  readonly statementTimeout?: number | undefined;
  readonly as?: string | undefined;
}

/** The named environments (every one, in the file's order, when `names` is undefined), each as a Config. */
export function environmentConfigs(
  flags: EnvironmentFlags,
  names: readonly string[] | undefined,
  why: string,
  io: World,
): NamedConfig[] {
  const file = environmentsFile(flags.config, why);
  return (names ?? file.environments.map((e) => e.name)).map((name) => ({
    name,
    config: loadConfig({
      env: io.env,
      environment: resolved(file, name, io),
      connectTimeout: flags.connectTimeout,
      statementTimeout: flags.statementTimeout,
      appRole: flags.as,
    }),
  }));
}

/**
 * The app's switcher: mantis-sync-tui.json (or --config FILE) read each time it is opened, so an
 * edit is seen; the chosen environment loaded as --env NAME would load it, --read-only kept.
 */
export function environmentSwitch(
  flags: EnvironmentFlags & { readonly readOnly?: boolean | undefined },
  io: Pick<CommandIO, 'env'>,
): EnvironmentSwitch {
  const cwd = process.cwd();
  return {
    read: () => readEnvironmentsFile(flags.config, cwd),
    open: (file, name) => {
      const environment = resolveEnvironment(file, name, io.env);
      const config = loadConfig({
        env: io.env,
        environment,
        readOnly: flags.readOnly,
        connectTimeout: flags.connectTimeout,
        statementTimeout: flags.statementTimeout,
        appRole: flags.as,
      });
      return { config, warnings: environment.warnings };
    },
  };
}
