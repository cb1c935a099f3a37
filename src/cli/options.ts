/** Flags → the plain options the handlers pass on: checked here, so a bad value is a usage error (exit 2). */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { ContractSource } from '../commands/contract.js';
import type { VerifyDependencies } from '../commands/verify.js';
import { cacheDirectory, loadConfig } from '../config.js';
import type { Config } from '../core/config.js';
import { CancelledError } from '../core/errors.js';
import type { CommandIO } from '../core/io.js';
import {
  DEFAULT_LOCK_TIMEOUT_MS,
  DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
  type RemediationSettings,
} from '../core/write-settings.js';
import { quoted } from '../output/json.js';
import { environmentOf } from './environments.js';
import type { Flags } from './flags.js';
import { type Command, FORMATS, type Format, formatsOf, UsageError } from './usage.js';

export type { Flags };

/** What the entry hands each command's handler: its flags, the words after the command, the world. */
export type Handler = (flags: Flags, operands: readonly string[], io: CommandIO) => Promise<number>;

/** The output format, one this command has (its table in usage.ts says which). */
export function formatOf(flags: Flags, command: Command): Format {
  const formats = formatsOf(command);
  const format = flags.json ? 'json' : ((flags.format ?? formats[0]) as Format);
  if (!formats.includes(format)) {
    const why = FORMATS.includes(format) ? ` here (${format} is verify's)` : '';
    const choices = formats.length > 2 ? `one of ${formats.join(', ')}` : formats.join(' or ');
    throw new UsageError(`--format must be ${choices}${why} (got ${flags.format})`);
  }
  return format;
}

export function configOf(flags: Flags, io: Pick<CommandIO, 'env' | 'stderr'>): Config {
  return loadConfig({
    environment: environmentOf(flags.env, flags.config, io),
    readOnly: flags.readOnly,
    env: io.env,
    issohUrl: flags.issohUrl,
    sppUrl: flags.sppUrl,
    connectTimeout: flags.connectTimeout,
    statementTimeout: flags.statementTimeout,
    appRole: flags.as,
  });
}

export function wholeNumber(flag: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0))
    throw new UsageError(`${flag} must be a whole number (got ${value})`);
  return value;
}

/** --lock-timeout in milliseconds, or undefined when not given. */
export function lockTimeoutOf(flags: Flags): number | undefined {
  const lockTimeout = flags.lockTimeout;
  if (lockTimeout !== undefined && !(lockTimeout > 0))
    throw new UsageError(`--lock-timeout must be a positive number of seconds (got ${lockTimeout})`);
  return lockTimeout !== undefined ? lockTimeout * 1000 : undefined;
}

/** The settings of a command that writes; a step's statement timeout is 60 s unless --statement-timeout says. */
export function writeSettingsOf(flags: Flags, config: Config): RemediationSettings {
  return {
    lockTimeoutMs: lockTimeoutOf(flags) ?? DEFAULT_LOCK_TIMEOUT_MS,
    statementTimeoutMs:
      flags.statementTimeout !== undefined ? config.statementTimeoutMs : DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
    allowPooled: flags.allowPooled,
    auditLog: flags.auditLog,
    exportDirectory: flags.exportDir,
  };
}

/** watch's --interval floor (the monitor polls; faster than this is load, not information) */
const MIN_INTERVAL_SECONDS = 0.5;

/** --interval in milliseconds, or undefined when not given. */
export function intervalOf(flags: Flags): number | undefined {
  const interval = flags.interval;
  if (interval !== undefined && !(interval >= MIN_INTERVAL_SECONDS))
    throw new UsageError(`--interval must be at least ${MIN_INTERVAL_SECONDS} seconds (got ${interval})`);
  return interval !== undefined ? interval * 1000 : undefined;
}

/** A question asked on the terminal; its answer, or CancelledError when the person stops. */
export type Prompt = (question: string) => Promise<string>;

/**
 * y/N and the database name, asked on the terminal (stderr, so stdout stays data). Ctrl-C (readline's
 * AbortError), Ctrl-D or a closed stdin (readline's close), or `signal` (SIGINT when the terminal is
 * not in raw mode) all end it the same way: CancelledError, never an answer.
 */
export async function ask(question: string, signal?: AbortSignal): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  let answered = false;
  const closed = new Promise<never>((_, reject) =>
    rl.once('close', () => {
      if (!answered) reject(new CancelledError());
    }),
  );
  closed.catch(() => {});
  try {
    const answer = await Promise.race([rl.question(question, signal ? { signal } : {}), closed]);
    answered = true;
    return answer;
  } catch (error) {
    if (error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError')) {
      // The cursor sits after the question: the message starts on a line of its own.
      process.stderr.write('\n');
      throw new CancelledError();
    }
    throw error;
  } finally {
    answered = true;
    rl.close();
  }
}

/** --app DIR or --contract FILE (one of them), or null when neither is given. */
export function contractSourceOf(flags: Flags): ContractSource | null {
  if (flags.app !== undefined && flags.contract !== undefined)
    throw new UsageError('--app and --contract are two sources of the same statements: give one');
  if (flags.app !== undefined) {
    if (flags.app === '') throw new UsageError('--app needs a directory');
    let isDirectory = false;
    try {
      isDirectory = statSync(flags.app).isDirectory();
    } catch {}
    if (!isDirectory)
      throw new UsageError(`--app ${flags.app}: no such directory (give the application's source tree)`);
    return { kind: 'app', directory: resolve(flags.app), includeTests: flags.includeTests };
  }
  if (flags.includeTests) throw new UsageError('--include-tests goes with --app DIR');
  if (flags.contract !== undefined) {
    if (flags.contract === '') throw new UsageError('--contract needs a file');
    return { kind: 'file', path: resolve(flags.contract) };
  }
  return null;
}

/** --context name=value, repeatable: the settings the application sets before its statements. */
export function contextOf(flags: Flags): Record<string, string> {
  const context: Record<string, string> = {};
  for (const pair of flags.context ?? []) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_][\w]*\.[A-Za-z_][\w.]*$/.test(name))
      throw new UsageError(
        `--context needs name=value with a dotted setting name, e.g. app.current_org_id=… (got ${quoted(pair)})`,
      );
    context[name] = pair.slice(at + 1);
  }
  return context;
}

/** verify's dependencies: with --migrations DIR, that set's intended state (built once, then cached), aimed at --target. */
export async function migrationDependencies(
  directory: string | undefined,
  io: Pick<CommandIO, 'env' | 'now' | 'stderr'>,
  target?: string,
): Promise<VerifyDependencies> {
  if (directory === undefined && target !== undefined)
    throw new UsageError('--target names a file of --migrations DIR: give both');
  if (directory !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = statSync(directory).isDirectory();
    } catch {}
    if (!isDirectory)
      throw new UsageError(`--migrations ${directory}: no such directory (give the migrations' directory)`);
  }
  // Loaded only here: a command without --migrations never pays for the migration files' machinery.
  const { dependenciesFor, TargetError } = await import('../commands/intended.js');
  try {
    return await dependenciesFor(
      directory && resolve(directory),
      cacheDirectory(io.env, homedir()),
      io.now,
      (dir) =>
        io.stderr(
          `mantis-sync-tui: building the intended state of ${dir} on a throwaway PostgreSQL 17 (kept in the cache for the next run)\n`,
        ),
      target,
    );
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
}
