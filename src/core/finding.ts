/**
 * A Finding is the unit everything speaks in (DESIGN.md): one fact about one object in one
 * database, with the SQL that proves it and, where a machine can mend it, the SQL that does.
 */

import { collate } from './collation.js';

export type Status = 'pass' | 'fail' | 'warn' | 'blocked' | 'skip';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type DatabaseName = 'issoh' | 'spp';

/** Seed 003's categories A–F, plus lint and topology. */
export type Category =
  | 'missing-object'
  | 'divergent-definition'
  | 'rls'
  | 'grants'
  | 'realtime'
  | 'storage'
  | 'lint'
  | 'topology'
  | 'contract';

/** The checklist groups: seed 001's validation tasks, in display order. */
export const GROUPS = [
  'migrations',
  'topology',
  'prerequisites',
  'enums',
  'tables',
  'constraints',
  'indexes',
  'partitions',
  'rls',
  'functions',
  'grants',
  'lints',
  'contract',
] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_TITLES: Record<Group, string> = {
  migrations: 'Migration files',
  topology: 'Topology',
  prerequisites: 'Prerequisites',
  enums: 'Enum types',
  tables: 'Tables and columns',
  constraints: 'Constraints',
  indexes: 'Indexes',
  partitions: 'Partitions',
  rls: 'RLS and policies',
  functions: 'Functions and triggers',
  grants: 'Grants',
  lints: 'Lints',
  contract: 'Application contract',
};

export interface Finding {
  /** unique within a report: "<database>:<code>:<object>" */
  readonly id: string;
  readonly code: string;
  readonly category: Category;
  readonly group: Group;
  readonly severity: Severity;
  readonly database: DatabaseName;
  /** the object the finding is about, qualified: "public.sync_progress.org_id", "public.idx_…" */
  readonly object: string;
  readonly title: string;
  readonly status: Status;
  readonly expected: string;
  readonly actual: string;
  /** SQL a person can paste into psql to see the same fact */
  readonly evidence: string;
  /** SQL that mends it, or null where a person must decide */
  readonly fix: string | null;
  readonly impact: string;
  /** codes of the findings that must pass before this one can be judged */
  readonly blockedBy: readonly string[];
  /** where in the application's source the finding points (an application statement's file and line) */
  readonly location?: SourceLocation;
}

export interface SourceLocation {
  /** relative to the application's directory, '/'-separated */
  readonly file: string;
  readonly line: number;
}

export interface Summary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly blocked: number;
  readonly skip: number;
  readonly total: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const counts = { pass: 0, fail: 0, warn: 0, blocked: 0, skip: 0 };
  for (const finding of findings) counts[finding.status]++;
  return { ...counts, total: findings.length };
}

const STATUS_RANK: Record<Status, number> = { fail: 0, blocked: 1, warn: 2, skip: 3, pass: 4 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Worst first; stable on group order, then database, then object. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) ||
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      collate(a.database, b.database) ||
      collate(a.object, b.object) ||
      collate(a.code, b.code),
  );
}
