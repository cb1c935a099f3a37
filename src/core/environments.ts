/**
 * Named environments (mantis-sync-tui.json): each names its IS-SOH and SPP URLs by the environment
 * variables that hold them, so the file can be committed and CI's secrets stay CI's. Pure: the
 * file's text and the environment come in, a validated list or one resolved environment comes out,
 * and every mistake is a ConfigError of one line that names the fix (exit 2).
 */
import { type Config, ConfigError } from './config.js';
import { connectionParameters } from './connection-url.js';

export const ENVIRONMENTS_FILE = 'mantis-sync-tui.json';

export interface EnvironmentSpec {
  readonly name: string;
  /** the name of the environment variable with IS-SOH's URL (or, discouraged, the URL itself); null: none */
  readonly issoh: string | null;
  readonly spp: string | null;
  /** the app draws a production environment in a warning colour */
  readonly production: boolean;
  /** every write is refused in this environment */
  readonly readOnly: boolean;
}

export interface EnvironmentsFile {
  /** as the person gave it or as found, for messages */
  readonly path: string;
  /** in the file's order */
  readonly environments: readonly EnvironmentSpec[];
}

/** What an environment resolves to: its URLs, each with the setting it came from, and what to warn of. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly production: boolean;
  readonly readOnly: boolean;
  readonly issoh: { readonly url: string; readonly source: string } | null;
  readonly spp: { readonly url: string; readonly source: string } | null;
  /** one line each: a URL with a password written in the file */
  readonly warnings: readonly string[];
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const KEYS = ['issoh', 'spp', 'production', 'readOnly'] as const;
const LABEL = { issoh: 'IS-SOH', spp: 'SPP' } as const;

const EXAMPLE = `e.g. {"environments": {"staging": {"issoh": "STAGING_DATABASE_URL", "spp": "STAGING_SPP_DATABASE_URL"}}}`;

/** Line and column of a character offset, as an editor counts them. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

export function parseEnvironments(text: string, path: string): EnvironmentsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position !== undefined ? ` at ${lineAndColumn(text, Number(position))}` : '';
    throw new ConfigError(
      `${path} is not valid JSON${where} (${message.replace(/ in JSON at position \d+.*$/, '')}): fix it, ${EXAMPLE}`,
    );
  }
  const environments = (parsed as { environments?: unknown } | null)?.environments;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    typeof environments !== 'object' ||
    environments === null ||
    Array.isArray(environments)
  )
    throw new ConfigError(`${path} must hold an object "environments" naming each environment: ${EXAMPLE}`);
  const entries = Object.entries(environments as Record<string, unknown>);
  if (entries.length === 0) throw new ConfigError(`${path} names no environment: ${EXAMPLE}`);
  return { path, environments: entries.map(([name, value]) => specOf(path, name, value)) };
}

function specOf(path: string, name: string, value: unknown): EnvironmentSpec {
  const at = `${path}: environment "${name}"`;
  if (!NAME.test(name))
    throw new ConfigError(`${at}: a name is letters, digits, '.', '_' and '-' (it is typed after --env)`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${at} must be an object, e.g. {"issoh": "DATABASE_URL", "spp": "NEON_SPP_DATABASE_URL"}`);
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !(KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new ConfigError(`${at} has "${unknown}": the keys are ${KEYS.join(', ')}`);
  const url = (key: 'issoh' | 'spp'): string | null => {
    const given = fields[key];
    if (given === undefined || given === null) return null;
    if (typeof given !== 'string' || given.trim() === '' || (!given.includes('://') && !VARIABLE.test(given)))
      throw new ConfigError(
        `${at}: "${key}" must name the environment variable that holds ${LABEL[key]}'s URL, e.g. "${suggestedVariable(name, key)}"`,
      );
    return given.trim();
  };
  const flag = (key: 'production' | 'readOnly'): boolean => {
    const given = fields[key] ?? false;
    if (typeof given !== 'boolean') throw new ConfigError(`${at}: "${key}" must be true or false`);
    return given;
  };
  const spec = {
    name,
    issoh: url('issoh'),
    spp: url('spp'),
    production: flag('production'),
    readOnly: flag('readOnly'),
  };
  if (spec.issoh === null && spec.spp === null)
    throw new ConfigError(`${at} names no database: give "issoh" and/or "spp", the variables that hold their URLs`);
  return spec;
}

/** The variable a URL written in the file should move to: STAGING_ISSOH_DATABASE_URL. */
const suggestedVariable = (environment: string, key: 'issoh' | 'spp') =>
  `${environment.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${key.toUpperCase()}_DATABASE_URL`;

function hasPassword(url: string): boolean {
  try {
    return connectionParameters(url).password !== '';
  } catch {
    // A URL that does not parse is said when it is used, as any other.
    return /:\/\/[^/@]*:[^/@]*@/.test(url);
  }
}

/** The environment named by --env, its URLs read from the variables it names. */
export function resolveEnvironment(
  file: EnvironmentsFile,
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedEnvironment {
  const spec = file.environments.find((e) => e.name === name);
  if (!spec)
    throw new ConfigError(
      `no environment "${name}" in ${file.path}: use one of ${file.environments.map((e) => e.name).join(', ')}`,
    );
  const warnings: string[] = [];
  const url = (key: 'issoh' | 'spp') => {
    const given = spec[key];
    if (given === null) return null;
    if (given.includes('://')) {
      if (hasPassword(given))
        warnings.push(
          `${file.path}: environment "${name}" writes ${LABEL[key]}'s URL with its password in the file: move the URL to an environment variable (e.g. ${suggestedVariable(name, key)}) and write its name there instead`,
        );
      return { url: given, source: `${file.path} (${name}.${key})` };
    }
    const value = env[given];
    if (value === undefined || value.trim() === '')
      throw new ConfigError(
        `environment "${name}": ${given} is not set (${file.path} names it for ${LABEL[key]}): export ${given}=postgresql://…, or fix the name in ${file.path}`,
      );
    return { url: value.trim(), source: given };
  };
  return { name, production: spec.production, readOnly: spec.readOnly, issoh: url('issoh'), spp: url('spp'), warnings };
}

/**
 * The app's environment switcher, as the CLI gives it (the app reads no file and no variable
 * itself): the environments file read when asked (null: there is none), and one environment of it
 * opened as a Config. Each throws a ConfigError of one line for a file that does not parse or a
 * variable that is not set.
 */
export interface EnvironmentSwitch {
  readonly read: () => EnvironmentsFile | null;
  readonly open: (
    file: EnvironmentsFile,
    name: string,
  ) => { readonly config: Config; readonly warnings: readonly string[] };
}
