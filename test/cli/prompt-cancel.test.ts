/**
 * Every prompt of every writing command, in a real terminal: Ctrl-C and Ctrl-D at it leave with
 * "cancelled, nothing changed" and exit 130, and the database is as it was (its catalog and rows
 * read before and after). What is at stake is on the screen before the question.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { BIN, spawnPty, terminalEnv } from '../helpers/pty.js';

/** The facts a write would change: every relation of public, its partitions, and the rows of 0024's tables. */
const catalog = (url: string) =>
  withClient(url, async (c) => {
    const relations = await c.query(
      `SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || coalesce(pg_get_expr(c.relpartbound, c.oid), ''), ',' ORDER BY c.relname) AS r
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace`,
    );
    const rows = await c.query(
      `SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = 'auth') AS auth,
              CASE WHEN to_regclass('public.sync_preview_cache') IS NULL THEN NULL
                   ELSE (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM public.sync_preview_cache', false, false, '')))[1]::text END AS cache`,
    );
    return { relations: relations.rows[0].r as string, ...rows.rows[0] };
  });

interface PromptCase {
  readonly name: string;
  /** the database in the state where the command asks, and anything else it needs */
  readonly given: () => Promise<{ url: string; args: string[] }>;
  /** on the screen before the question: what is at stake */
  readonly stakes: RegExp;
  readonly question: RegExp;
}

const audit = () => join(scratchDirectory('mantis-prompt-'), 'audit.jsonl');

const CASES: readonly PromptCase[] = [
  {
    name: 'apply, y/N for a safe step',
    given: async () => ({ url: await freshDatabase('issohSeed000', 'prompt'), args: ['apply'] }),
    stakes: /prereq-\S+ \(safe\) .*\n {4}\S/,
    question: /Apply prereq-\S+ \(safe\): .*\? \[y\/N\]/,
  },
  {
    name: 'apply, the database name for a severe step',
    given: async () => ({
      url: await freshDatabase('drifted', 'prompt'),
      args: ['apply', '--step', 'rebuild-sync_activity_log'],
    }),
    stakes: /rebuild-sync_activity_log \(severe\) .*\n {4}\S/,
    question: /Type the database name \(\S+\) to go on, or press Enter to stop:/,
  },
  {
    name: 'rollback, the database name after its dry run',
    given: async () => ({ url: await freshDatabase('migrated', 'prompt'), args: ['rollback'] }),
    stakes: /drop +table +public\.sync_progress[\s\S]*every row is exported to \S+/,
    question: /Roll back 0024 on IS-SOH .*Type the database name/,
  },
  {
    name: 'restore, y/N after what the export holds',
    given: async () => {
      const url = await freshDatabase('migrated', 'prompt');
      const dir = join(scratchDirectory('mantis-prompt-export-'), 'export');
      const database = new URL(url).pathname.slice(1);
      const rolledBack = await runCli(
        ['rollback', `--confirm=${database}`, '--export-dir', dir, '--audit-log', audit()],
        {
          DATABASE_URL: url,
        },
      );
      expect(rolledBack.code).toBe(0);
      return { url, args: ['restore', dir] };
    },
    stakes: /Export \S+:\s+public\.sync_/,
    question: /Re-apply 0024 on IS-SOH .*\? \[y\/N\]/,
  },
  {
    name: 'maintain partitions, y/N after its dry run',
    given: async () => ({
      url: await freshDatabase('migrated', 'prompt'),
      args: ['maintain', 'partitions', '--ahead', '24'],
    }),
    stakes: /create: sync_activity_log_\d{4}_\d\d/,
    question: /create monthly partitions ahead .*\? \[y\/N\]/,
  },
  {
    name: 'maintain cache, y/N after its dry run',
    given: async () => ({ url: await freshDatabase('migrated', 'prompt'), args: ['maintain', 'cache'] }),
    stakes: /preview cache: \d+ live, \d+ expired/,
    question: /delete expired preview cache entries .*\? \[y\/N\]/,
  },
  {
    name: 'maintain archive, the database name after its dry run',
    given: async () => {
      const url = await freshDatabase('migrated', 'prompt');
      // A month long past, with a row: something to archive.
      await withClient(url, (c) =>
        c.query(`CREATE TABLE public.sync_activity_log_2020_01 PARTITION OF public.sync_activity_log
                   FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2020-02-01 00:00:00+00')`),
      );
      return { url, args: ['maintain', 'archive'] };
    },
    stakes: /sync_activity_log_2020_01 → /,
    question: /archive old partitions .*Type the database name/,
  },
];

