/**
 * npm run bench (test/bench/ui.ts): prints figures (no pass/fail) for the interactive app, run
 * as a person runs it: the built binary in an 80x24 pseudo-terminal read by a headless xterm,
 * against seed 000's IS-SOH and SPP on a local PostgreSQL.
 *
 * - spawn to first output, to the first frame (drawn before Ink loads: src/ui/first-frame.ts), to the verdict on screen (the summary's
 *   counts) and to a complete checklist (target < 1.2 s; '2' is pressed as soon as the verdict is
 *   up); the first frame and the verdict beside pg_activity's first frame, run in turn with ours
 *   against the same database (issue 25: first frame ≤ 0.5×, verdict ≤ 0.7×); when pg_activity is
 *   not installed, the absolute figures alone;
 * - where the time goes: process start, module loading, first render, connect, query, checks,
 *   verdict on screen (test/helpers/phases.ts);
 * - bytes written during an idle second (target < 200), for one full repaint at 80x24 (Ctrl-L),
 *   for one move in the checklist and for a screen switch.
 */
import { existsSync } from 'node:fs';
import { buildTemplates, createDatabase, ROOT } from '../helpers/databases.js';
import { median, PHASE, type PhaseRecord, phaseRecorder, phaseRow, printBreakdown } from '../helpers/phases.js';
import { spawnApp, spawnPty, terminalEnv } from '../helpers/pty.js';
import { startTestServer } from '../helpers/server.js';

const RUNS = 10;
/**
 * The first frame: the header with its tabs and, under it, the verification's line (running, or
 * its counts). Stricter than the tab bar alone, which the first frame shows too (first-frame.ts).
 */
const FIRST_FRAME = /1 Overview {2}2 Checklist[\s\S]*^\S* ?Verification/m;
const CHECKLIST = /^\d+ checks {2}✓/m;
/** A frame Ink draws: the keys on the last line (the frame drawn before Ink has none). */
const INK_FRAME = /^\S.* q quit$/m;
const VERIFIED = /verified at \d\d:\d\d:\d\d/;
/** The verdict: the overview's summary counts, drawn once both databases are checked. */
const VERDICT = /^Verification {2}✓ \d+ pass {2}✗ \d+ fail/m;
const PG_ACTIVITY = '/usr/bin/pg_activity';
/** pg_activity's first frame: its header, the running-queries table and its key bar. */
const PG_ACTIVITY_FRAME = /RUNNING QUERIES[\s\S]*q Quit/;

/** Spawn to pg_activity's first frame, in ms, on IS-SOH's database (it watches one server). */
async function pgActivityFirstFrame(url: string): Promise<number> {
  const { hostname, port, username, password, pathname } = new URL(url);
  const session = spawnPty(PG_ACTIVITY, ['-h', hostname, '-p', port, '-U', username, '-d', pathname.slice(1)], {
    env: terminalEnv({ PGPASSWORD: decodeURIComponent(password) }),
  });
  try {
    await session.waitFor(PG_ACTIVITY_FRAME, 20_000);
    return performance.now() - session.startedAt;
  } finally {
    session.kill();
  }
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p90: at(0.9), min: sorted[0]!, max: sorted.at(-1)! };
}
const ms = (n: number) => `${n.toFixed(0)} ms`;
const line = (label: string, samples: number[], unit: (n: number) => string = ms) => {
  const s = stats(samples);
  console.log(
    `${label.padEnd(44)} p50 ${unit(s.p50).padStart(8)}   p90 ${unit(s.p90).padStart(8)}   min ${unit(s.min).padStart(8)}   max ${unit(s.max).padStart(8)}`,
  );
  return s;
};
const bytes = (n: number) => `${n.toFixed(0)} B`;
/** The median of the pairwise ratios ours / pg_activity's (runs taken in turn). */
const ratio = (ours: readonly number[], theirs: readonly number[]) =>
  median(ours.map((value, i) => value / theirs[i]!));
