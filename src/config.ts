/**
 * env + flags → a validated Config. Everything a person can get wrong before a socket is opened
 * is caught here, with a one-line message that names the fix (exit 2).
 */

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Config, ConfigError, type DatabaseKey, type DatabaseLabel, type DatabaseTarget } from './core/config.js';
import {
  CHANNEL_BINDINGS,
  type ConnectionParameters,
  ConnectionUrlProblem,
  connectionParameters,
  namedFiles,
  SSL_MODES,
  splitUrl,
  unencodedCredentials,
} from './core/connection-url.js';
import {
  ENVIRONMENTS_FILE,
  type EnvironmentsFile,
  parseEnvironments,
  type ResolvedEnvironment,
} from './core/environments.js';
import { isPooledHost, redactUrl } from './core/redact.js';

export interface ConfigInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly issohUrl?: string | undefined;
  readonly sppUrl?: string | undefined;
  /** seconds */
  readonly connectTimeout?: number | undefined;
  /** seconds */
  readonly statementTimeout?: number | undefined;
  /** --as: the application's role */
  readonly appRole?: string | undefined;
  /** --env: the environment's URLs stand in for the variables (and the flags must not name others) */
  readonly environment?: ResolvedEnvironment | undefined;
  /** --read-only: every write refused (an environment can say so too) */
  readonly readOnly?: boolean | undefined;
}

export const ISSOH_ENV = ['ENTERPRISE_DATABASE_URL', 'DATABASE_URL'] as const;
export const SPP_ENV = ['NEON_SPP_DATABASE_URL'] as const;

const DEFAULT_CONNECT_TIMEOUT_S = 10;
const DEFAULT_STATEMENT_TIMEOUT_S = 30;

export function loadConfig(input: ConfigInput): Config {
  const { environment } = input;
  if (environment) {
    const flag = input.issohUrl !== undefined ? '--issoh-url' : input.sppUrl !== undefined ? '--spp-url' : null;
    if (flag) throw new ConfigError(`--env ${environment.name} and ${flag} both name a database: give one of them`);
  }
  // An environment's own URLs only: falling back to DATABASE_URL would mix two environments.
  const issoh = environment ? environment.issoh : pickUrl(input.issohUrl, '--issoh-url', ISSOH_ENV, input.env);
  const spp = environment ? environment.spp : pickUrl(input.sppUrl, '--spp-url', SPP_ENV, input.env);
  const missing: Array<{ key: DatabaseKey; label: string; settings: string }> = [];
  const unnamed = (key: string) => `"${key}" for environment ${environment?.name} in ${ENVIRONMENTS_FILE}`;
  if (!issoh)
    missing.push({
      key: 'issoh',
      label: 'IS-SOH',
      settings: environment ? unnamed('issoh') : `${ISSOH_ENV.join(' or ')} (or --issoh-url)`,
    });
  if (!spp)
    missing.push({
      key: 'spp',
      label: 'SPP',
      settings: environment ? unnamed('spp') : `${SPP_ENV.join(' or ')} (or --spp-url)`,
    });
  if (!issoh && !spp) {
    throw new ConfigError(
      `no database URL: set DATABASE_URL (or ${ISSOH_ENV[0]}) for IS-SOH and/or ${SPP_ENV[0]} for SPP, or pass --issoh-url / --spp-url; to try the tool on local databases, run mantis-sync-tui demo`,
    );
  }
  return {
    issoh: issoh ? target('issoh', 'IS-SOH', issoh.url, issoh.source) : null,
    spp: spp ? target('spp', 'SPP', spp.url, spp.source) : null,
    missing,
    connectTimeoutMs: seconds(input.connectTimeout, DEFAULT_CONNECT_TIMEOUT_S, '--connect-timeout') * 1000,
    statementTimeoutMs: seconds(input.statementTimeout, DEFAULT_STATEMENT_TIMEOUT_S, '--statement-timeout') * 1000,
    appRole: appRole(input.appRole),
    readOnly: input.readOnly === true || environment?.readOnly === true,
    ...(environment
      ? { environment: { name: environment.name, production: environment.production, readOnly: environment.readOnly } }
      : {}),
  };
}

function appRole(name: string | undefined): string | null {
  if (name === undefined) return null;
  if (name.trim() === '')
    throw new ConfigError('--as needs the name of the role the application connects as, e.g. --as app_user');
  return name.trim();
}

function pickUrl(
  flag: string | undefined,
  flagName: string,
  envNames: readonly string[],
  env: ConfigInput['env'],
): { url: string; source: string } | null {
  if (flag !== undefined && flag !== '') return { url: flag, source: flagName };
  for (const name of envNames) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { url: value.trim(), source: name };
  }
  return null;
}

