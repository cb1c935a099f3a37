/**
 * The command line's vocabulary: every flag meow parses, which command owns which, the help of
 * each command, and the usage errors (exit 2, one line) for a flag that is unknown or belongs to
 * another command.
 */

export class UsageError extends Error {}

export const COMMANDS = [
  'verify',
  'watch',
  'health',
  'maintain',
  'plan',
  'apply',
  'test-rls',
  'rollback',
  'restore',
  'contract',
  'demo',
] as const;
export type Command = (typeof COMMANDS)[number];

/** Every flag any command takes, as meow parses them (camelCase; --no-color is `color`). */
export const FLAGS = {
  issohUrl: { type: 'string' },
  sppUrl: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  connectTimeout: { type: 'number' },
  statementTimeout: { type: 'number' },
  color: { type: 'boolean', default: true },
  yes: { type: 'boolean', default: false },
  confirm: { type: 'string' },
  step: { type: 'string' },
  dryRun: { type: 'boolean', default: false },
  lockTimeout: { type: 'number' },
  allowPooled: { type: 'boolean', default: false },
  auditLog: { type: 'string' },
  exportDir: { type: 'string' },
  discardData: { type: 'boolean', default: false },
  allowCascade: { type: 'string', isMultiple: true },
  database: { type: 'string' },
  interval: { type: 'number' },
  ticks: { type: 'number' },
  once: { type: 'boolean', default: false },
  org: { type: 'string' },
  entity: { type: 'string' },
  sort: { type: 'string' },
  window: { type: 'number' },
  ahead: { type: 'number' },
  olderThan: { type: 'number' },
  printUrls: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  as: { type: 'string' },
  app: { type: 'string' },
  contract: { type: 'string' },
  write: { type: 'string' },
  includeTests: { type: 'boolean', default: false },
  execute: { type: 'boolean', default: false },
  context: { type: 'string', isMultiple: true },
  acceptBreaking: { type: 'string', isMultiple: true },
  migrations: { type: 'string' },
  target: { type: 'string' },
} as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Taken by every command. */
const GENERAL = ['no-color', 'help', 'version'];
const CONNECTION = ['issoh-url', 'spp-url', 'connect-timeout', 'statement-timeout'];
/** The commands that work on IS-SOH alone take no SPP URL. */
const ISSOH_CONNECTION = CONNECTION.filter((flag) => flag !== 'spp-url');
const OUTPUT = ['format', 'json'];
const WRITES = ['lock-timeout', 'allow-pooled', 'audit-log'];

/** The application's statements, from its source or a contract file the team keeps. */
const CONTRACT = ['app', 'contract', 'include-tests'];

const VERIFY = [...CONNECTION, 'as', ...OUTPUT, 'verbose', ...CONTRACT, 'migrations', 'target'];

/** The flags of each command (kebab-case, as typed); `app` is no command: verify, or the app on a terminal. */
const COMMAND_FLAGS: Readonly<Record<Command | 'app', readonly string[]>> = {
  verify: VERIFY,
  // The app writes with apply's timeouts and audit log, and its Monitor samples every --interval.
  app: [...VERIFY, 'interval', 'lock-timeout', 'audit-log'],
  watch: [...ISSOH_CONNECTION, ...OUTPUT, 'interval', 'ticks', 'once', 'org', 'entity', 'sort'],
  plan: [...CONNECTION, 'as', ...OUTPUT, 'verbose', ...CONTRACT, 'allow-pooled', 'audit-log', 'migrations', 'target'],
  apply: [
    ...CONNECTION,
    'as',
    ...OUTPUT,
    'yes',
    'confirm',
    'step',
    'dry-run',
    ...WRITES,
    'export-dir',
    ...CONTRACT,
    'accept-breaking',
  ],
  'test-rls': [...ISSOH_CONNECTION, 'as', ...OUTPUT, 'lock-timeout', 'allow-pooled'],
  health: [...ISSOH_CONNECTION, ...OUTPUT, 'window'],
  maintain: [
    ...ISSOH_CONNECTION,
    ...OUTPUT,
    'yes',
    'confirm',
    'dry-run',
    'ahead',
    'older-than',
    ...WRITES,
    'export-dir',
  ],
  rollback: [
    ...CONNECTION,
    ...OUTPUT,
    'confirm',
    'dry-run',
    'discard-data',
    'allow-cascade',
    'database',
    ...WRITES,
    'export-dir',
    ...CONTRACT,
  ],
  restore: [...ISSOH_CONNECTION, ...OUTPUT, 'yes', ...WRITES],
  contract: [
    ...ISSOH_CONNECTION,
    'as',
    ...OUTPUT,
    'verbose',
    ...CONTRACT,
    'write',
    'execute',
    'context',
    'lock-timeout',
    'allow-pooled',
  ],
  demo: ['print-urls', 'keep'],
};

