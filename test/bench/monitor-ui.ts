/**
 * Monitor screen benchmark (issue 4, the UI's part; issue 25 item 5 at 100,000): 10,000 and
 * 100,000 active syncs on a local PostgreSQL, written through the real table and its triggers;
 * prints figures side by side (no pass/fail). Past AGGREGATE_FROM syncs the screen shows one row
 * per organization, so at 100,000 its reducer folds the syncs instead of sorting them.
 *
 * 1. Per frame at 80x24, in process, from real ticks (a tenth of the syncs written between
 *    ticks, as test/bench/monitor.ts does): the core reducer (reduce + views, what the Watcher
 *    does after its query), the screen's reducer (monitor/tick: sort and filter of 10,000 rows,
 *    throughput), the render of the app's frame (header, the Monitor screen, message line,
 *    status bar: the same components App draws) by Ink as the binary has it, and the line diff (terminal.ts's
 *    ScreenDiff, what the app sends). Targets (issue 25): at 10,000 syncs reducer + render
 *    < 20 ms and RSS < 150 MB, at 100,000 the app's frame < 30 ms (p95). And the bytes that
 *    diff sends per tick.
 * 2. The real binary in an 80x24 pseudo-terminal on the Monitor screen of the same 10,000
 *    syncs, ticking every 2 s: bytes written to the terminal per tick (through the app's own
 *    line-diff renderer), and its RSS.
 *
 * test/bench/monitor.ts measures the query, its bytes, the reducer alone, RSS and idle CPU of
 * `watch`.
 */

import { register } from 'node:module';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { ComputedViews, Feed, MonitorState } from '../../src/core/monitor.js';
import type { Database } from '../../src/db/connect.js';
import type { SyncProfile } from '../../src/db/simulator.js';
import type { AppAction, AppState } from '../../src/ui/appState.js';
import { AGGREGATE_FROM, monitorOf } from '../../src/ui/screens/Monitor/state.js';
import type { Theme } from '../../src/ui/theme.js';
import { buildTemplates, createDatabase, withClient } from '../helpers/databases.js';
import { spawnApp } from '../helpers/pty.js';
import { startTestServer } from '../helpers/server.js';

// React's production build, and Ink with the files the bundle replaces (scripts/ink-replacements.mjs),
// as the binary has them (scripts/build.mjs): both set before React and Ink load.
process.env.NODE_ENV = 'production';
register('../../scripts/ink-replacements.mjs', import.meta.url);
const { createElement: h } = await import('react');
const { Box, render } = await import('ink');
const { EventEmitter } = await import('node:events');
const { loadConfig } = await import('../../src/config.js');
const { computeViews, DEFAULT_WATCH, emptyMonitor, reduce } = await import('../../src/core/monitor.js');
const { openDatabase } = await import('../../src/db/connect.js');
const { introspect } = await import('../../src/db/introspect.js');
const { Sampler, samplingShape } = await import('../../src/db/sample.js');
const { Simulator } = await import('../../src/db/simulator.js');
const { Header } = await import('../../src/ui/components/Header.js');
const { MessageLine } = await import('../../src/ui/components/MessageLine.js');
const { StatusBar } = await import('../../src/ui/components/StatusBar.js');
const { keyHints } = await import('../../src/ui/keymap.js');
const { layoutFor } = await import('../../src/ui/layout.js');
const { Monitor } = await import('../../src/ui/screens/Monitor/Monitor.js');
const { appReducer, initialAppState } = await import('../../src/ui/shell.js');
const { ScreenDiff } = await import('../../src/ui/terminal.js');
const { ThemeContext, symbols } = await import('../../src/ui/theme.js');
const { collectYoungGarbage } = await import('../../src/startup-fast-path.js');
const { VERSION } = await import('../../src/version.js');

/** The in-process figures at each size; the binary in a terminal at the first. */
const SIZES = [10_000, 100_000] as const;
const SYNCS = SIZES[0];
const FRAMES = 60;
const WARMUP = 10;
const COLUMNS = 80;
const ROWS = 24;
const THEME: Theme = { color: true, unicode: true };

