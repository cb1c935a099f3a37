/**
 * Every command's every failure class, from one table: the exit code DESIGN.md gives it, the error
 * said once on stderr (one line), and stdout clean of it.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { ROOT } from '../helpers/databases.js';

const APP = join(ROOT, 'test', 'fixtures', 'app');

interface World {
  /** 0024 applied */
  readonly migrated: string;
  /** seed 000: no 0024 */
  readonly bare: string;
  /** a rollback's export of `migrated`'s twin, whose 0024 is back in place */
  readonly exportDir: string;
  readonly audit: string;
}

type Failure =
  | 'missing env'
  | 'wrong password'
  | 'unreachable host'
  | 'pooled URL for a write'
  | 'unknown flag'
  | 'flag without value'
  | 'bad value'
  | 'refused'
  | 'database error';

interface Case {
  readonly args: (w: World) => string[];
  /** DATABASE_URL; undefined: not set */
  readonly url?: (w: World) => string;
  readonly code: number;
  /** the error's words: once on stderr, never on stdout */
  readonly says: RegExp;
}

const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};
const unreachable = 'postgresql://nobody:secret@127.0.0.1:9/none';
const pooled = (url: string) => `${url}${url.includes('?') ? '&' : '?'}pgbouncer=true`;

/** The classes every command that connects shares, given how the command is run without a mistake. */
function connecting(args: (w: World) => string[]): Partial<Record<Failure, Case>> {
  return {
    'missing env': { args, code: 2, says: /set DATABASE_URL/ },
    'wrong password': {
      args,
      url: (w) => withPassword(w.migrated, 'not-the-password'),
      code: 4,
      says: /password authentication failed for the user in DATABASE_URL: fix the password there/,
    },
    'unreachable host': {
      args: (w) => [...args(w), '--connect-timeout', '1'],
      url: () => unreachable,
      code: 4,
      says: /connection refused: is the server running and the port right in DATABASE_URL\?/,
    },
    'unknown flag': {
      args: (w) => [...args(w), '--frobnicate'],
      url: (w) => w.migrated,
      code: 2,
      says: /unknown option --frobnicate/,
    },
    'flag without value': {
      args: (w) => [...args(w), '--issoh-url'],
      url: (w) => w.migrated,
      code: 2,
      says: /--issoh-url needs a value/,
    },
    'bad value': {
      args: (w) => [...args(w), '--connect-timeout', 'soon'],
      url: (w) => w.migrated,
      code: 2,
      says: /--connect-timeout needs a number \(got "soon"\)/,
    },
  };
}

const pooledWrite = (args: (w: World) => string[]): Case => ({
  args,
  url: (w) => pooled(w.migrated),
  code: 3,
  says: /refused: IS-SOH \(127\.0\.0\.1\) is a pooled endpoint \(pgbouncer=true\)/,
});

