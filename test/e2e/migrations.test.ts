/**
 * The app started with --migrations DIR by the real binary in a real pseudo-terminal: the intended
 * state is built before the app takes the terminal (its note, or a wrong directory, said on the
 * normal screen), and the app judges the database against the files.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDirectory } from '../helpers/context.js';
import { databaseFrom, MIGRATION_FIXTURES } from '../helpers/migrations.js';
import { BIN, SEQUENCES, spawnPty, terminalEnv } from '../helpers/pty.js';

const FAILING = join(MIGRATION_FIXTURES, 'failing');
const TIMEOUT = 90_000;

describe('the app with --migrations DIR, in a terminal', () => {
  it(
    "says it builds the intended state, then opens on the files' findings; q leaves with the terminal restored",
    async () => {
      const url = await databaseFrom(FAILING, ['002_patch.sql'], 'e2emig');
      const env = terminalEnv({ DATABASE_URL: url, XDG_CACHE_HOME: scratchDirectory('mantis-xdg-') });
      const session = spawnPty(process.execPath, [BIN, '--migrations', FAILING], { env });
      try {
        await session.waitFor('building the intended state of', 60_000);
        const overview = await session.waitFor(/verified at \d\d:\d\d:\d\d/, 60_000);
        expect(session.alternate()).toBe(true);
        expect(overview).toContain('✗ Migration files: 002_patch.sql');
        expect(overview).not.toContain('sync_progress');
        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
        expect(session.alternate()).toBe(false);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'refuses a directory that is not there before taking the terminal (exit 2)',
    async () => {
      const session = spawnPty(process.execPath, [BIN, '--migrations', '/nonexistent/dir'], {
        env: terminalEnv({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }),
      });
      try {
        expect((await session.exited()).exitCode).toBe(2);
        expect(session.screen()).toContain('--migrations /nonexistent/dir: no such directory');
        expect(session.output()).not.toContain(SEQUENCES.enterAlternate);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});
