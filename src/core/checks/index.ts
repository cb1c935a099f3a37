/** Snapshot × Manifest → Finding[]: every check, in checklist order. Pure. */
import { type DatabaseName, type Finding, sortFindings } from '../finding.js';
import type { Manifest } from '../manifest.js';
import type { Snapshot } from '../snapshot.js';
import { checkConstraints } from './constraints.js';
import type { CheckContext } from './context.js';
import { checkEnums } from './enums.js';
import { checkFunctions } from './functions.js';
import { checkGrants } from './grants.js';
import { checkIndexes } from './indexes.js';
import { checkLints } from './lints.js';
import { checkPartitions } from './partitions.js';
import { blockersOf, checkPrerequisites } from './prerequisites.js';
import { checkRls } from './rls.js';
import { checkTables } from './tables.js';
import { checkTopology } from './topology.js';

export interface CheckInput {
  readonly manifest: Manifest;
  /** sql/evidence, sql/fix and sql/prereq templates by name */
  readonly templates: Readonly<Record<string, string>>;
  /** null when the database was not given or could not be read */
  readonly issoh: Snapshot | null;
  readonly spp: Snapshot | null;
  /** both URLs reach one database: it is checked once, as IS-SOH, and SPP's own checks say so */
  readonly sameDatabase?: boolean;
}

const MIGRATION_CHECKS = [
  checkEnums,
  checkTables,
  checkConstraints,
  checkIndexes,
  checkPartitions,
  checkRls,
  checkFunctions,
  checkGrants,
  checkLints,
];

export function runChecks(input: CheckInput): Finding[] {
  const findings: Finding[] = [];
  const context = (
    database: DatabaseName,
    actual: Snapshot,
    other: Snapshot | null,
    blockers: readonly string[],
  ): CheckContext => ({
    database,
    actual,
    other,
    expected: input.manifest.expected,
    templates: input.templates,
    blockers,
    sameDatabase: input.sameDatabase === true,
  });
  if (input.issoh) {
    const base = context('issoh', input.issoh, input.spp, []);
    const prerequisites = checkPrerequisites(base);
    const ctx = { ...base, blockers: blockersOf(prerequisites) };
    findings.push(...checkTopology(ctx), ...prerequisites);
    for (const check of MIGRATION_CHECKS) findings.push(...check(ctx));
  }
  if (input.spp) {
    findings.push(...checkTopology(context('spp', input.spp, input.issoh, [])));
  }
  return sortFindings(findings);
}