const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const env = {
    DATABASE_URL: await createDatabase(server.adminUrl, 'issohSeed000', 'bench'),
    NEON_SPP_DATABASE_URL: await createDatabase(server.adminUrl, 'sppSeed000', 'bench'),
  };
  console.log(
    `server: ${server.description}; binary: node ${ROOT}/bin/mantis-sync-tui.js (no command), ${RUNS} runs at 80x24\n`,
  );

  const firstOutput: number[] = [];
  const firstFrame: number[] = [];
  const inkFrame: number[] = [];
  const verdict: number[] = [];
  const pgActivity: number[] = [];
  const records: PhaseRecord[] = [];
  const hasPgActivity = existsSync(PG_ACTIVITY);
  const checklist: number[] = [];
  const idle: number[] = [];
  const repaint: number[] = [];
  const move: number[] = [];
  const switchScreen: number[] = [];
  const startup: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const recorder = phaseRecorder();
    const session = spawnApp({ ...env, ...recorder.env });
    try {
      let sawOutput = 0;
      void session.waitFor(/\S/, 20_000).then(
        () => (sawOutput = performance.now()),
        () => {},
      );
      // Ink's first frame: the whole screen, with the keys on its last line.
      let sawInk = 0;
      void session.waitFor(INK_FRAME, 20_000).then(
        () => (sawInk = performance.now()),
        () => {},
      );
      await session.waitFor(FIRST_FRAME, 20_000);
      const frameAt = performance.now();
      await session.waitFor(VERDICT, 20_000);
      const verdictAt = performance.now();
      session.write('2');
      await session.waitFor(CHECKLIST, 20_000);
      const checklistAt = performance.now();
      await session.waitFor(VERIFIED, 20_000);
      await session.settle(300);
      const startupBytes = session.bytes();

      let before = session.bytes();
      await sleep(1000);
      const idleBytes = session.bytes() - before;

      before = session.bytes();
      session.write('\u000c');
      await session.settle(200);
      const repaintBytes = session.bytes() - before;

      before = session.bytes();
      session.write('j');
      await session.waitFor(/^› +! TOP004/m);
      await session.settle(150);
      const moveBytes = session.bytes() - before;

      before = session.bytes();
      session.write('1');
      await session.waitFor(/^Topology/m);
      await session.settle(150);
      const switchBytes = session.bytes() - before;

      session.write('q');
      await session.exited();
      const theirs = hasPgActivity ? await pgActivityFirstFrame(env.DATABASE_URL) : Number.NaN;
      // The first run warms the page cache and the server: not counted.
      if (run === 0) continue;
      records.push(recorder.read());
      pgActivity.push(theirs);
      firstOutput.push(sawOutput - session.startedAt);
      firstFrame.push(frameAt - session.startedAt);
      inkFrame.push(sawInk - session.startedAt);
      verdict.push(verdictAt - session.startedAt);
      checklist.push(checklistAt - session.startedAt);
      idle.push(idleBytes);
      repaint.push(repaintBytes);
      move.push(moveBytes);
      switchScreen.push(switchBytes);
      startup.push(startupBytes);
    } finally {
      session.kill();
      recorder.dispose();
    }
  }
  console.log('Time from spawn (node start included):');
  line('  first byte on the screen', firstOutput);
  const frame = line('  first frame (header, tabs, verification)', firstFrame);
  line('  the verdict on screen (summary counts)', verdict);
  line("  Ink's first frame (the whole Overview)", inkFrame);
  const complete = line('  complete checklist (target < 1.2 s)', checklist);
  console.log('\nBytes written to the terminal at 80x24:');
  const quiet = line('  idle second, verification done (< 200 B)', idle, bytes);
  line('  one full repaint (Ctrl-L, checklist)', repaint, bytes);
  line('  one move in the checklist (j)', move, bytes);
  line('  screen switch checklist -> overview', switchScreen, bytes);
  line('  everything from spawn to verified', startup, bytes);
  if (hasPgActivity) {
    line('  pg_activity 3: its first frame (yardstick)', pgActivity);
    const frameRatio = ratio(firstFrame, pgActivity);
    const verdictRatio = ratio(verdict, pgActivity);
    console.log(
      `  ratio to pg_activity's first frame (median of pairs): first frame ${frameRatio.toFixed(2)} (target ≤ 0.5: ${frameRatio <= 0.5 ? 'met' : 'NOT met'}) · verdict ${verdictRatio.toFixed(2)} (target ≤ 0.7: ${verdictRatio <= 0.7 ? 'met' : 'NOT met'})`,
    );
  } else
    console.log('  pg_activity is not installed (apt-get install pg-activity): no yardstick, absolute figures only');
  console.log('');
  printBreakdown('Where the time goes: the app at 80x24', [
    phaseRow(PHASE.processStart, records),
    phaseRow(PHASE.entryLoaded, records),
    phaseRow(PHASE.appLoaded, records),
    ['first frame on the terminal (before Ink)', firstFrame],
    phaseRow(PHASE.connected, records),
    phaseRow(PHASE.queried, records),
    phaseRow(PHASE.checked, records),
    ['verdict on screen (read from the terminal)', verdict],
    phaseRow(PHASE.uiLoaded, records),
    ["Ink's first frame (read from the terminal)", inkFrame],
  ]);
  console.log(
    `\nTargets (p50): first frame ${frame.p50 < 600 ? 'met' : 'NOT met'} · complete checklist ${complete.p50 < 1200 ? 'met' : 'NOT met'} · idle ${quiet.p50 < 200 ? 'met' : 'NOT met'}`,
  );
} finally {
  await server.stop();
}
