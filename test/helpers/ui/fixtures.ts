/** Verification states for component tests, from the JSON snapshots captured from a real server. */
import { loadConfig } from '../../../src/config.js';
import type { DatabaseReport } from '../../../src/core/report.js';
import type { Snapshot } from '../../../src/core/snapshot.js';
import type { AppAction, AppState } from '../../../src/ui/appState.js';
import { appReducer, initialAppState } from '../../../src/ui/shell.js';
import {
  initialVerification,
  type VerificationState,
  verificationReducer,
} from '../../../src/ui/verification/state.js';
import { check, type FixtureName, snapshotFixture } from '../fixtures.js';

export const ISSOH_URL =
  'postgresql://ops:s3cret-pw@ep-cool-123.eu-central-1.aws.neon.tech/mantis_issoh?sslmode=require';
export const SPP_URL =
  'postgresql://ops:s3cret-pw@ep-calm-456-pooler.eu-central-1.aws.neon.tech/mantis_spp?sslmode=require';

export const configFor = (issoh: string | null = ISSOH_URL, spp: string | null = SPP_URL) =>
  loadConfig({ env: {}, issohUrl: issoh ?? undefined, sppUrl: spp ?? undefined });

/** What readDatabase reports for a database that answered with this snapshot. */
export function okReport(label: 'IS-SOH' | 'SPP', snapshot: Snapshot, url: string): DatabaseReport {
  const parsed = new URL(url);
  return {
    label,
    status: 'ok',
    url: url.replace(/:[^:@/]*@/, ':***@'),
    host: parsed.hostname,
    database: parsed.pathname.slice(1),
    pooled: parsed.hostname.includes('-pooler'),
    serverVersion: snapshot.server.version.split(' on ')[0] ?? snapshot.server.version,
    user: snapshot.server.currentUser,
    readOnly: snapshot.server.readOnly,
    lockTimeout: '5s',
    statementTimeout: '30s',
    waitedMs: 0,
    superuser: snapshot.server.superuser,
    ssl: true,
    queries: 1,
    elapsedMs: 56,
    latencyMs: 0.4,
    error: null,
  };
}

export function errorReport(label: 'IS-SOH' | 'SPP', error: string): DatabaseReport {
  return {
    ...okReport(label, snapshotFixture('spp-seed000'), SPP_URL),
    status: 'error',
    serverVersion: null,
    user: null,
    readOnly: null,
    superuser: null,
    ssl: null,
    error,
  };
}

export interface Scenario {
  readonly issoh?: FixtureName | { error: string } | null;
  readonly spp?: FixtureName | { error: string } | null;
}

/** The events of one verification run, as useVerification dispatches them. */
export function runEvents({ issoh = 'issoh-seed000', spp = 'spp-seed000' }: Scenario): AppAction[] {
  const snapshot = (s: Scenario['issoh']) => (typeof s === 'string' ? snapshotFixture(s) : null);
  const report = (label: 'IS-SOH' | 'SPP', s: Scenario['issoh'], url: string) =>
    typeof s === 'string' ? okReport(label, snapshotFixture(s), url) : s ? errorReport(label, s.error) : null;
  const events: AppAction[] = [{ type: 'verify/start', run: 1 }];
  const a = report('IS-SOH', issoh, ISSOH_URL);
  const b = report('SPP', spp, SPP_URL);
  if (a) events.push({ type: 'verify/database', run: 1, key: 'issoh', report: a });
  if (b) events.push({ type: 'verify/database', run: 1, key: 'spp', report: b });
  events.push({
    type: 'verify/complete',
    run: 1,
    findings: check(snapshot(issoh), snapshot(spp)),
    generatedAt: '2026-11-21T23:15:04.000Z',
  });
  return events;
}

export function appStateFor(scenario: Scenario = {}, actions: readonly AppAction[] = []): AppState {
  const config = configFor(scenario.issoh === null ? null : ISSOH_URL, scenario.spp === null ? null : SPP_URL);
  return [...runEvents(scenario), ...actions].reduce(appReducer, initialAppState(config, '0.1.0'));
}

export function verificationFor(scenario: Scenario = {}): VerificationState {
  const config = configFor(scenario.issoh === null ? null : ISSOH_URL, scenario.spp === null ? null : SPP_URL);
  return runEvents(scenario).reduce(
    (state, action) =>
      action.type.startsWith('verify/')
        ? verificationReducer(state, action as Parameters<typeof verificationReducer>[1])
        : state,
    initialVerification(config, '0.1.0'),
  );
}