const pct = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
const line = (label: string, samples: number[], unit = 'ms', digits = 1) =>
  console.log(
    `${label.padEnd(52)} p50 ${pct(samples, 0.5).toFixed(digits).padStart(8)} ${unit}   p95 ${pct(samples, 0.95).toFixed(digits).padStart(8)} ${unit}   max ${Math.max(
      ...samples,
    )
      .toFixed(digits)
      .padStart(8)} ${unit}`,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app's frame as App.tsx lays it out, for one state. */
function tree(state: AppState) {
  const size = { columns: COLUMNS, rows: ROWS };
  const layout = layoutFor(state, size, THEME);
  const hints = keyHints(state, layout, symbols(THEME));
  return h(
    ThemeContext.Provider,
    { value: THEME },
    h(
      Box,
      { flexDirection: 'column', width: COLUMNS, height: ROWS - 1 },
      h(Header, { screen: state.navigation.screen, width: COLUMNS }),
      h(
        Box,
        { flexDirection: 'column', flexShrink: 0, height: layout.bodyHeight, overflow: 'hidden' },
        h(Monitor, { monitor: monitorOf(state), width: COLUMNS, height: layout.bodyHeight }),
      ),
      h(MessageLine, { state, width: COLUMNS }),
      h(StatusBar, { hints, width: COLUMNS }),
    ),
  );
}

/**
 * One Ink instance kept for the whole run, as the app keeps one: each frame is a synchronous
 * re-render (React's reconciliation, Yoga's layout, Ink's output), written whole to this stream
 * (Ink's debug mode: no throttle, no cursor moves), then diffed line by line as the app does.
 */
const written: string[] = [];
const stdout = Object.assign(new EventEmitter(), {
  columns: COLUMNS,
  rows: ROWS,
  isTTY: true,
  write(chunk: string) {
    written.push(chunk);
    return true;
  },
}) as unknown as NodeJS.WriteStream;
const stdin = Object.assign(new EventEmitter(), {
  isTTY: false,
  setEncoding() {},
  resume() {},
  pause() {},
  ref() {},
  unref() {},
}) as unknown as NodeJS.ReadStream;
const ink: { instance: ReturnType<typeof render> | null } = { instance: null };
function frame(state: AppState): string {
  if (ink.instance) ink.instance.rerender(tree(state));
  else ink.instance = render(tree(state), { stdout, stdin, debug: true, patchConsole: false, exitOnCtrlC: false });
  return written.at(-1) ?? '';
}

/** A tenth of the syncs write (the tick after sees them as changed). */
async function writeTenth(url: string, i: number) {
  await withClient(url, (c) =>
    c.query(
      `UPDATE sync_progress SET processed_count = processed_count + 7 WHERE completed_at IS NULL AND sync_id LIKE 's%' AND (substr(sync_id, 2)::int % 10) = ${i % 10}`,
    ),
  );
}

/** A migrated database holding `syncs` active syncs in 100 organizations; its URL. */
async function databaseWith(adminUrl: string, syncs: number): Promise<string> {
  const url = await createDatabase(adminUrl, 'migrated', 'bench');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const sim = new Simulator({ query: (t: string, v?: unknown[]) => pool.query(t, v) } as Database);
  const profiles = Array.from(
    { length: syncs },
    (_, i): SyncProfile => ({
      syncId: `s${i}`,
      org: `org-${i % 100}`,
      entity: (['product', 'order', 'customer', 'invoice'] as const)[i % 4]!,
      source: i % 3 === 0 ? 'woocommerce' : 'odoo',
      total: 10_000_000,
      ratePerMin: 60 + (i % 50),
    }),
  );
  await sim.start(profiles);
  await pool.end();
  return url;
}

/** Per-frame timings (ms) and bytes, in process, for the syncs of `url`. */
interface InProcess {
  readonly coreMs: number[];
  readonly uiMs: number[];
  readonly renderMs: number[];
  readonly diffMs: number[];
  /** the screen's reducer + render + diff: the app's frame, after the Watcher's work */
  readonly frameMs: number[];
  readonly totalMs: number[];
  readonly sortMs: Record<'updated' | 'org', number[]>;
  readonly moveMs: number[];
  readonly tickBytes: number[];
}

async function inProcess(url: string): Promise<InProcess> {
  const db = openDatabase(loadConfig({ env: {}, issohUrl: url }).issoh!, {
    readOnly: true,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 30000,
    max: 1,
  });
  const sampler = new Sampler(db, samplingShape(await introspect(db)));
  const settings = { intervalMs: DEFAULT_WATCH.intervalMs };
  let core: MonitorState = emptyMonitor;
  const first = await sampler.tick(null);
  core = reduce(core, first, settings);
  const feed: Feed = await sampler.feed(15, core.organizations);
  const config = loadConfig({ env: {}, issohUrl: url });
  let state = initialAppState(config, VERSION);
  const dispatch = (action: AppAction) => (state = appReducer(state, action));
  dispatch({ type: 'nav/go', screen: 'monitor' });
  dispatch({ type: 'monitor/started', intervalMs: settings.intervalMs, minutes: 15 });
  // As the Watcher does: each tick's views reuse the last tick's for the syncs that did not change,
  // and each tick writes over the arrays of the tick before the last (its spare).
  let computed: ComputedViews = computeViews(core, settings);
  let spare: { state: MonitorState; computed: ComputedViews } | undefined;
  dispatch({ type: 'monitor/event', event: { kind: 'tick', state: core, computed, feed, tickMs: 0 } });
  const screen = new ScreenDiff(() => ({ columns: COLUMNS, rows: ROWS }));
  screen.update(frame(state));

  const coreMs: number[] = [];
  const uiMs: number[] = [];
  const renderMs: number[] = [];
  const diffMs: number[] = [];
  const frameMs: number[] = [];
  const totalMs: number[] = [];
  const tickBytes: number[] = [];
  // Ticks 2 s apart on the server's clock, built from the real rows: each tick a third of the
  // syncs report progress (what the tick query's "changed since" returns at the default
  // interval). The first ticks warm the JIT up and are not counted.
  let serverNow = first.serverNow;
  let rows = first.rows;
  let count = 0;
  /** One tick through the whole pipeline; its timings (ms) and the bytes the diff sends. */
  const step = () => {
    const i = count++;
    serverNow += DEFAULT_WATCH.intervalMs;
    const at = serverNow - 300;
    rows = rows.map((r, j) =>
      j % 3 === i % 3 ? { ...r, processed: r.processed + 2 + (j % 50) * 2, updatedAt: at } : r,
    );
    const tick = { serverNow, rows: rows.filter((_, j) => j % 3 === i % 3), full: false, activeCount: rows.length };
    const t0 = performance.now();
    const older = spare;
    spare = { state: core, computed };
    core = reduce(core, tick, settings, older?.state);
    computed = computeViews(core, settings, computed, older?.computed);
    const t1 = performance.now();
    dispatch({ type: 'monitor/event', event: { kind: 'tick', state: core, computed, feed, tickMs: 0 } });
    const t2 = performance.now();
    const text = frame(state);
    const t3 = performance.now();
    const bytes = screen.update(text);
    const t4 = performance.now();
    return {
      core: t1 - t0,
      ui: t2 - t1,
      render: t3 - t2,
      diff: t4 - t3,
      frame: t4 - t1,
      total: t4 - t0,
      bytes: Buffer.byteLength(bytes, 'utf8'),
    };
  };
  // Between two ticks the Watcher waits for its query, and collects the young generation meanwhile
  // (src/startup-fast-path.ts): here, where that wait would be.
  const tickAfterWait = () => {
    collectYoungGarbage();
    return step();
  };
  for (let i = 0; i < WARMUP; i++) tickAfterWait();
  for (let i = 0; i < FRAMES; i++) {
    const t = tickAfterWait();
    coreMs.push(t.core);
    uiMs.push(t.ui);
    renderMs.push(t.render);
    diffMs.push(t.diff);
    frameMs.push(t.frame);
    totalMs.push(t.total);
    tickBytes.push(t.bytes);
  }
  // The other sorts: the screen's reducer orders the rows on every tick.
  const sortMs: Record<'updated' | 'org', number[]> = { updated: [], org: [] };
  for (const sort of ['updated', 'org'] as const) {
    dispatch({ type: 'monitor/sort' });
    tickAfterWait();
    for (let i = 0; i < FRAMES; i++) sortMs[sort].push(tickAfterWait().frame);
  }
  dispatch({ type: 'monitor/sort' });
  const moveMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    dispatch({ type: 'monitor/move', by: 1, viewport: 11 });
    screen.update(frame(state));
    moveMs.push(performance.now() - t);
  }
  await db.close();
  return { coreMs, uiMs, renderMs, diffMs, frameMs, totalMs, sortMs, moveMs, tickBytes };
}

