/**
 * A deploy gate's view of a run: one or more targets (verify's pair of databases, each environment
 * of `verify --all`, or the two environments `diff` compares), each a list of findings, and what
 * makes the exit code non-zero (`--fail-on`). Every CI format renders this one shape.
 */
import { type Finding, GROUPS, type Group, type Status } from './finding.js';
import type { Report } from './report.js';

/** `--fail-on`: the least severe status that fails the gate; each one includes those above it. */
export const FAIL_ON = ['fail', 'blocked', 'warn'] as const;
export type FailOn = (typeof FAIL_ON)[number];
/** As today: failing and blocked findings make verify exit 1; warnings do not. */
export const DEFAULT_FAIL_ON: FailOn = 'blocked';

/** The statuses that fail the gate at this threshold. */
export function failingStatuses(failOn: FailOn): readonly Status[] {
  return FAIL_ON.slice(0, FAIL_ON.indexOf(failOn) + 1);
}

export interface GateTarget {
  /** the environment ("staging"), the pair a diff compares ("staging → production"), or null for the URLs given */
  readonly name: string | null;
  readonly findings: readonly Finding[];
  /** one line per database that could not be read: its findings are incomplete (exit 4) */
  readonly unreadable: readonly string[];
  /** verify's whole report, where there is one (the Markdown of the job summary is drawn from it) */
  readonly report?: Report;
}

export interface GateRun {
  readonly command: 'verify' | 'diff';
  readonly version: string;
  readonly generatedAt: string;
  readonly failOn: FailOn;
  readonly targets: readonly GateTarget[];
}

/** 0 the gate passes · 1 a finding fails it · 4 a database could not be read (worse than any finding: nothing is known). */
export function targetExitCode(target: GateTarget, failOn: FailOn): 0 | 1 | 4 {
  if (target.unreadable.length > 0) return 4;
  const failing = failingStatuses(failOn);
  return target.findings.some((f) => failing.includes(f.status)) ? 1 : 0;
}

const EXIT_RANK = { 0: 0, 1: 1, 4: 2 } as const;

/** The worst of the targets' exit codes. */
export function gateExitCode(run: GateRun): 0 | 1 | 4 {
  return run.targets
    .map((target) => targetExitCode(target, run.failOn))
    .reduce<0 | 1 | 4>((worst, code) => (EXIT_RANK[code] > EXIT_RANK[worst] ? code : worst), 0);
}

/** One cell of the target × group matrix: its worst status and how many findings have it. */
export interface MatrixCell {
  readonly status: Status;
  readonly count: number;
}

export interface MatrixRow {
  readonly target: GateTarget;
  /** absent: the target has no finding in that group */
  readonly cells: Readonly<Partial<Record<Group, MatrixCell>>>;
  readonly exitCode: 0 | 1 | 4;
}

export interface Matrix {
  /** the groups any target has a finding in, in checklist order */
  readonly groups: readonly Group[];
  readonly rows: readonly MatrixRow[];
}

const WORST_FIRST: readonly Status[] = ['fail', 'blocked', 'warn', 'skip', 'pass'];

/** The worst status among findings, and how many have it. */
export function worstOf(findings: readonly Finding[]): MatrixCell | undefined {
  for (const status of WORST_FIRST) {
    const count = findings.filter((f) => f.status === status).length;
    if (count > 0) return { status, count };
  }
  return undefined;
}

export function matrixOf(run: GateRun): Matrix {
  const groups = GROUPS.filter((group) => run.targets.some((t) => t.findings.some((f) => f.group === group)));
  const rows = run.targets.map((target) => {
    const cells: Partial<Record<Group, MatrixCell>> = {};
    for (const group of groups) {
      const cell = worstOf(target.findings.filter((f) => f.group === group));
      if (cell) cells[group] = cell;
    }
    return { target, cells, exitCode: targetExitCode(target, run.failOn) };
  });
  return { groups, rows };
}

/** Findings a CI format reports one by one: everything but passes and skips. */
export const reportable = (findings: readonly Finding[]): Finding[] =>
  findings.filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'blocked');

/** "[staging] " before a title, when the run has several targets or a named one. */
export const targetPrefix = (target: GateTarget): string => (target.name ? `[${target.name}] ` : '');

/** The verdict of one target in words, as a CI log line says it. */
export function verdictWords(code: 0 | 1 | 4): string {
  return code === 0 ? 'passes' : code === 4 ? 'incomplete: a database could not be read' : 'fails';
}
