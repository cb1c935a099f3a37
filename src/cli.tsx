/**
 * The entry: checks the flags against the command, chooses the face (no command on a terminal:
 * the app; otherwise the command's handler in src/cli/), and maps errors to exit codes. The
 * headless path never loads Ink. Messages go to stderr, data to stdout; no stack traces.
 */

import { environmentSwitch } from './cli/environments.js';
import { EXIT } from './cli/exit.js';
import { parseCommandLine } from './cli/flags.js';
import {
  configOf,
  contractSourceOf,
  type Flags,
  type Handler,
  intervalOf,
  lockTimeoutOf,
  migrationDependencies,
} from './cli/options.js';
import {
  COMMANDS,
  type Command,
  checkFlags,
  closest,
  commandHelp,
  commandOf,
  isCommand,
  topLevelHelp,
  UsageError,
} from './cli/usage.js';
import { ConfigError } from './core/config.js';
import { AuditLogError, CancelledError, DbError, RefusedError } from './core/errors.js';
import type { CommandIO } from './core/io.js';
import { redactSecretsInText } from './core/redact.js';
import { forTerminal } from './output/terminal-text.js';
import { markStartup } from './startup-marks.js';
import { DESCRIPTION, VERSION } from './version.js';

/** The top-level --help: the description, then the usage (as meow, which read them before, laid them out). */
const HELP = `\n  ${DESCRIPTION}\n\n${topLevelHelp().replace(/^\n+|\n+$/g, '')}\n`;

/** Each command's handler, loaded only when that command runs (the headless path never loads Ink). */
const HANDLERS: Readonly<Record<Exclude<Command, 'demo'>, () => Promise<{ handle: Handler }>>> = {
  verify: () => import('./cli/verify.js'),
  watch: () => import('./cli/watch.js'),
  health: () => import('./cli/health.js'),
  maintain: () => import('./cli/maintain.js'),
  plan: () => import('./cli/plan.js'),
  apply: () => import('./cli/apply.js'),
  'test-rls': () => import('./cli/test-rls.js'),
  rollback: () => import('./cli/rollback.js'),
  restore: () => import('./cli/restore.js'),
  contract: () => import('./cli/contract.js'),
  diff: () => import('./cli/diff.js'),
};

/** The words a command takes after its name: restore's DIR, maintain's task, diff's two environments. */
const OPERANDS: Partial<Record<Command, number>> = { restore: 1, maintain: 1, diff: 2 };

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  markStartup('main');
  const notes = checkFlags(argv, commandOf(argv));
  const cli = parseCommandLine(argv);
  // `ps` shows the tool's name, not "node".
  process.title = 'mantis-sync-tui';
  const [given, ...operands] = cli.input;
  // -h is help, as --help, after a command too.
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (options.includes('-h') || options.includes('--help')) {
    io.stdout(isCommand(given) ? commandHelp(given) : `${HELP}\n`);
    return EXIT.ok;
  }
  // --version after a command too: it prints the version and runs nothing.
  if (options.includes('--version')) {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  for (const note of notes) io.stderr(`mantis-sync-tui: note: ${note}\n`);
  const command = given ?? 'verify';
  if (!isCommand(command)) {
    const suggestion = closest(command, COMMANDS);
    throw new UsageError(`unknown command ${command}${suggestion ? `: did you mean ${suggestion}?` : ''} (see --help)`);
  }
  const allowed = OPERANDS[command] ?? 0;
  if (operands.length > allowed) throw new UsageError(`unexpected argument ${operands[allowed]} (see --help)`);
  if (command === 'demo') {
    const { runDemoCommand } = await import('./cli/demo.js');
    return runDemoCommand({ printUrls: cli.flags.printUrls, keep: cli.flags.keep }, io, async (config) => {
      const { runApp } = await import('./ui/run.js');
      return runApp(config, { noColor: !cli.flags.color }, io);
    });
  }
  // No command on a terminal opens the app; anything else stays headless and never loads Ink.
  if (given === undefined && io.stdinIsTTY && io.stdoutIsTTY && !cli.flags.json && cli.flags.format === undefined)
    return openApp(cli.flags, io);
  const { handle } = await HANDLERS[command]();
  markStartup('handler-loaded');
  return handle(cli.flags, operands, io);
}

