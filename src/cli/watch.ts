/** The CLI handler of watch: NDJSON per tick (--json), one table (--once), or a table per tick. */
import { openHeadlessWatcher } from '../commands/watch.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import {
  DEFAULT_WATCH,
  type SortKey,
  type SyncView,
  selectViews,
  type ViewFilter,
  viewMatcher,
  type WatchSettings,
} from '../core/monitor.js';
import { changesSince } from '../core/monitor-summary.js';
import { drawnInPlace, limitsText, renderWatchTable, tickLinePieces } from '../output/watch.js';
import { EXIT } from './exit.js';
import { withInterrupt } from './interrupt.js';
import { configOf, formatOf, type Handler, intervalOf, migrationDependencies } from './options.js';
import { UsageError } from './usage.js';

interface WatchCommandOptions {
  readonly json: boolean;
  readonly once: boolean;
  /** --changes: each JSON line carries only what changed since the last one */
  readonly changes: boolean;
  /** more syncs than this: the table has one line per organization */
  readonly maxLines: number;
  readonly ticks?: number | undefined;
  readonly intervalMs: number;
  readonly filter: ViewFilter;
  readonly sort: SortKey;
  readonly signal?: AbortSignal | undefined;
  /** --migrations DIR: watch the table of syncs these files create instead of 0024's */
  readonly migrations: string | undefined;
}

async function runWatchCommand(config: Config, options: WatchCommandOptions, io: CommandIO): Promise<number> {
  const settings: WatchSettings = { ...DEFAULT_WATCH, intervalMs: options.intervalMs };
  const { manifest } = await migrationDependencies(options.migrations, io);
  const watcher = openHeadlessWatcher(config, settings, manifest);
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  let exitCode: number = EXIT.ok;
  // --once: two samples one interval apart, so the rates are not "unknown"; only the last is printed.
  const limit = options.once ? 2 : options.ticks;
  // A bounded watch (--once, --ticks) gives up on a server that never answered within the connect
  // budget, as every other command does; an open-ended watch keeps trying (a monitor across outages).
  const started = Date.now();
  let answered = false;
  /** --changes: the syncs of the last line, in key order, and the organization names it was sorted with */
  let written: { readonly views: readonly SyncView[]; readonly names: ReadonlyMap<string, string> | undefined } | null =
    null;
  // On a terminal the table is drawn again in place each tick; piped, each tick's table follows the last.
  const inPlace = io.stdoutIsTTY && !options.json && !options.once;
  let drawnLines = 0;
  let limitsSaid = false;
  try {
    await watcher.run(async (event) => {
      if (event.kind === 'unavailable') {
        io.stderr(`mantis-sync-tui: ${event.message}\n`);
        exitCode = EXIT.findings;
        return false;
      }
      if (event.kind === 'failed') {
        io.stderr(`mantis-sync-tui: ${event.message}\n`);
        exitCode = EXIT.database;
        return false;
      }
      if (event.kind === 'reconnecting') {
        if (limit !== undefined && !answered && Date.now() - started + event.nextInMs > config.connectTimeoutMs) {
          io.stderr(
            `mantis-sync-tui: ${event.message}: no answer within ${Math.round(config.connectTimeoutMs / 1000)} s (raise --connect-timeout; watch without --once or --ticks keeps trying)\n`,
          );
          exitCode = EXIT.database;
          return false;
        }
        io.stderr(
          `mantis-sync-tui: ${event.waking ? 'waking up' : 'reconnecting'} (attempt ${event.attempt}, next in ${Math.round(event.nextInMs / 1000)} s): ${event.message}\n`,
        );
        return true;
      }
      answered = true;
      const last = limit !== undefined && event.state.ticks >= limit;
      // Said once, above the tables (JSON carries them in each tick).
      if (!options.json && !limitsSaid && (event.limits ?? []).length > 0) {
        io.stderr(limitsText(event.limits!));
        limitsSaid = true;
      }
      if (!options.once || last) {
        if (!options.json && inPlace) {
          const size = io.terminalSize?.() ?? { columns: 80, rows: 24 };
          // The last line of the terminal stays free: the cursor waits there, and a full screen would scroll.
          const terminal = { columns: size.columns, rows: Math.max(3, size.rows - 1) };
          const drawn = drawnInPlace(
            renderWatchTable(event, options.sort, options.filter, terminal.rows - 2),
            drawnLines,
            terminal,
          );
          io.stdout(drawn.text);
          drawnLines = drawn.lines;
        } else if (!options.json) io.stdout(renderWatchTable(event, options.sort, options.filter, options.maxLines));
        else {
          const names = event.feed?.orgNames;
          if (!options.changes)
            await writePieces(
              tickLinePieces(event, selectViews(event.computed.views, options.sort, options.filter, names)),
              io,
            );
          else {
            // Paired in key order (computeViews' own); only what is written is sorted, as the full line would have it.
            const matches = viewMatcher(options.filter, names);
            const views = matches ? event.computed.views.filter(matches) : event.computed.views;
            const changes = changesSince(written?.views ?? null, views);
            const changed = selectViews(changes.changed, options.sort, {}, names);
            const removed = selectViews(changes.removed, options.sort, {}, written?.names);
            written = { views, names };
            await writePieces(tickLinePieces(event, changed, removed), io);
          }
        }
      }
      return !last;
    }, controller.signal);
  } finally {
    await watcher.close();
  }
  return exitCode;
}

/**
 * A tick's line, piece by piece, each written once stdout has taken the one before: a reader
 * slower than 100,000 syncs a tick would otherwise leave every tick's 30 MB queued in memory.
 */
async function writePieces(pieces: Iterable<string>, io: CommandIO): Promise<void> {
  for (const piece of pieces) {
    io.stdout(piece);
    await io.stdoutDrained?.();
  }
}

const SORTS: readonly SortKey[] = ['eta', 'updated', 'org'];
/** Without a terminal, more syncs than this are shown one line per organization (a log, not a screen). */
const MAX_SYNC_LINES = 200;

export const handle: Handler = (flags, _operands, io) => {
  const json = formatOf(flags, 'watch') === 'json';
  const config = configOf(flags, io);
  const intervalMs = intervalOf(flags) ?? DEFAULT_WATCH.intervalMs;
  const ticks = flags.ticks;
  if (ticks !== undefined && !(Number.isInteger(ticks) && ticks > 0))
    throw new UsageError(`--ticks must be a positive whole number (got ${ticks})`);
  if (flags.changes && !json)
    throw new UsageError('--changes goes with --json: it says which syncs a JSON line carries');
  const sort = (flags.sort ?? 'eta') as SortKey;
  if (!SORTS.includes(sort)) throw new UsageError(`--sort must be eta, updated or org (got ${sort})`);
  // A reader: Ctrl-C simply stops it (no message, the exit code of the run).
  return withInterrupt(
    (signal) =>
      runWatchCommand(
        config,
        {
          json,
          once: flags.once,
          changes: flags.changes,
          ticks,
          intervalMs,
          filter: { org: flags.org, entity: flags.entity },
          sort,
          signal,
          migrations: flags.migrations,
          // piped (a log, not a screen): at most this many lines a tick; a terminal's own height when drawn in place
          maxLines: MAX_SYNC_LINES,
        },
        io,
      ),
    '',
  );
};