const KNOWN_FLAGS = new Set([
  ...Object.keys(FLAGS)
    .filter((f) => f !== 'color')
    .map(kebab),
  ...GENERAL,
]);
const NUMERIC = new Set(
  Object.entries(FLAGS)
    .filter(([, spec]) => spec.type === 'number')
    .map(([name]) => kebab(name)),
);
const VALUED = new Set(
  Object.entries(FLAGS)
    .filter(([, spec]) => spec.type !== 'boolean')
    .map(([name]) => kebab(name)),
);

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function closest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export const isCommand = (word: string | undefined): word is Command =>
  (COMMANDS as readonly string[]).includes(word ?? '');

/** The command word: the first argument that is neither an option nor an option's value. */
export function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (arg.startsWith('--') && !arg.includes('=') && VALUED.has(arg.slice(2))) i++;
  }
  return undefined;
}

/**
 * meow accepts unknown flags silently, and any flag for any command: a typo must not be ignored,
 * nor an option of another command (`watch --confirm x` would otherwise look fine and do nothing).
 */
export function rejectForeignFlags(argv: readonly string[], command: string | undefined): void {
  const known = command === undefined ? 'app' : isCommand(command) ? command : null;
  const own = known ? new Set([...COMMAND_FLAGS[known], ...GENERAL]) : KNOWN_FLAGS;
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    // "--window -5": a negative number read as a flag; every number an option takes is positive.
    if (/^-\d/.test(arg) && argv[index - 1]?.startsWith('--'))
      throw new UsageError(`${argv[index - 1]} must be a positive number (got ${arg})`);
    const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
    if (arg.startsWith('--') && NUMERIC.has(name)) {
      // meow reads "--ticks abc" as NaN: say what was typed.
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
      if (value === undefined || value.trim() === '' || Number.isNaN(Number(value)))
        throw new UsageError(
          `--${name} needs a number (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`,
        );
    }
    if (arg.startsWith('--') ? own.has(name) : name === 'h') continue;
    if (arg.startsWith('--') && KNOWN_FLAGS.has(name) && known) {
      const owners: string[] = COMMANDS.filter((c) => COMMAND_FLAGS[c].includes(name));
      // The app takes verify's flags and a few of its own (its Monitor's interval, its writes' settings).
      if (command !== undefined && COMMAND_FLAGS.app.includes(name) && !VERIFY.includes(name)) owners.push('the app');
      const who = command ?? 'without a command, mantis-sync-tui (verify, or the app)';
      throw new UsageError(
        `${who} does not take --${name} (it is an option of ${owners.join(', ')}); see mantis-sync-tui ${command ? `${command} ` : ''}--help`,
      );
    }
    const suggestion = closest(name, own) ?? closest(name, KNOWN_FLAGS);
    throw new UsageError(
      `unknown option ${arg.split('=')[0]}${suggestion ? `: did you mean --${suggestion}?` : ''} (see --help)`,
    );
  }
}