/**
 * The app writes with apply's settings (--lock-timeout, --statement-timeout, --audit-log); its Monitor samples
 * every --interval; with --migrations DIR it verifies, plans and applies against the files' intended state.
 */
async function openApp(flags: Flags, io: CommandIO): Promise<number> {
  const config = configOf(flags, io);
  const lockTimeoutMs = lockTimeoutOf(flags);
  const intervalMs = intervalOf(flags);
  const contract = contractSourceOf(flags);
  // Built (or read from the cache) before the app takes the terminal: a build's note and a wrong
  // directory or --target are said on the normal screen. Without the flags the app loads sql/ itself.
  const dependencies =
    flags.migrations !== undefined || flags.target !== undefined
      ? await migrationDependencies(flags.migrations, io, flags.target)
      : undefined;
  const { runApp } = await import('./ui/run.js');
  markStartup('app-loaded');
  return runApp(
    config,
    {
      noColor: !flags.color,
      writeSettings: {
        lockTimeoutMs,
        statementTimeoutMs: flags.statementTimeout !== undefined ? config.statementTimeoutMs : undefined,
        auditLog: flags.auditLog,
      },
      ...(intervalMs !== undefined ? { watch: { intervalMs } } : {}),
      ...(contract ? { contract } : {}),
      ...(dependencies ? { dependencies } : {}),
      environments: environmentSwitch(flags, io),
    },
    io,
  );
}

// A reader that goes away (`verify --json | head`) is not an error of ours: stop quietly, as cat does.
// A terminal that hung up (EIO) must not crash a step that is rolling back: its writes are dropped.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
process.stderr.on('error', () => {});

/**
 * Where every text face's output leaves the program: a database's control characters shown, never
 * sent (an organization name must not write the clipboard or retitle the terminal), the tool's own
 * colour tokens turned into colour; on stderr, anything shaped like a URL with a password redacted
 * (a URL typed where a command goes is echoed in the message that says so).
 */
const writeOut = (text: string) => process.stdout.write(forTerminal(text));
const writeErr = (text: string) => process.stderr.write(forTerminal(redactSecretsInText(text)));

const io: CommandIO = {
  stdout: writeOut,
  stdoutDrained: () =>
    process.stdout.writableNeedDrain
      ? new Promise((resolve) => process.stdout.once('drain', resolve))
      : Promise.resolve(),
  stderr: writeErr,
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  now: () => new Date(),
  terminalSize: () =>
    process.stdout.isTTY ? { columns: process.stdout.columns, rows: process.stdout.rows } : undefined,
};

// A command awaiting what nothing can settle any more (a connection left paused mid-protocol) would
// let the event loop drain and the process end 0 without a word: said instead, as the bug it is.
let settled = false;
process.on('beforeExit', () => {
  if (settled) return;
  writeErr(
    'mantis-sync-tui: internal error: the command stopped before it finished, with nothing left to wait for: its outcome is unknown (a write says in the audit log that it began): look at the database\n',
  );
  process.exit(EXIT.internal);
});

main(process.argv.slice(2), io).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    process.exitCode = exitOfError(error);
    if (process.exitCode !== EXIT.internal) writeErr(`mantis-sync-tui: ${(error as Error).message}\n`);
    else {
      const message = error instanceof Error ? error.message : String(error);
      writeErr(`mantis-sync-tui: internal error: ${message} (set MANTIS_DEBUG=1 for details)\n`);
      if (process.env.MANTIS_DEBUG) writeErr(`${(error as Error).stack ?? ''}\n`);
    }
  },
);

/** What a command that threw exits with: the classes every command shares; anything else is a bug (70). */
function exitOfError(error: unknown): number {
  if (error instanceof DbError) return EXIT.database;
  if (error instanceof RefusedError) return EXIT.refused;
  if (error instanceof CancelledError) return EXIT.interrupted;
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof AuditLogError) return EXIT.usage;
  return EXIT.internal;
}