function target(key: DatabaseKey, label: DatabaseLabel, url: string, source: string): DatabaseTarget {
  const { host, database, query } = validateUrl(url, source);
  const pooled = isPooledHost(host) || query.get('pgbouncer') === 'true';
  return { key, label, url, source, redactedUrl: redactUrl(url), host, database, pooled };
}

const EXPECTED = 'expected postgresql://USER:PASSWORD@HOST:5432/DBNAME?sslmode=require';

function validateUrl(url: string, source: string): ConnectionParameters {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/$/i.exec(splitUrl(url).prefix)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new ConfigError(`${source} is not a valid URL (${redactUrl(url)}): ${EXPECTED}`);
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new ConfigError(
      `${source} must start with postgresql:// (got ${scheme}://): expected postgresql://USER:PASSWORD@HOST/DBNAME`,
    );
  }
  const unencoded = unencodedCredentials(url);
  if (unencoded) throw new ConfigError(unencoded.in(source));
  let parameters: ConnectionParameters;
  try {
    parameters = connectionParameters(url);
  } catch (error) {
    if (error instanceof ConnectionUrlProblem) throw new ConfigError(error.in(source));
    throw error;
  }
  // The TLS settings are read with the WHATWG parser (db/tls): it must read this URL too.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${source} is not a valid URL (${redactUrl(url)}): ${EXPECTED}`);
  }
  if (!parameters.host) {
    throw new ConfigError(`${source} has no host: expected postgresql://USER:PASSWORD@HOST/DBNAME (or ?host=)`);
  }
  if (!parameters.database) {
    throw new ConfigError(`${source} names no database: add it after the host, e.g. …@${parameters.host}/neondb`);
  }
  // libpq's values only: a URL that works here works in psql too.
  const sslmode = parameters.query.get('sslmode') ?? null;
  if (sslmode !== null && !(SSL_MODES as readonly string[]).includes(sslmode)) {
    throw new ConfigError(
      `${source} has sslmode=${sslmode}: use one of ${SSL_MODES.join(', ')} (Neon needs require or stronger)`,
    );
  }
  const channelBinding = parameters.query.get('channel_binding') ?? null;
  if (channelBinding !== null && !(CHANNEL_BINDINGS as readonly string[]).includes(channelBinding)) {
    throw new ConfigError(`${source} has channel_binding=${channelBinding}: use one of ${CHANNEL_BINDINGS.join(', ')}`);
  }
  if (channelBinding === 'require' && sslmode === 'disable') {
    throw new ConfigError(
      `${source} has channel_binding=require with sslmode=disable: channel binding needs TLS, use sslmode=require`,
    );
  }
  for (const file of namedFiles(parsed)) {
    if (!existsSync(file.path))
      throw new ConfigError(
        `${source} has ${file.parameter}=${file.path}, which does not exist: give the path of the PEM file`,
      );
    // A file that is there but is not PEM would otherwise fail inside the TLS handshake, as a crash.
    const unreadable = pemProblem(file.parameter, file.path);
    if (unreadable)
      throw new ConfigError(
        `${source} has ${file.parameter}=${file.path}, which ${unreadable}: give a PEM ${file.parameter === 'sslkey' ? 'private key (not encrypted)' : 'certificate'} file`,
      );
  }
  return parameters;
}

/** Why a certificate or key file does not load as TLS would load it, or null when it does. */
function pemProblem(parameter: string, path: string): string | null {
  try {
    const content = readFileSync(path);
    if (parameter === 'sslkey') createPrivateKey(content);
    else new X509Certificate(content);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EISDIR' ? 'cannot be read' : 'does not load as PEM';
  }
}

function seconds(value: number | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${flag} must be a positive number of seconds (got ${String(value)})`);
  }
  return value;
}

export function targets(config: Config): DatabaseTarget[] {
  return [config.issoh, config.spp].filter((t): t is DatabaseTarget => t !== null);
}

/**
 * The environments file: --config FILE, else mantis-sync-tui.json in the working directory; null
 * when neither is there (nothing changes without one). A --config that cannot be read is a ConfigError.
 */
export function readEnvironmentsFile(configFlag: string | undefined, cwd: string): EnvironmentsFile | null {
  if (configFlag === '')
    throw new ConfigError('--config needs the path of an environments file (mantis-sync-tui.json)');
  const path = configFlag ?? ENVIRONMENTS_FILE;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (configFlag === undefined && code === 'ENOENT') return null;
    throw new ConfigError(
      `${configFlag !== undefined ? `--config ${path}` : path} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}): give the path of the environments file`,
    );
  }
  return parseEnvironments(text, path);
}

/** Where the tool keeps what it can rebuild (the intended state of a migration set): $XDG_CACHE_HOME, else ~/.cache. */
export function cacheDirectory(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(base, 'mantis-sync-tui');
}