/** One figure per size, side by side: p50 / p95. */
function sideBySide(label: string, samples: ReadonlyArray<readonly number[]>, unit = 'ms', digits = 1) {
  const cells = samples.map(
    (s) =>
      `${pct([...s], 0.5)
        .toFixed(digits)
        .padStart(7)} / ${pct([...s], 0.95)
        .toFixed(digits)
        .padStart(7)} ${unit}`,
  );
  console.log(`${label.padEnd(56)}${cells.map((c) => c.padStart(24)).join('')}`);
}

const server = await startTestServer();
try {
  await buildTemplates(server.adminUrl);
  const results: InProcess[] = [];
  let url = '';
  for (const size of SIZES) {
    const sized = await databaseWith(server.adminUrl, size);
    if (size === SYNCS) url = sized;
    results.push(await inProcess(sized));
    ink.instance?.unmount();
    ink.instance = null;
  }
  console.log(`server: ${server.description}; active syncs in 100 organizations; frame ${COLUMNS}x${ROWS}`);
  // The figures are wall time: on a shared machine they move with its load.
  console.log(
    `load average (1, 5, 15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}\n`,
  );
  console.log(
    `In process, ${FRAMES} ticks after ${WARMUP} not counted (a third of the syncs report per tick), at 80x24, sort by ETA;\np50 / p95 at each size (from ${AGGREGATE_FROM.toLocaleString('en-US')} syncs the screen shows organizations):`,
  );
  console.log(`${''.padEnd(56)}${SIZES.map((n) => `${n.toLocaleString('en-US')} syncs`.padStart(24)).join('')}`);
  sideBySide(
    '  core reducer: reduce + views (the Watcher)',
    results.map((r) => r.coreMs),
  );
  sideBySide(
    '  screen reducer: monitor/tick (sort or fold, filter)',
    results.map((r) => r.uiMs),
  );
  sideBySide(
    '  render of the 80x24 frame (React + Ink, one instance)',
    results.map((r) => r.renderMs),
  );
  sideBySide(
    '  line diff (ScreenDiff)',
    results.map((r) => r.diffMs),
  );
  sideBySide(
    "  the app's frame: screen reducer + render + diff",
    results.map((r) => r.frameMs),
  );
  sideBySide(
    '  with the core reducer (the whole tick in process)',
    results.map((r) => r.totalMs),
  );
  sideBySide(
    "  the app's frame, sorted by last update",
    results.map((r) => r.sortMs.updated),
  );
  sideBySide(
    "  the app's frame, sorted by org",
    results.map((r) => r.sortMs.org),
  );
  sideBySide(
    '  a cursor move (j): reducer + render + diff',
    results.map((r) => r.moveMs),
  );
  sideBySide(
    '  bytes the line diff sends per tick',
    results.map((r) => r.tickBytes),
    'B',
    0,
  );
  const totalMs = results[0]!.totalMs;
  const frameAt100k = results[1]!.frameMs;

  let rssMb = 0;
  // ── 2. the real binary ────────────────────────────────────────────────────────────────────
  const session = spawnApp({ DATABASE_URL: url });
  try {
    await session.waitFor(/verified at \d\d:\d\d:\d\d/, 60_000);
    session.write('3');
    await session.waitFor(/^10000 active syncs/m, 60_000);
    await session.settle(500, 30_000).catch(() => '');
    const perTick: number[] = [];
    let peak = 0;
    for (let i = 0; i < 8; i++) {
      await writeTenth(url, i);
      const before = session.bytes();
      await sleep(DEFAULT_WATCH.intervalMs);
      perTick.push(session.bytes() - before);
      try {
        const { readFileSync } = await import('node:fs');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${session.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // not Linux
      }
    }
    console.log('\nThe built binary in an 80x24 pseudo-terminal, Monitor screen, 10,000 syncs, ticking every 2 s:');
    line('  bytes written to the terminal per 2 s tick', perTick, 'B', 0);
    if (peak > 0) console.log(`  RSS of the app on the Monitor screen: ${(peak / 1024).toFixed(0)} MB`);
    rssMb = peak / 1024;
    session.write('q');
    await session.exited(20_000).catch(() => undefined);
  } finally {
    session.kill();
  }
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const p95 = (samples: number[]) => pct(samples, 0.95);
  const screenMs = results[0]!.frameMs;
  console.log(
    [
      '\nTargets of issue 25 (p95):',
      `  10,000 syncs: reducer + render < 20 ms: the whole tick ${p95(totalMs).toFixed(1)} ms ${met(p95(totalMs) < 20)}` +
        ` (the screen's part ${p95(screenMs).toFixed(1)} ms ${met(p95(screenMs) < 20)})`,
      `  10,000 syncs: RSS < 150 MB: ${rssMb > 0 ? `${rssMb.toFixed(0)} MB ${met(rssMb < 150)}` : 'not measured (not Linux)'}`,
      `  100,000 syncs: the app's frame < 30 ms: ${p95(frameAt100k).toFixed(1)} ms ${met(p95(frameAt100k) < 30)}`,
    ].join('\n'),
  );
} finally {
  await server.stop();
}
