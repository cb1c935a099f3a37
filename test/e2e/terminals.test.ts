/**
 * Terminals as they are (issue 23 item 10), the real binary in a real pseudo-terminal: the Linux
 * console and a VT100 get ASCII marks and spinner; in colour the progress bar has a text form;
 * under tmux with set-clipboard off, y says the copy may not reach the clipboard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { Simulator } from '../../src/db/simulator.js';
import { freshDatabase } from '../helpers/context.js';
import { BIN, spawnApp, spawnPty, terminalEnv } from '../helpers/pty.js';

const TIMEOUT = 90_000;
const NON_ASCII = /[^\x00-\x7f]/;
/** the Unicode marks (pass, fail, blocked, skip), which the Linux console's font lacks */
const MARKS = /[✓✗⊘–]/;
/** ink-spinner's "dots" frames */
const BRAILLE = /[\u2800-\u28ff]/;

describe('terminals as they are', () => {
  for (const term of ['linux', 'vt100']) {
    it(
      `TERM=${term} (with a UTF-8 locale): the app's spinner and marks, and verify's, are ASCII`,
      async () => {
        const url = await freshDatabase('issohSeed000', 'e2e');
        const session = spawnApp({ DATABASE_URL: url, TERM: term, LANG: 'C.UTF-8' });
        try {
          const screen = await session.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
          expect(screen).toContain('[FAIL]');
          expect(screen).not.toMatch(NON_ASCII);
          // The spinner while the catalog was read: its frames too.
          expect(session.output()).not.toMatch(BRAILLE);
          session.write('q');
          expect((await session.exited()).exitCode).toBe(0);
        } finally {
          session.kill();
        }
        const verify = spawnPty(process.execPath, [BIN, 'verify'], {
          env: terminalEnv({ DATABASE_URL: url, TERM: term, LANG: 'C.UTF-8' }),
        });
        try {
          await verify.exited(30_000);
          expect(verify.output()).toContain('[FAIL]');
          expect(verify.output()).not.toMatch(MARKS);
        } finally {
          verify.kill();
        }
      },
      TIMEOUT,
    );
  }

  it(
    'in colour the progress bar reads as text too ("=" done, "-" to do), not only coloured blanks',
    async () => {
      const url = await freshDatabase('migrated', 'e2e');
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pool.on('error', () => {});
      const sim = new Simulator({ query: (text: string, values?: unknown[]) => pool.query(text, values) } as Database);
      await sim.start([
        { syncId: 'halfway', org: 'acme', entity: 'product', source: 'odoo', total: 1_000, ratePerMin: 1 },
      ]);
      await pool.query(`UPDATE sync_progress SET processed_count = 500 WHERE sync_id = 'halfway'`);
      const session = spawnApp({ DATABASE_URL: url });
      try {
        await session.waitFor(/verified at \d\d:\d\d:\d\d/, 20_000);
        session.write('3');
        const screen = await session.waitFor(/ halfway /, 20_000);
        expect(screen).toMatch(/ halfway +=+-+ +50%/);
        session.write('q');
        await session.exited();
      } finally {
        session.kill();
        await sim.stop();
        await pool.end();
      }
    },
    TIMEOUT,
  );

  it(
    'under tmux with set-clipboard off, y says the copy may not reach the clipboard instead of "copied"',
    async () => {
      const url = await freshDatabase('issohSeed000', 'e2e');
      const directory = mkdtempSync(join(tmpdir(), 'mantis-tmux-'));
      const config = join(directory, 'tmux.conf');
      writeFileSync(config, 'set -g set-clipboard off\nset -g status off\n');
      const socket = `mantis-e2e-${process.pid}`;
      const env = terminalEnv({ DATABASE_URL: url });
      const session = spawnPty('tmux', ['-L', socket, '-f', config, 'new-session', `${process.execPath} ${BIN}`], {
        env,
        cols: 120,
        rows: 30,
      });
      try {
        await session.waitFor(/verified at \d\d:\d\d:\d\d/, 30_000);
        session.write('2');
        await session.waitFor(/^› /m);
        // From the group's line to its first finding.
        session.write('j');
        await session.waitFor(/^› +\S+ TOP/m);
        session.write('y');
        const said = await session.waitFor(/may not reach the clipboard/);
        expect(said).toMatch(/^the copy may not reach the clipboard: tmux has set-clipboard off/m);
        expect(said).not.toMatch(/copied the/);
      } finally {
        session.kill();
        spawnPty('tmux', ['-L', socket, 'kill-server'], { env });
        rmSync(directory, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
