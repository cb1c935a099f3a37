/**
 * The command line: parses flags, routes to a command, maps its result to an exit code. The
 * headless path never loads Ink. Messages go to stderr, data to stdout; no stack traces.
 */

import { constants as osConstants } from 'node:os';
import meow from 'meow';
import { EXIT } from './cli/exit.js';
import {
  COMMANDS,
  closest,
  commandHelp,
  commandOf,
  FLAGS,
  isCommand,
  rejectForeignFlags,
  UsageError,
} from './cli/usage.js';
import { loadConfig } from './config.js';
import { ConfigError } from './core/config.js';
import type { CommandIO } from './core/io.js';
import type { MaintainTask } from './core/maintenance.js';
import type { SortKey } from './core/monitor.js';
import { redactSecretsInText } from './core/redact.js';
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STEP_STATEMENT_TIMEOUT_MS } from './core/write-settings.js';
import { DbError } from './db/errors.js';

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

/** watch's --interval floor (the monitor polls; faster than this is load, not information) */
const MIN_INTERVAL_SECONDS = 0.5;

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

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
  // -h is help, as --help, after a command too (meow shows help only for a lone --help).
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (options.includes('-h') || options.includes('--help')) {
    const [asked] = cli.input;
    io.stdout(isCommand(asked) ? commandHelp(asked) : `${cli.help}\n`);
    return EXIT.ok;
  }
  const [given, ...rest] = cli.input;
  const command = given ?? 'verify';
  const operands = command === 'restore' || command === 'maintain' ? 1 : 0;
  if (rest.length > operands) throw new UsageError(`unexpected argument ${rest[operands]} (see --help)`);
  if (command === 'restore' && rest.length === 0)
    throw new UsageError('restore needs the export directory: mantis-sync-tui restore DIR');
  const tasks = ['partitions', 'archive', 'cache'];
  if (command === 'maintain' && !tasks.includes(rest[0] ?? '')) {
    const suggestion = rest[0] ? closest(rest[0], tasks) : null;
    throw new UsageError(
      `maintain needs a task: partitions, archive or cache${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    );
  }
  for (const [flag, value] of [
    ['--window', cli.flags.window],
    ['--ahead', cli.flags.ahead],
    ['--older-than', cli.flags.olderThan],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      throw new UsageError(`${flag} must be a whole number (got ${value})`);
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const suggestion = closest(command, COMMANDS);
    throw new UsageError(`unknown command ${command}${suggestion ? `: did you mean ${suggestion}?` : ''} (see --help)`);
  }
  const format: Format = cli.flags.json ? 'json' : ((cli.flags.format ?? 'text') as Format);
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${cli.flags.format})`);
  }
  if (command === 'demo') {
    const { runDemoCommand } = await import('./cli/demo.js');
    return runDemoCommand({ printUrls: cli.flags.printUrls, keep: cli.flags.keep }, io, async (config) => {
      const { runApp } = await import('./ui/run.js');
      return runApp(config, { noColor: !cli.flags.color }, io);
    });
  }
  const config = loadConfig({
    env: io.env,
    issohUrl: cli.flags.issohUrl,
    sppUrl: cli.flags.sppUrl,
    connectTimeout: cli.flags.connectTimeout,
    statementTimeout: cli.flags.statementTimeout,
    appRole: cli.flags.as,
  });
  if (command === 'watch') {
    const interval = cli.flags.interval ?? 2;
    if (!(interval >= MIN_INTERVAL_SECONDS))
      throw new UsageError(`--interval must be at least ${MIN_INTERVAL_SECONDS} seconds (got ${interval})`);
    const ticks = cli.flags.ticks;
    if (ticks !== undefined && !(Number.isInteger(ticks) && ticks > 0))
      throw new UsageError(`--ticks must be a positive whole number (got ${ticks})`);
    const sort = cli.flags.sort ?? 'eta';
    if (!['eta', 'updated', 'org'].includes(sort))
      throw new UsageError(`--sort must be eta, updated or org (got ${sort})`);
    const { runWatchCommand } = await import('./cli/watch.js');
    return withInterrupt(
      (signal) =>
        runWatchCommand(
          config,
          {
            json: format === 'json',
            once: cli.flags.once,
            ticks,
            intervalMs: interval * 1000,
            filter: { org: cli.flags.org, entity: cli.flags.entity },
            sort: sort as SortKey,
            signal,
          },
          io,
        ),
      '',
    );
  }
  if (command === 'health') {
    const { runHealthCommand } = await import('./cli/health.js');
    return runHealthCommand(
      config,
      { json: format === 'json', windowMinutes: cli.flags.window ?? 60, noColor: !cli.flags.color },
      io,
    );
  }
  if (command === 'plan') {
    const { runPlanCommand } = await import('./cli/plan.js');
    return runPlanCommand(
      config,
      { json: format === 'json', verbose: cli.flags.verbose, noColor: !cli.flags.color },
      io,
    );
  }
  if (['apply', 'test-rls', 'rollback', 'restore', 'maintain'].includes(command)) {
    const lockTimeout = cli.flags.lockTimeout;
    if (lockTimeout !== undefined && !(lockTimeout > 0))
      throw new UsageError(`--lock-timeout must be a positive number of seconds (got ${lockTimeout})`);
    const settings = {
      lockTimeoutMs: lockTimeout !== undefined ? lockTimeout * 1000 : DEFAULT_LOCK_TIMEOUT_MS,
      statementTimeoutMs:
        cli.flags.statementTimeout !== undefined ? config.statementTimeoutMs : DEFAULT_STEP_STATEMENT_TIMEOUT_MS,
      allowPooled: cli.flags.allowPooled,
      auditLog: cli.flags.auditLog,
      exportDirectory: cli.flags.exportDir,
    };
    if (command === 'test-rls') {
      const { runTestRlsCommand } = await import('./cli/test-rls.js');
      return runTestRlsCommand(config, settings, { json: format === 'json', noColor: !cli.flags.color }, io);
    }
    const prompt = io.stdinIsTTY ? ask : undefined;
    if (command === 'rollback') {
      const database = cli.flags.database ?? 'issoh';
      if (database !== 'issoh' && database !== 'spp')
        throw new UsageError(`--database must be issoh or spp (got ${database})`);
      const { runRollbackCommand } = await import('./cli/rollback.js');
      return withInterrupt((signal) =>
        runRollbackCommand(
          config,
          settings,
          {
            database,
            dryRun: cli.flags.dryRun,
            confirm: cli.flags.confirm,
            discardData: cli.flags.discardData,
            allowCascade: cli.flags.allowCascade ?? [],
            json: format === 'json',
            noColor: !cli.flags.color,
            prompt,
            signal,
          },
          io,
        ),
      );
    }
    if (command === 'maintain') {
      const { runMaintainCommand } = await import('./cli/maintain.js');
      return withInterrupt((signal) =>
        runMaintainCommand(
          config,
          settings,
          {
            task: rest[0] as MaintainTask,
            ahead: cli.flags.ahead ?? 3,
            olderThanMonths: cli.flags.olderThan ?? 6,
            dryRun: cli.flags.dryRun,
            yes: cli.flags.yes,
            confirm: cli.flags.confirm,
            json: format === 'json',
            noColor: !cli.flags.color,
            prompt,
            signal,
          },
          io,
        ),
      );
    }
    if (command === 'restore') {
      const { runRestoreCommand } = await import('./cli/restore.js');
      return withInterrupt((signal) =>
        runRestoreCommand(
          config,
          settings,
          {
            directory: rest[0]!,
            yes: cli.flags.yes,
            json: format === 'json',
            noColor: !cli.flags.color,
            prompt,
            signal,
          },
          io,
        ),
      );
    }
    const { runApplyCommand } = await import('./cli/apply.js');
    return withInterrupt((signal) =>
      runApplyCommand(
        config,
        settings,
        {
          yes: cli.flags.yes,
          stepId: cli.flags.step,
          dryRun: cli.flags.dryRun,
          confirm: cli.flags.confirm,
          json: format === 'json',
          noColor: !cli.flags.color,
          prompt: io.stdinIsTTY && !cli.flags.yes ? ask : undefined,
          signal,
        },
        io,
      ),
    );
  }
  // No command on a terminal opens the app; anything else stays headless and never loads Ink.
  if (given === undefined && io.stdinIsTTY && io.stdoutIsTTY && !cli.flags.json && cli.flags.format === undefined) {
    const { runApp } = await import('./ui/run.js');
    // The Remediate and Rollback screens write with apply's settings: --lock-timeout, --statement-timeout, --audit-log.
    const lockTimeout = cli.flags.lockTimeout;
    if (lockTimeout !== undefined && !(lockTimeout > 0))
      throw new UsageError(`--lock-timeout must be a positive number of seconds (got ${lockTimeout})`);
    const writeSettings = {
      lockTimeoutMs: lockTimeout !== undefined ? lockTimeout * 1000 : undefined,
      statementTimeoutMs: cli.flags.statementTimeout !== undefined ? config.statementTimeoutMs : undefined,
      auditLog: cli.flags.auditLog,
    };
    // The Monitor screen samples every --interval seconds (default 2, at least 0.5), as watch does.
    const interval = cli.flags.interval;
    if (interval !== undefined && !(interval >= MIN_INTERVAL_SECONDS))
      throw new UsageError(`--interval must be at least ${MIN_INTERVAL_SECONDS} seconds (got ${interval})`);
    return runApp(
      config,
      {
        noColor: !cli.flags.color,
        writeSettings,
        ...(interval !== undefined ? { watch: { intervalMs: interval * 1000 } } : {}),
      },
      io,
    );
  }
  const { runVerifyCommand } = await import('./cli/verify.js');
  return runVerifyCommand(config, { format, verbose: cli.flags.verbose, noColor: !cli.flags.color }, io);
}

