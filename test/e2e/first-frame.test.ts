/**
 * The frame drawn before Ink loads (src/ui/first-frame.ts), in the real binary in a real
 * pseudo-terminal: its header and verdict are on the screen before Ink draws anything, Ink's
 * frame then replaces it leaving nothing behind, a silent database does not keep the app away,
 * keys typed meanwhile reach the app unechoed, and Ctrl-C meanwhile gives the terminal back.
 */
import { createServer, type Server, type Socket } from 'node:net';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/context.js';
import { KEY } from '../helpers/keys.js';
import {
  BIN,
  cursorShownAtEnd,
  reportingTerminalState,
  SEQUENCES,
  spawnApp,
  spawnPty,
  terminalEnv,
} from '../helpers/pty.js';
import { shellCommand } from '../helpers/ssh.js';

const TIMEOUT = 60_000;
const VERIFIED = /verified at \d\d:\d\d:\d\d/;
/** Ink opens every frame it draws with this (synchronized output); the frame before Ink does not. */
const INK_FRAME_START = '\u001b[?2026h';
const INK_FRAME_END = '\u001b[?2026l';

/** The screen a fresh 80x24 terminal shows after `output`, one string per row, trailing spaces removed. */
function screenAfter(output: string): Promise<string[]> {
  const term = new xterm.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  return new Promise((resolve) =>
    term.write(output, () => {
      const buffer = term.buffer.active;
      const rows = Array.from({ length: 24 }, (_, y) => buffer.getLine(y)?.translateToString(true) ?? '');
      term.dispose();
      resolve(rows);
    }),
  );
}

/** A server that takes connections and never answers: a database that does not wake up. */
let silent: Server;
let silentUrl: string;
const sockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  silentUrl = `postgresql://mantis:mantis-test-secret@127.0.0.1:${address.port}/asleep`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('the first frame, before Ink', () => {
  it(
    "shows the header and the verdict before Ink draws, then Ink's frame replaces it, nothing left over",
    async () => {
      const [issoh, spp] = await Promise.all([
        freshDatabase('issohSeed000', 'first'),
        freshDatabase('sppSeed000', 'first'),
      ]);
      const session = spawnApp({ DATABASE_URL: issoh, NEON_SPP_DATABASE_URL: spp });
      try {
        await session.waitFor(VERIFIED, 30_000);
        await session.settle(300);
        const output = session.output();
        const inkStarts = output.indexOf(INK_FRAME_START);
        expect(inkStarts).toBeGreaterThan(0);

        // Before Ink: the app's header with its tabs, then the verification's counts and verdict.
        const before = await screenAfter(output.slice(0, inkStarts));
        const counts = 'Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked';
        expect(before[0]).toBe(' 1 Overview  2 Checklist  3 Monitor  4 Remediate  5 Rollback  6 Health  ? Help');
        const at = before.findIndex((row) => row.trimEnd() === counts);
        expect(before[at + 1]).toBe('  → not ready: 4 failing, 75 blocked');
        expect(before.filter((row, i) => i !== 0 && i !== at && i !== at + 1 && row !== '')).toEqual([]);

        // Ink's first frame starts from that verdict, not from "connecting" again, and draws it on
        // the same rows: under the two database panels (stacked at 80 columns), nothing moves.
        const inkFirst = await screenAfter(
          SEQUENCES.enterAlternate + output.slice(inkStarts, output.indexOf(INK_FRAME_END, inkStarts)),
        );
        expect(inkFirst.findIndex((row) => row.trimEnd() === counts)).toBe(at);
        expect(inkFirst[at + 1]).toBe(before[at + 1]);
        expect(inkFirst.slice(1, at).join('\n')).toContain('SPP');
        expect(inkFirst.join('\n')).not.toContain('connecting');

        // What the person sees is exactly what Ink's frames alone draw on an empty screen.
        const inkAlone = await screenAfter(SEQUENCES.enterAlternate + output.slice(inkStarts));
        expect(session.lines()).toEqual(inkAlone);
        expect(session.screen()).not.toContain('waiting for both databases');

        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'a database that does not answer: the app loads anyway, showing it read, with the keys typed meanwhile',
    async () => {
      const spp = await freshDatabase('sppSeed000', 'first');
      const session = spawnApp({ DATABASE_URL: silentUrl, NEON_SPP_DATABASE_URL: spp });
      try {
        await session.waitFor(/^Verification: waiting for both databases…$/m);
        expect(session.output()).not.toContain(INK_FRAME_START);
        // Typed before Ink is loaded: not echoed, and acted on once the app is up, IS-SOH still silent.
        session.write('2');
        const checklist = await session.waitFor(
          /^Checklist\nIS-SOH +\S+ connecting and reading the catalog…$/m,
          20_000,
        );
        expect(checklist).toMatch(/^↑↓\/jk move .* q quit$/m);
        const before = await screenAfter(session.output().slice(0, session.output().indexOf(INK_FRAME_START)));
        // Where the Overview draws it while both are read: under two panels of 2 lines, each with a blank line.
        expect(before.indexOf('Verification: waiting for both databases…')).toBe(7);
        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'Ctrl-C before Ink is loaded ends the app and gives the terminal back (cooked, cursor shown, main screen)',
    async () => {
      const spp = await freshDatabase('sppSeed000', 'first');
      const command = shellCommand([
        'env',
        `DATABASE_URL=${silentUrl}`,
        `NEON_SPP_DATABASE_URL=${spp}`,
        process.execPath,
        BIN,
      ]);
      const session = spawnPty('/bin/sh', ['-c', reportingTerminalState(command)], { env: terminalEnv() });
      try {
        await session.waitFor(/^Verification: waiting for both databases…$/m);
        session.write(KEY.ctrlC);
        await session.waitFor(/EXIT=0 TTY=cooked/);
        const output = session.output();
        expect(output).not.toContain(INK_FRAME_START);
        expect(session.alternate()).toBe(false);
        expect(output.lastIndexOf(SEQUENCES.leaveAlternate)).toBeGreaterThan(
          output.lastIndexOf(SEQUENCES.enterAlternate),
        );
        expect(cursorShownAtEnd(output)).toBe(true);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});
