/**
 * contract: will the application's own statements work on this database? They are found in its
 * source (or a contract file the team keeps), and IS-SOH's server checks each one: parsed,
 * analysed, bound and planned in a read-only transaction (one round trip), or, with --execute, run
 * for real in a transaction that always rolls back.
 */

import { runChecks } from '../core/checks/index.js';
import type { Config } from '../core/config.js';
import {
  type ContractImpact,
  type ContractReport,
  type ContractStatement,
  type ContractTargets,
  contractFindings,
  contractImpact,
  contractTargets,
  judgeStatements,
  type ProbeMode,
  type ProbeResult,
  type StaleEntry,
  summarizeStatements,
  uncheckableReason,
} from '../core/contract.js';
import type { Manifest } from '../core/manifest.js';
import type { Snapshot } from '../core/snapshot.js';
import { type RemediationSettings, requireIssoh } from '../core/write-settings.js';
import type { Database } from '../db/connect.js';
import { checkStatements, executeStatements, probeInSavepoint } from '../db/contract.js';
import { introspect } from '../db/introspect.js';
import { readOnlyDatabase, stepOptions, writableDatabase } from '../db/session.js';
import type { StepClient } from '../db/transaction.js';
import { VERSION } from '../version.js';

/** Where the statements come from: the application's source, or a contract file. */
export type ContractSource =
  | { readonly kind: 'app'; readonly directory: string; readonly includeTests: boolean }
  | { readonly kind: 'file'; readonly path: string };

/** The statements, ready to be checked. */
export interface LoadedContract {
  readonly source: ContractSource;
  /** the application's directory (given, or named by the contract file) */
  readonly appDirectory: string;
  readonly statements: readonly ContractStatement[];
  readonly stale: readonly StaleEntry[];
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly message: string }>;
  readonly filesScanned: number | null;
  /** from the contract file; the command line's --as and --context come first */
  readonly role: string | null;
  readonly context: Readonly<Record<string, string>>;
}

/**
 * The parsers (oxc, PostgreSQL's own in WebAssembly) and the YAML reader are loaded here, when a
 * contract is asked for: a verify without one never pays for them.
 */
export async function loadContract(source: ContractSource, manifest: Manifest): Promise<LoadedContract> {
  const targets = contractTargets(manifest);
  if (source.kind === 'app') {
    const { scanApplication } = await import('../contract/scan.js');
    const scan = await scanApplication(source.directory, { targets, includeTests: source.includeTests });
    return {
      source,
      appDirectory: source.directory,
      statements: scan.statements,
      stale: [],
      unreadable: scan.unreadable,
      filesScanned: scan.filesScanned,
      role: null,
      context: {},
    };
  }
  const { readContractFile, staleEntries } = await import('../contract/file.js');
  const file = await readContractFile(source.path, targets);
  return {
    source,
    appDirectory: file.appDirectory,
    statements: file.statements,
    stale: await staleEntries(file, targets),
    unreadable: [],
    filesScanned: null,
    role: file.role,
    context: file.context,
  };
}

export { type ContractTargets, contractTargets };

export interface ProbeSettings {
  readonly mode: ProbeMode;
  readonly role: string | null;
  readonly context: Readonly<Record<string, string>>;
}

/** The application's statements as verify, plan, apply and rollback take them: found, and how to probe them. */
export interface VerifyContract {
  readonly loaded: LoadedContract;
  readonly settings: ProbeSettings;
}

/**
 * Probes the statements inside a write's transaction at the points it names (before the first
 * step, after each; before and after a rollback's drop), then says what each stretch changed.
 */