/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP (a dropped SSH session) during a write cancel the running
 * statement; the step rolls back, its audit line says interrupted, and the process exits
 * 128 + the signal's number (130, 143, 129). A second signal leaves at once: the server rolls
 * back a transaction whose connection goes away. `message` empty: a reader (watch) that simply stops.
 */
async function withInterrupt(
  work: (signal: AbortSignal) => Promise<number>,
  message = 'interrupting: cancelling the running statement and rolling back…',
): Promise<number> {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const exitCodeOf = (signal: NodeJS.Signals) => 128 + (osConstants.signals[signal] ?? 1);
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(exitCodeOf(received));
    received = signal;
    // After a hang-up the terminal is gone: writing to it fails, which must not stop the rollback.
    if (message) process.stderr.write(`\nmantis-sync-tui: ${signal}: ${message}\n`, () => {});
    controller.abort();
    // Still reading (nothing to roll back), a read ends within its statement timeout; do not wait longer than that.
    setTimeout(() => process.exit(exitCodeOf(signal)), INTERRUPT_GRACE_MS).unref();
  };
  for (const signal of INTERRUPTING) process.on(signal, onSignal);
  try {
    const code = await work(controller.signal);
    return received && message ? exitCodeOf(received) : code;
  } finally {
    for (const signal of INTERRUPTING) process.off(signal, onSignal);
  }
}

const INTERRUPTING: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** The longest a read may run (the default statement timeout) plus a little: then leave regardless. */
const INTERRUPT_GRACE_MS = 35_000;

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
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