/** How each flag is shown in help: its form and what it does (continuation lines are indented under it). */
const FLAG_HELP: Readonly<Record<string, readonly [string, string]>> = {
  'issoh-url': ['--issoh-url <url>', 'IS-SOH database (default: $ENTERPRISE_DATABASE_URL or $DATABASE_URL)'],
  'spp-url': ['--spp-url <url>', 'SPP database (default: $NEON_SPP_DATABASE_URL)'],
  format: ['--format <text|markdown|json>', 'Output format (default: text)'],
  json: ['--json', 'Same as --format json'],
  verbose: ['--verbose', 'List passing checks too (text format)'],
  'connect-timeout': ['--connect-timeout <s>', 'Seconds to wait for a connection (default: 10)'],
  'statement-timeout': ['--statement-timeout <s>', 'Seconds a query may run (default: 30)'],
  as: [
    '--as <role>',
    'The role the application connects as: verify says whether RLS\napplies to it, test-rls probes as it (default: authenticated)',
  ],
  interval: ['--interval <s>', 'Seconds between samples (default 2, at least 0.5)'],
  ticks: ['--ticks <n>', 'Stop after n samples'],
  once: ['--once', 'Print one table (two samples, so rates are known) and exit'],
  org: ['--org <name|id>', 'Only this organization'],
  entity: ['--entity <type>', 'Only this entity type (product, order, …)'],
  sort: ['--sort <eta|updated|org>', 'Order of the list (default eta)'],
  yes: ['--yes', 'Confirm safe and moderate steps without asking (needed without a terminal)'],
  confirm: ['--confirm <database>', 'Confirm severe steps by naming the database'],
  step: ['--step <id>', 'Only this step (see plan); optional steps run only when named'],
  'dry-run': ['--dry-run', 'Run the steps in one transaction, re-check, and roll back'],
  'lock-timeout': ['--lock-timeout <s>', 'Seconds to wait for a table lock before giving up (default: 5)'],
  'allow-pooled': ['--allow-pooled', 'Allow writes through a Neon -pooler endpoint'],
  'audit-log': ['--audit-log <file>', 'Audit log (default: $XDG_STATE_HOME/mantis-sync-tui/audit.jsonl)'],
  'export-dir': [
    '--export-dir <dir>',
    'Where rebuilds and rollbacks export rows (default: ./mantis-<action>-<db>-<time>)',
  ],
  window: ['--window <minutes>', 'Window of the key metrics (default 60)'],
  ahead: ['--ahead <months>', 'maintain partitions: months after the current one to cover (default 3)'],
  'older-than': ['--older-than <months>', 'maintain archive: partitions whose month ended before this (default 6)'],
  'discard-data': ['--discard-data', 'Do not export the rows first (still needs --confirm)'],
  'allow-cascade': ['--allow-cascade <relation>', 'Let CASCADE drop this object outside 0024 (repeatable)'],
  database: ['--database <issoh|spp>', 'Where to roll back (default issoh; spp for a 0024 applied there by mistake)'],
  'print-urls': ['--print-urls', 'Only start the databases and print their URLs (for scripts)'],
  keep: ['--keep', 'Keep the demo data when it stops'],
  app: ['--app <dir>', "The application's source: its statements on the 0024 objects are checked too"],
  contract: ['--contract <file>', 'The statements from a contract file (see contract --write) instead of --app'],
  'include-tests': ['--include-tests', "With --app: read the application's test files too"],
  write: ['--write <file>', 'Write the statements found to a contract file to review and keep'],
  execute: [
    '--execute',
    'Run each statement for real with its example values, in a transaction\nthat always rolls back (NOT NULL, CHECK, foreign keys, RLS WITH CHECK, triggers)',
  ],
  context: ['--context <name=value>', 'A setting the application sets, e.g. app.current_org_id=… (repeatable)'],
  'accept-breaking': [
    '--accept-breaking <id>',
    'Apply a step that breaks this application statement (ids as plan names them; repeatable)',
  ],
  migrations: [
    '--migrations <dir>',
    'The intended state from these .sql files (applied in name order to a\nthrowaway PostgreSQL 17; cached) instead of the built-in 0024',
  ],
  target: ['--target <file>', 'With --migrations: the variant of a migration to aim at (default: the last)'],
  'no-color': ['--no-color', 'No colour (also NO_COLOR=1, TERM=dumb, or when not a terminal)'],
};

/** What a command is for, and how it is called; `flags` overrides a flag's words where this command means more. */
const COMMAND_HELP: Readonly<
  Record<Command, { readonly usage: string; readonly about: string; readonly flags?: Record<string, string> }>
> = {
  verify: { usage: 'verify', about: 'Check IS-SOH and SPP against migration 0024 and its prerequisites' },
  watch: { usage: 'watch', about: 'Live active syncs with an honest ETA (--json: one JSON line per tick)' },
  plan: { usage: 'plan', about: 'The remediation steps still needed on IS-SOH (prerequisites, 0024, repairs)' },
  apply: { usage: 'apply', about: 'Apply the plan, one confirmed, transactional, re-verified step at a time' },
  'test-rls': {
    usage: 'test-rls',
    about:
      'Prove RLS isolation between two organizations, every command through every table and partition,\nwith no user too (in a transaction, rolled back)',
  },
  health: { usage: 'health', about: 'Partitions, preview cache, key metrics, index usage, table sizes (seed 004)' },
  maintain: {
    usage: 'maintain partitions|archive|cache',
    about:
      'Create monthly partitions ahead (moving rows out of the catch-all), archive old partitions,\nor delete expired preview cache entries',
    flags: {
      yes: 'Confirm partitions and cache without asking (needed without a terminal)',
      confirm: 'archive: confirm by naming the database (archiving is severe)',
      'dry-run': 'Run the task in one transaction, check, and roll back',
      'export-dir': 'Where archive exports rows (default: ./mantis-archive-<db>-<time>)',
    },
  },
  rollback: {
    usage: 'rollback',
    about: 'Undo 0024 (seed 001’s rollback), exporting every row first',
    flags: {
      confirm: 'Required: the rollback is severe',
      'dry-run': 'Show exactly what would be dropped (run, check, roll back)',
      'export-dir': 'Where the rows are exported (default: ./mantis-rollback-<db>-<time>)',
    },
  },
  restore: {
    usage: 'restore DIR',
    about: 'Re-apply 0024 and load the rows a rollback exported to DIR',
    flags: { yes: 'Confirm without asking (needed without a terminal)' },
  },
  contract: {
    usage: 'contract --app DIR | --contract FILE',
    about:
      "Will the application's own statements work on IS-SOH? Each is parsed, bound and planned\nby the server (never run), or run and rolled back with --execute",
    flags: {
      as: "The role the application connects as (default: the URL's login)",
      format: 'Output format: text or json (default: text)',
      verbose: 'List the statements that work too',
      app: "The application's source tree, scanned for its statements on the 0024 objects",
      'allow-pooled': 'Allow --execute through a pooled endpoint',
      'lock-timeout': '--execute: seconds to wait for a lock (default: 5)',
    },
  },
  demo: {
    usage: 'demo',
    about:
      'The whole tool on an embedded PostgreSQL 17 with IS-SOH and SPP in seed 000’s state\n(--print-urls: only start them and print their URLs; --keep: keep the data)',
  },
};

