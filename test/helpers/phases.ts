/**
 * Where the time to the first answer goes (issue 25 item 6): a benchmark runs the built binary with
 * test/helpers/phase-marks.mjs preloaded, reads back the `mantis:` marks of src/startup-marks.ts, and
 * prints each phase as the moment it ended (from the process's start) and its own length, medians
 * over the runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PRELOAD = join(import.meta.dirname, 'phase-marks.mjs');

export interface PhaseRecord {
  readonly bootstrap: number;
  readonly marks: Readonly<Record<string, number>>;
  readonly firstOutput: number | null;
  readonly exit: number;
}

/** One phase: its name, and the moment it ends in a run's record (the latest of parallel marks). */
export interface Phase {
  readonly name: string;
  readonly endsAt: (record: PhaseRecord) => number | null;
}

const mark =
  (prefix: string) =>
  (record: PhaseRecord): number | null => {
    const times = Object.entries(record.marks)
      .filter(([name]) => name === prefix || name.startsWith(`${prefix}:`))
      .map(([, at]) => at);
    return times.length > 0 ? Math.max(...times) : null;
  };

export const PHASE = {
  processStart: { name: 'process start (node bootstrap)', endsAt: (r) => r.bootstrap },
  entryLoaded: { name: 'module loading: entry, flags', endsAt: mark('main') },
  handlerLoaded: { name: "module loading: the command's code", endsAt: mark('handler-loaded') },
  appLoaded: { name: "module loading: the app's entry (ui/run)", endsAt: mark('app-loaded') },
  uiLoaded: { name: 'module loading: Ink, React, the screens (ui/start)', endsAt: mark('ui-loaded') },
  connected: { name: 'connect (TCP, TLS, auth), both databases', endsAt: mark('connected') },
  queried: { name: 'query (one catalog query each)', endsAt: mark('query-done') },
  checked: { name: 'checks (manifest, templates, findings)', endsAt: mark('checks-done') },
  firstOutput: { name: 'output: first write to stdout', endsAt: (r) => r.firstOutput },
  exit: { name: 'exit event', endsAt: (r) => r.exit },
} satisfies Record<string, Phase>;

/** A place for one run's record, and the environment that makes the binary write it there. */
export function phaseRecorder(): { env: Record<string, string>; read(): PhaseRecord; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mantis-phases-'));
  const file = join(dir, 'phases.json');
  return {
    env: { NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}`, MANTIS_PHASES_FILE: file },
    read: () => JSON.parse(readFileSync(file, 'utf8')) as PhaseRecord,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The middle value (the upper of the two middle ones for an even count); NaN for none. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** One row of a breakdown: a phase's end in each run, read from the records. */
export function phaseRow(phase: Phase, records: readonly PhaseRecord[]): readonly [string, readonly number[]] {
  return [phase.name, records.map((record) => phase.endsAt(record) ?? Number.NaN)];
}

/**
 * Prints the breakdown: for each row, the median moment it ended and the median of its own length
 * (from the previous row's end, run by run). A row is a phase read from the records (phaseRow) or a
 * moment measured outside the process (the first frame or the verdict read from the terminal, the
 * whole process's wall time), one value per run.
 */
export function printBreakdown(title: string, rows: ReadonlyArray<readonly [string, readonly number[]]>): void {
  const runs = rows[0]?.[1].length ?? 0;
  console.log(`${title} (medians of ${runs} runs; ms from the process's start):`);
  let previous: readonly number[] = Array.from({ length: runs }, () => 0);
  for (const [name, ends] of rows) {
    const own = ends.map((end, i) => end - (previous[i] ?? 0));
    console.log(
      `  ${name.padEnd(48)} ends at ${median(ends).toFixed(0).padStart(5)}   takes ${median(own).toFixed(0).padStart(5)}`,
    );
    previous = ends;
  }
}