const TABLE: Record<string, Partial<Record<Failure, Case>>> = {
  verify: connecting(() => ['verify']),
  plan: connecting(() => ['plan']),
  apply: {
    ...connecting((w) => ['apply', '--dry-run', '--audit-log', w.audit]),
    'pooled URL for a write': pooledWrite((w) => ['apply', '--yes', '--audit-log', w.audit]),
    refused: {
      args: (w) => ['apply', '--audit-log', w.audit],
      url: (w) => w.bare,
      code: 3,
      says: /refused: apply changes the database and nobody can confirm here \(stdin is not a terminal\): pass --yes; nothing was changed/,
    },
    'database error': {
      args: (w) => ['apply', '--dry-run', '--step', 'no-such-step', '--audit-log', w.audit],
      url: (w) => w.bare,
      code: 2,
      says: /no step no-such-step in the plan/,
    },
  },
  'test-rls': {
    ...connecting(() => ['test-rls']),
    'database error': { args: () => ['test-rls'], url: (w) => w.bare, code: 1, says: /0024 is not applied/ },
  },
  watch: {
    ...connecting(() => ['watch', '--once', '--interval', '0.5']),
    'database error': {
      args: () => ['watch', '--once'],
      url: (w) => w.bare,
      code: 1,
      says: /sync_progress/,
    },
  },
  health: {
    ...connecting(() => ['health']),
    'database error': {
      args: () => ['health'],
      url: (w) => w.bare,
      code: 1,
      says: /the 0024 tables do not exist here/,
    },
  },
  maintain: {
    ...connecting((w) => ['maintain', 'partitions', '--dry-run', '--audit-log', w.audit]),
    'pooled URL for a write': pooledWrite((w) => ['maintain', 'cache', '--yes', '--audit-log', w.audit]),
    refused: {
      args: (w) => ['maintain', 'archive', '--confirm', 'production', '--audit-log', w.audit],
      url: (w) => w.migrated,
      code: 3,
      says: /refused: --confirm=production does not name the database/,
    },
    'database error': {
      args: (w) => ['maintain', 'partitions', '--dry-run', '--audit-log', w.audit],
      url: (w) => w.bare,
      code: 1,
      says: /public\.sync_activity_log does not exist here: 0024 is not applied \(mantis-sync-tui verify says what is missing, plan lists the steps, apply runs them\)/,
    },
  },
  rollback: {
    ...connecting((w) => ['rollback', '--dry-run', '--audit-log', w.audit]),
    'pooled URL for a write': pooledWrite((w) => ['rollback', '--dry-run', '--audit-log', w.audit]),
    refused: {
      args: (w) => ['rollback', '--audit-log', w.audit],
      url: (w) => w.migrated,
      code: 3,
      says: /refused: Rolling back 0024 is severe: pass --confirm=\S+ \(stdin is not a terminal to type it\)/,
    },
    'database error': {
      args: (w) => [
        'rollback',
        `--confirm=${new URL(w.migrated).pathname.slice(1)}`,
        '--export-dir',
        '/proc/x',
        '--audit-log',
        w.audit,
      ],
      url: (w) => w.migrated,
      code: 2,
      says: /cannot export to \/proc\/x/,
    },
  },
  restore: {
    ...connecting((w) => ['restore', w.exportDir, '--yes', '--audit-log', w.audit]),
    'missing env': { args: (w) => ['restore', w.exportDir, '--yes'], code: 2, says: /set DATABASE_URL/ },
    'pooled URL for a write': pooledWrite((w) => ['restore', w.exportDir, '--yes', '--audit-log', w.audit]),
    refused: {
      args: (w) => ['restore', w.exportDir, '--yes', '--audit-log', w.audit],
      url: (w) => w.migrated,
      code: 3,
      says: /refused: public\.sync_activity_log, public\.sync_preview_cache, public\.sync_progress already exist/,
    },
    'database error': {
      args: (w) => ['restore', join(w.exportDir, 'nope'), '--yes'],
      url: (w) => w.migrated,
      code: 2,
      says: /does not exist; nothing was changed/,
    },
  },
  contract: {
    ...connecting(() => ['contract', '--app', APP]),
    'pooled URL for a write': pooledWrite(() => ['contract', '--app', APP, '--execute']),
  },
};

const occurrences = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

describe('each failure class of each command: its exit code, said once on stderr, stdout clean', () => {
  let world: World;
  beforeAll(async () => {
    const source = await freshDatabase('migrated', 'fail');
    const exportDir = join(scratchDirectory('mantis-fail-'), 'export');
    const audit = join(scratchDirectory('mantis-fail-audit-'), 'audit.jsonl');
    const database = new URL(source).pathname.slice(1);
    expect(
      (
        await runCli(['rollback', `--confirm=${database}`, '--export-dir', exportDir, '--audit-log', audit], {
          DATABASE_URL: source,
        })
      ).code,
    ).toBe(0);
    world = {
      migrated: await freshDatabase('migrated', 'fail'),
      bare: await freshDatabase('issohSeed000', 'fail'),
      exportDir,
      audit,
    };
  }, 60_000);

  for (const [command, failures] of Object.entries(TABLE)) {
    it(command, async () => {
      const seen: unknown[] = [];
      const wanted: unknown[] = [];
      for (const [failure, c] of Object.entries(failures)) {
        const url = c.url?.(world);
        // IS-SOH alone: verify's note that SPP was not checked is its own line, not the error's.
        const env: Record<string, string> = url ? { DATABASE_URL: url } : {};
        const r = await runCli(c.args(world), env);
        const errorLines = r.stderr.split('\n').filter((line) => c.says.test(line));
        seen.push({
          failure,
          code: r.code,
          onStderr: occurrences(r.stderr, c.says),
          lines: errorLines.length,
          onStdout: occurrences(r.stdout, c.says),
          internal: r.stderr.includes('internal error'),
        });
        wanted.push({ failure, code: c.code, onStderr: 1, lines: 1, onStdout: 0, internal: false });
      }
      expect(seen).toEqual(wanted);
    }, 120_000);
  }
});
