/** Snapshot × Manifest → Finding[]: every check, in checklist order. Pure. */
import { type DatabaseName, type Finding, sortFindings } from '../finding.js';
import { unappliedFindings } from '../intended.js';
import { createdObjects, type Manifest } from '../manifest.js';
import type { Snapshot, TopologySnapshot } from '../snapshot.js';
import { checkConstraints } from './constraints.js';
import type { CheckContext } from './context.js';
import { checkEnums } from './enums.js';
import { checkFunctions } from './functions.js';
import { checkGrants } from './grants.js';
import { checkIndexes } from './indexes.js';
import { checkLedger } from './ledger.js';
import { checkLints } from './lints.js';
import { checkPartitionBounds, checkPartitions } from './partitions.js';
import { blockersOf, checkPrerequisites } from './prerequisites.js';
import { checkRealtime } from './realtime.js';
import { checkPlatformPolicies, checkRls } from './rls.js';
import { checkTables } from './tables.js';
import { checkTopology } from './topology.js';
import { checkVariants } from './variants.js';

export interface CheckInput {
  readonly manifest: Manifest;
  /** sql/evidence, sql/fix and sql/prereq templates by name */
  readonly templates: Readonly<Record<string, string>>;
  /** null when the database was not given or could not be read */
  readonly issoh: Snapshot | null;
  /** judged by its topology alone: verify reads no more of it */
  readonly spp: TopologySnapshot | null;
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
  checkRealtime,
  checkFunctions,
  checkGrants,
  checkLints,
];

/** A migration set's objects: judged by the same comparison, without 0024's prerequisites, layout and lints. */
const MIGRATION_SET_CHECKS = [
  checkEnums,
  checkTables,
  checkConstraints,
  checkIndexes,
  checkPartitions,
  checkPartitionBounds,
  checkRls,
  checkPlatformPolicies,
  checkRealtime,
  checkFunctions,
  checkGrants,
];

export function runChecks(input: CheckInput): Finding[] {
  const set = input.manifest.migrations;
  return set ? sortFindings(runMigrationSetChecks(input)) : runBuiltInChecks(input);
}

function runMigrationSetChecks(input: CheckInput): Finding[] {
  const set = input.manifest.migrations!;
  if (!input.issoh) return [];
  const ctx: CheckContext = {
    database: 'issoh',
    actual: input.issoh,
    other: input.spp,
    expected: input.manifest.expected,
    templates: input.templates,
    blockers: [],
    sameDatabase: input.sameDatabase === true,
    relations: set.relations,
    created: createdObjects(input.manifest),
    origins: set.origins,
  };
  return [
    ...unappliedFindings(ctx, set),
    ...checkLedger(ctx, set),
    ...checkVariants(ctx, input.manifest.variants ?? [], MIGRATION_SET_CHECKS),
    ...MIGRATION_SET_CHECKS.flatMap((check) => check(ctx)),
  ];
}

function runBuiltInChecks(input: CheckInput): Finding[] {
  const findings: Finding[] = [];
  const created = createdObjects(input.manifest);
  const context = <S extends TopologySnapshot>(
    database: DatabaseName,
    actual: S,
    other: TopologySnapshot | null,
    blockers: readonly string[],
  ): CheckContext<S> => ({
    database,
    actual,
    other,
    expected: input.manifest.expected,
    templates: input.templates,
    blockers,
    sameDatabase: input.sameDatabase === true,
    relations: created.relations,
    created,
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