const KEYS = { 'Ctrl-C': '\u0003', 'Ctrl-D': '\u0004' } as const;

describe('Ctrl-C or Ctrl-D at a prompt: cancelled, nothing changed, exit 130', () => {
  for (const promptCase of CASES) {
    for (const [keyName, key] of Object.entries(KEYS)) {
      it(`${promptCase.name}: ${keyName}`, async () => {
        const { url, args } = await promptCase.given();
        const before = await catalog(url);
        const session = spawnPty(process.execPath, [BIN, ...args, '--audit-log', audit()], {
          cols: 200,
          rows: 60,
          env: terminalEnv({ DATABASE_URL: url }),
        });
        try {
          const asked = await session.waitFor(promptCase.question, 30_000);
          // What is at stake comes before the question, never after.
          const question = asked.search(promptCase.question);
          expect(asked.slice(0, question + 1)).toMatch(promptCase.stakes);
          session.write(key);
          const exit = await session.exited(20_000);
          expect({ exit: exit.exitCode, screen: session.screen() }).toEqual({
            exit: 130,
            screen: expect.stringContaining('mantis-sync-tui: cancelled, nothing changed'),
          });
          expect(session.output()).not.toContain('internal error');
          expect(session.output().match(/cancelled/g)).toHaveLength(1);
        } finally {
          session.kill();
        }
        expect(await catalog(url)).toEqual(before);
      }, 60_000);
    }
  }

  it('a typed name that is not the database says what was typed: refused, 3, nothing changed', async () => {
    const url = await freshDatabase('migrated', 'prompt');
    const before = await catalog(url);
    const session = spawnPty(process.execPath, [BIN, 'rollback', '--audit-log', audit()], {
      cols: 200,
      rows: 60,
      env: terminalEnv({ DATABASE_URL: url }),
    });
    try {
      await session.waitFor(/Type the database name/, 30_000);
      session.write('production\r');
      expect((await session.exited(20_000)).exitCode).toBe(3);
      expect(session.screen()).toMatch(/not confirmed: you typed "production", not mantis_\w+; nothing was changed/);
    } finally {
      session.kill();
    }
    expect(await catalog(url)).toEqual(before);
  }, 60_000);
  it('in a named environment the typed name names it: PRODUCTION upper-cased, staging as written', async () => {
    const cwd = scratchDirectory('mantis-prompt-env-');
    writeFileSync(
      join(cwd, 'mantis-sync-tui.json'),
      JSON.stringify({
        environments: {
          production: { issoh: 'PROD_URL', production: true },
          staging: { issoh: 'STAGING_URL' },
        },
      }),
    );
    const [production, staging] = await Promise.all([
      freshDatabase('migrated', 'prompt'),
      freshDatabase('drifted', 'prompt'),
    ]);
    const cases = [
      { args: ['rollback', '--env', 'production'], url: production, asks: 'to roll back PRODUCTION' },
      {
        args: ['apply', '--step', 'rebuild-sync_activity_log', '--env', 'staging'],
        url: staging,
        asks: 'to apply rebuild-sync_activity_log in staging',
      },
    ];
    for (const { args, url, asks } of cases) {
      const before = await catalog(url);
      const session = spawnPty(process.execPath, [BIN, ...args, '--audit-log', audit()], {
        cols: 200,
        rows: 60,
        cwd,
        env: terminalEnv({ PROD_URL: production, STAGING_URL: staging }),
      });
      try {
        const database = new URL(url).pathname.slice(1);
        await session.waitFor(`Type ${database} ${asks}, or press Enter to stop:`, 30_000);
        session.write('\r');
        expect((await session.exited(20_000)).exitCode).toBe(3);
      } finally {
        session.kill();
      }
      expect(await catalog(url)).toEqual(before);
    }
  }, 90_000);
});
