/**
 * verify: read both databases in parallel (one catalog query each, read-only sessions), check
 * them against the manifest, and report. A database that cannot be read is reported in its
 * place; the other one is still checked.
 */
import type { Config, DatabaseKey, DatabaseTarget } from '../config.js';
import { runChecks } from '../core/checks/index.js';
import { summarize } from '../core/finding.js';
import type { Manifest } from '../core/manifest.js';
import { missingReport, type DatabaseReport, type Report } from '../core/report.js';
import type { Snapshot } from '../core/snapshot.js';
import { openDatabase } from '../db/connect.js';
import { DbError } from '../db/errors.js';
import { introspect } from '../db/introspect.js';
import { loadJson, loadSql, loadTemplates } from '../sql.js';
import { VERSION } from '../version.js';

export interface VerifyDependencies {
  readonly manifest: Manifest;
  readonly templates: Readonly<Record<string, string>>;
  readonly now: () => Date;
}

export function defaultDependencies(now: () => Date = () => new Date()): VerifyDependencies {
  return { manifest: loadJson<Manifest>('manifest.json'), templates: loadTemplates(['evidence', 'fix', 'prereq']), now };
}

interface DatabaseRead {
  readonly report: DatabaseReport;
  readonly snapshot: Snapshot | null;
}

export async function verify(config: Config, deps: VerifyDependencies): Promise<Report> {
  const [issoh, spp] = await Promise.all([
    config.issoh ? readDatabase(config.issoh, config) : missing('issoh', config),
    config.spp ? readDatabase(config.spp, config) : missing('spp', config),
  ]);
  const findings = runChecks({ manifest: deps.manifest, templates: deps.templates, issoh: issoh.snapshot, spp: spp.snapshot });
  return {
    version: VERSION,
    generatedAt: deps.now().toISOString(),
    databases: { issoh: issoh.report, spp: spp.report },
    findings,
    summary: summarize(findings),
  };
}

function missing(key: DatabaseKey, config: Config): DatabaseRead {
  return { snapshot: null, report: missingReport(key, config.missing.find((m) => m.key === key)?.settings ?? key) };
}

/** `measureLatency` adds one `SELECT 1` round trip after the catalog query (the app shows it; verify does not need it). */
export async function readDatabase(target: DatabaseTarget, config: Config, measureLatency = false): Promise<DatabaseRead> {
  const db = openDatabase(target, {
    readOnly: true,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    max: 1,
  });
  const started = performance.now();
  const base = {
    label: target.label,
    url: target.redactedUrl,
    host: target.host,
    database: target.database,
    pooled: target.pooled,
  };
  try {
    const snapshot = await introspect(db);
    const elapsedMs = Math.round(performance.now() - started);
    const queries = db.queryCount;
    let latencyMs: number | null = null;
    if (measureLatency) {
      const pinged = performance.now();
      await db.query(loadSql('catalog/ping'));
      latencyMs = Math.round((performance.now() - pinged) * 10) / 10;
    }
    return {
      snapshot,
      report: {
        ...base,
        status: 'ok',
        serverVersion: snapshot.server.version.split(' on ')[0]?.split(',')[0] ?? snapshot.server.version,
        user: snapshot.server.currentUser,
        readOnly: snapshot.server.readOnly,
        superuser: snapshot.server.superuser,
        ssl: snapshot.server.ssl,
        queries,
        elapsedMs,
        latencyMs,
        error: null,
      },
    };
  } catch (error) {
    const message = error instanceof DbError ? error.message : `${target.label}: ${(error as Error).message}`;
    return {
      snapshot: null,
      report: {
        ...base,
        status: 'error',
        serverVersion: null,
        user: null,
        readOnly: null,
        superuser: null,
        ssl: null,
        queries: db.queryCount,
        elapsedMs: Math.round(performance.now() - started),
        latencyMs: null,
        error: message,
      },
    };
  } finally {
    await db.close();
  }
}