/** The commands that write: their statements may run for 60 s unless --statement-timeout says. */
const WRITING: ReadonlySet<Command | 'app'> = new Set(['apply', 'test-rls', 'maintain', 'rollback', 'restore']);

/** A flag's words for this command: its own where it means more, the statement timeout a write gets. */
function flagWords(command: Command | 'app', name: string): string {
  if (name === 'statement-timeout' && WRITING.has(command)) return 'Seconds a statement may run (default: 60)';
  if (name === 'statement-timeout' && command === 'app') return 'Seconds a query may run (default: 30; 60 for writes)';
  return (command !== 'app' ? COMMAND_HELP[command].flags?.[name] : undefined) ?? FLAG_HELP[name]![1];
}

const COLUMN = 31;

function flagLine(name: string, description: string): string {
  const form = FLAG_HELP[name]![0];
  const [first, ...more] = description.split('\n');
  const head =
    form.length + 6 < COLUMN ? `    ${form.padEnd(COLUMN - 4)}${first}` : `    ${form}\n${' '.repeat(COLUMN)}${first}`;
  return [head, ...more.map((line) => `${' '.repeat(COLUMN)}${line}`)].join('\n');
}

/** `mantis-sync-tui <command> --help`: that command's usage and only its options. */
export function commandHelp(command: Command): string {
  const help = COMMAND_HELP[command];
  const options = [...COMMAND_FLAGS[command], 'no-color'].map((name) => flagLine(name, flagWords(command, name)));
  return `
  Usage
    $ mantis-sync-tui ${help.usage} [options]

    ${help.about.split('\n').join('\n    ')}

  Options
${options.join('\n')}
    --help (-h)

${EXIT_CODES}`;
}

const EXIT_CODES = `
  Exit codes
    0 all pass · 1 findings fail or are blocked · 2 usage or configuration error
    3 refused · 4 database unreachable or query failed · 70 internal error
`;

/** `mantis-sync-tui --help`: the commands and the options without one, from the same tables as each command's help. */
export function topLevelHelp(): string {
  const commands = COMMANDS.map((command) => {
    const { usage, about } = COMMAND_HELP[command];
    const [first, ...more] = about.split('\n');
    const head = usage.length < 12 ? `    ${usage.padEnd(12)}${first}` : `    ${usage}\n${' '.repeat(16)}${first}`;
    return [head, ...more.map((line) => `${' '.repeat(16)}${line}`)].join('\n');
  });
  const options = [...COMMAND_FLAGS.app, 'no-color'].map((name) => flagLine(name, flagWords('app', name)));
  return `
  Usage
    $ mantis-sync-tui [command] [options]

    Without a command on a terminal: the interactive app. Otherwise: verify.
    mantis-sync-tui <command> --help lists that command's options.

  Commands
${commands.join('\n')}

  Options without a command (verify, or the app on a terminal)
${options.join('\n')}
    --help (-h), --version
${EXIT_CODES}
  Examples
    $ DATABASE_URL=postgresql://… NEON_SPP_DATABASE_URL=postgresql://… mantis-sync-tui verify
    $ mantis-sync-tui verify --json | jq '.findings[] | select(.status == "fail")'
    $ mantis-sync-tui verify --format markdown > report.md
    $ mantis-sync-tui plan --verbose
    $ mantis-sync-tui apply --dry-run
    $ mantis-sync-tui apply --yes --confirm=mantis_issoh
    $ mantis-sync-tui test-rls --as app_user
`;
}