export function contractProbes<Point extends string | number>(contract: VerifyContract) {
  const statements = checkable(contract.loaded.statements);
  const probes = new Map<Point, ProbeResult>();
  let error: string | null = null;
  return {
    observe: async (client: StepClient, point: Point): Promise<void> => {
      if (error !== null) return;
      try {
        probes.set(point, await probeInSavepoint(client, statements, contract.settings));
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
    },
    /** `stretches`: each step (or the rollback) with the point that ends it; `start` the point before them all */
    impact: (
      start: Point,
      stretches: ReadonlyArray<{ readonly stepId: string; readonly point: Point }>,
    ): { readonly impact: ContractImpact | null; readonly impactError: string | null } => {
      const baseline = probes.get(start);
      if (!baseline || error !== null) return { impact: null, impactError: error ?? 'the statements were not checked' };
      return {
        impact: contractImpact(
          contract.loaded.statements,
          baseline,
          stretches.map(({ stepId, point }) => ({ stepId, probe: probes.get(point) ?? null })),
        ),
        impactError: null,
      };
    },
  };
}

/** The statements of --app DIR or --contract FILE, ready for verify, plan, apply and rollback; undefined without either. */
export async function contractFor(
  source: ContractSource | null | undefined,
  manifest: Manifest,
  role: string | null,
): Promise<VerifyContract | undefined> {
  if (!source) return undefined;
  const loaded = await loadContract(source, manifest);
  return { loaded, settings: probeSettingsOf(loaded, { role }) };
}

/** The role and context a probe runs with: the command line's, else the contract file's. */
export function probeSettingsOf(
  loaded: LoadedContract,
  options: {
    readonly execute?: boolean;
    readonly role?: string | null;
    readonly context?: Readonly<Record<string, string>>;
  },
): ProbeSettings {
  return {
    mode: options.execute ? 'execute' : 'check',
    role: options.role ?? loaded.role,
    context: { ...loaded.context, ...(options.context ?? {}) },
  };
}

/** The statements the server is asked about: the others are judged without it. */
export const checkable = (statements: readonly ContractStatement[]): ContractStatement[] =>
  statements.filter((s) => uncheckableReason(s) === null);

/** Which relations and columns a snapshot holds, for naming the object a failing statement lacks. */
export function presentIn(snapshot: Snapshot | null): {
  relations: ReadonlySet<string>;
  columns: ReadonlySet<string>;
} {
  return {
    relations: new Set((snapshot?.relations ?? []).map((r) => `${r.schema}.${r.name}`)),
    columns: new Set((snapshot?.columns ?? []).map((c) => `${c.relation}.${c.name}`)),
  };
}

/** The check on an open read-only session (verify's own, for its contract group). */
export async function probeOnSession(
  db: Pick<Database, 'query'>,
  loaded: LoadedContract,
  settings: ProbeSettings,
): Promise<ProbeResult> {
  return checkStatements(db, checkable(loaded.statements), { role: settings.role, context: settings.context });
}

export interface ContractRunOptions extends ProbeSettings {
  /** --execute writes (and rolls back): the write settings' timeouts and pooled refusal apply */
  readonly settings: RemediationSettings;
  readonly signal?: AbortSignal | undefined;
}

/** Reads IS-SOH's catalog (for the explanations) and has its server check every statement. */
export async function runContract(
  config: Config,
  loaded: LoadedContract,
  options: ContractRunOptions,
  deps: {
    readonly manifest: Manifest;
    readonly templates: Readonly<Record<string, string>>;
    readonly now: () => Date;
  },
): Promise<ContractReport> {
  const target = requireIssoh(config, 'contract');
  const toCheck = checkable(loaded.statements);
  const probeOptions = { role: options.role, context: options.context };
  const reader = readOnlyDatabase(target, config);
  let snapshot: Snapshot;
  let probe: ProbeResult;
  try {
    snapshot = await introspect(reader, { appRole: options.role });
    if (options.mode === 'check') probe = await checkStatements(reader, toCheck, probeOptions);
    else {
      const writer = writableDatabase(target, config, options.settings);
      try {
        probe =
          toCheck.length === 0
            ? { statements: [], sequencesAdvanced: {} }
            : await executeStatements(writer, toCheck, probeOptions, stepOptions(options.settings, options.signal));
      } finally {
        await writer.close();
      }
    }
  } finally {
    await reader.close();
  }
  const results = judgeStatements(loaded.statements, probe, presentIn(snapshot));
  const migration = runChecks({ manifest: deps.manifest, templates: deps.templates, issoh: snapshot, spp: null });
  return {
    version: VERSION,
    generatedAt: deps.now().toISOString(),
    database: {
      label: 'IS-SOH',
      url: target.redactedUrl,
      host: target.host,
      database: target.database,
      pooled: target.pooled,
    },
    mode: options.mode,
    role: options.role,
    source: loaded.source,
    statements: results,
    summary: summarizeStatements(results),
    stale: loaded.stale,
    unreadable: loaded.unreadable,
    filesScanned: loaded.filesScanned,
    sequencesAdvanced: probe.sequencesAdvanced,
    findings: contractFindings({
      statements: loaded.statements,
      results,
      stale: loaded.stale,
      migration: migration.filter((f) => f.database === 'issoh'),
      manifest: deps.manifest,
    }),
  };
}

/** 1 when a statement fails (as verify), else 0. */
export const contractExitCode = (report: ContractReport): 0 | 1 => (report.summary.fail > 0 ? 1 : 0);

/** contract --write: the statements as a contract file the team keeps (YAML, loaded only then). */
export async function writeContractFile(
  ...args: Parameters<typeof import('../contract/file.js').writeContractFile>
): Promise<void> {
  const file = await import('../contract/file.js');
  return file.writeContractFile(...args);
}
