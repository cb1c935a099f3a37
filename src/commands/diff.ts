/**
 * diff ENV_A ENV_B: both environments' databases read at once (one catalog query each, read-only),
 * then IS-SOH against IS-SOH and SPP against SPP, object by object (core/snapshot-diff).
 */
import type { DatabaseKey, DatabaseTarget } from '../core/config.js';
import type { Finding } from '../core/finding.js';
import type { DatabaseReport } from '../core/report.js';
import { diffSnapshots } from '../core/snapshot-diff.js';
import { loadTemplates } from '../sql.js';
import { type DatabaseRead, readDatabase } from './verify.js';
import type { NamedConfig } from './verify-all.js';

export interface DiffResult {
  readonly a: string;
  readonly b: string;
  readonly findings: readonly Finding[];
  /** each environment's databases as they were read */
  readonly databases: Readonly<Record<string, Readonly<Partial<Record<DatabaseKey, DatabaseReport>>>>>;
  /** one line per database that could not be read: its comparison is missing (exit 4) */
  readonly unreadable: readonly string[];
  /** one line per database only one environment names: nothing to compare it with */
  readonly uncompared: readonly string[];
}

const KEYS: readonly DatabaseKey[] = ['issoh', 'spp'];

export async function diffEnvironments(a: NamedConfig, b: NamedConfig): Promise<DiffResult> {
  const read = (side: NamedConfig, key: DatabaseKey): Promise<DatabaseRead | null> => {
    const target: DatabaseTarget | null = side.config[key];
    return target ? readDatabase(target, side.config) : Promise.resolve(null);
  };
  const [aIssoh, aSpp, bIssoh, bSpp] = await Promise.all([
    read(a, 'issoh'),
    read(a, 'spp'),
    read(b, 'issoh'),
    read(b, 'spp'),
  ]);
  const reads = { issoh: [aIssoh, bIssoh], spp: [aSpp, bSpp] } as const;
  const templates = loadTemplates(['evidence']);
  const findings: Finding[] = [];
  const unreadable: string[] = [];
  const uncompared: string[] = [];
  for (const key of KEYS) {
    const [left, right] = reads[key];
    for (const [side, found] of [
      [a, left],
      [b, right],
    ] as const)
      if (found?.report.status === 'error') unreadable.push(`${side.name}: ${found.report.error}`);
    if (left?.snapshot && right?.snapshot) {
      findings.push(
        ...diffSnapshots({
          database: key,
          a: { name: a.name, snapshot: left.snapshot },
          b: { name: b.name, snapshot: right.snapshot },
          templates,
        }),
      );
    } else if (Boolean(left) !== Boolean(right)) {
      const [has, lacks] = left ? [a.name, b.name] : [b.name, a.name];
      uncompared.push(
        `${key === 'issoh' ? 'IS-SOH' : 'SPP'} not compared: ${lacks} names no such database (${has} does)`,
      );
    }
  }
  const reports = (issoh: DatabaseRead | null, spp: DatabaseRead | null) => ({
    ...(issoh ? { issoh: issoh.report } : {}),
    ...(spp ? { spp: spp.report } : {}),
  });
  return {
    a: a.name,
    b: b.name,
    findings,
    databases: { [a.name]: reports(aIssoh, aSpp), [b.name]: reports(bIssoh, bSpp) },
    unreadable,
    uncompared,
  };
}
