/**
 * The entry: checks the flags against the command, chooses the face (no command on a terminal:
 * the app; otherwise the command's handler in src/cli/), and maps errors to exit codes. The
 * headless path never loads Ink. Messages go to stderr, data to stdout; no stack traces.
 */

import meow from 'meow';
import { EXIT } from './cli/exit.js';
import { configOf, type Flags, type Handler, intervalOf, lockTimeoutOf } from './cli/options.js';
import {
  COMMANDS,
  type Command,
  closest,
  commandHelp,
  commandOf,
  FLAGS,
  isCommand,
  rejectForeignFlags,
  UsageError,
} from './cli/usage.js';
import { ConfigError } from './core/config.js';
import { DbError, RefusedError } from './core/errors.js';
import type { CommandIO } from './core/io.js';
import { redactSecretsInText } from './core/redact.js';

const HELP = `
  Usage
    $ mantis-sync-tui [command] [options]

    Without a command on a terminal: the interactive app. Otherwise: verify.
    mantis-sync-tui <command> --help: that command's options only.

  Commands
    verify      Check IS-SOH and SPP against migration 0024 and its prerequisites
    watch       Live active syncs with an honest ETA (--json: one JSON line per tick)
    plan        The remediation steps still needed on IS-SOH (prerequisites, 0024, repairs)
    apply       Apply the plan, one confirmed, transactional, re-verified step at a time
    test-rls    Prove RLS isolation between two organizations, every command through every table
                and partition, with no user too (in a transaction, rolled back)
    health      Partitions, preview cache, key metrics, index usage, table sizes (seed 004)
    maintain partitions|archive|cache
                Create monthly partitions ahead (moving rows out of the catch-all), archive old
                partitions, or delete expired preview cache entries
    rollback    Undo 0024 (seed 001's rollback), exporting every row first
    restore DIR Re-apply 0024 and load the rows a rollback exported to DIR
    demo        The whole tool on an embedded PostgreSQL 17 with IS-SOH and SPP in seed 000's
                state (--print-urls: only start them and print their URLs; --keep: keep the data)

  Options
    --issoh-url <url>          IS-SOH database (default: $ENTERPRISE_DATABASE_URL or $DATABASE_URL)
    --spp-url <url>            SPP database (default: $NEON_SPP_DATABASE_URL)
    --format <text|markdown|json>
                               Output format (default: text)
    --json                     Same as --format json
    --verbose                  List passing checks too (text format)
    --connect-timeout <s>      Seconds to wait for a connection (default: 10)
    --statement-timeout <s>    Seconds a query may run (default: 30; 60 for apply steps)
    --as <role>                The role the application connects as: verify says whether RLS
                               applies to it, test-rls probes as it (default: authenticated)

  Options of watch
    --interval <s>             Seconds between samples (default 2, at least 0.5)
    --ticks <n>                Stop after n samples
    --once                     Print one table (two samples, so rates are known) and exit
    --org <name|id>            Only this organization
    --entity <type>            Only this entity type (product, order, …)
    --sort <eta|updated|org>   Order of the list (default eta)

  Options of apply (test-rls takes --lock-timeout and --allow-pooled; <command> --help shows each one's)
    --yes                      Confirm safe and moderate steps without asking (needed without a terminal)
    --confirm <database>       Confirm severe steps by naming the database
    --step <id>                Only this step (see plan); optional steps run only when named
    --dry-run                  Run the steps in one transaction, re-check, and roll back
    --lock-timeout <s>         Seconds to wait for a table lock before giving up (default: 5)
    --allow-pooled             Allow writes through a Neon -pooler endpoint
    --audit-log <file>         Audit log (default: $XDG_STATE_HOME/mantis-sync-tui/audit.jsonl)
    --export-dir <dir>         Where rebuilds and rollbacks export rows (default: ./mantis-<action>-<db>-<time>)

  Options of health and maintain
    --window <minutes>         Window of the key metrics (default 60)
    --ahead <months>           maintain partitions: months after the current one to cover (default 3)
    --older-than <months>      maintain archive: partitions whose month ended before this (default 6)

  Options of rollback
    --confirm <database>       Required: the rollback is severe
    --dry-run                  Show exactly what would be dropped (run, check, roll back)
    --discard-data             Do not export the rows first (still needs --confirm)
    --allow-cascade <relation> Let CASCADE drop this object outside 0024 (repeatable)
    --database <issoh|spp>     Where to roll back (default issoh; spp for a 0024 applied there by mistake)
    --no-color                 No colour (also NO_COLOR=1, TERM=dumb, or when not a terminal)
    --help (-h), --version

  Exit codes
    0 all pass · 1 findings fail or are blocked · 2 usage or configuration error
    3 refused · 4 database unreachable or query failed · 70 internal error

  Examples
    $ DATABASE_URL=postgresql://… NEON_SPP_DATABASE_URL=postgresql://… mantis-sync-tui verify
    $ mantis-sync-tui verify --json | jq '.findings[] | select(.status == "fail")'
    $ mantis-sync-tui verify --format markdown > report.md
    $ mantis-sync-tui plan --verbose
    $ mantis-sync-tui apply --dry-run
    $ mantis-sync-tui apply --yes --confirm=mantis_issoh
    $ mantis-sync-tui test-rls --as app_user
`;

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
};

/** The words a command takes after its name: restore's DIR, maintain's task. */
const OPERANDS: Partial<Record<Command, number>> = { restore: 1, maintain: 1 };

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  rejectForeignFlags(argv, commandOf(argv));
  const cli = meow(HELP, {
    importMeta: import.meta,
    argv: [...argv],
    flags: FLAGS,
    allowUnknownFlags: true,
    autoHelp: true,
    autoVersion: true,
  });
  const [given, ...operands] = cli.input;
  // -h is help, as --help, after a command too (meow shows help only for a lone --help).
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (options.includes('-h') || options.includes('--help')) {
    io.stdout(isCommand(given) ? commandHelp(given) : `${cli.help}\n`);
    return EXIT.ok;
  }
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
  return handle(cli.flags, operands, io);
}

/** The app writes with apply's settings (--lock-timeout, --statement-timeout, --audit-log); its Monitor samples every --interval. */
async function openApp(flags: Flags, io: CommandIO): Promise<number> {
  const config = configOf(flags, io);
  const lockTimeoutMs = lockTimeoutOf(flags);
  const intervalMs = intervalOf(flags);
  const { runApp } = await import('./ui/run.js');
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

const io: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  now: () => new Date(),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof DbError) {
      process.stderr.write(`mantis-sync-tui: ${redactSecretsInText(error.message)}\n`);
      process.exitCode = EXIT.database;
      return;
    }
    if (error instanceof RefusedError) {
      process.stderr.write(`mantis-sync-tui: ${redactSecretsInText(error.message)}\n`);
      process.exitCode = EXIT.refused;
      return;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      // Built by us, with every URL already redacted.
      process.stderr.write(`mantis-sync-tui: ${error.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const message = redactSecretsInText(error instanceof Error ? error.message : String(error));
    process.stderr.write(`mantis-sync-tui: internal error: ${message} (set MANTIS_DEBUG=1 for details)\n`);
    if (process.env.MANTIS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 70;
  },
);
