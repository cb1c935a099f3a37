/**
 * The same app through a real SSH session: an sshd of the test's own on 127.0.0.1, `ssh -tt`
 * in a pseudo-terminal, the app in the remote pseudo-terminal sshd allocates. Never skipped: on a
 * machine without sshd, `npm test` does not run this file and names it on a "not run:" line
 * (counted as skipped); run directly there, or when sshd cannot start, it fails and says why.
 */
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/context.js';
import { ROOT } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import { BIN, cursorShownAtEnd, reportingTerminalState, SEQUENCES, spawnPty, terminalEnv } from '../helpers/pty.js';
import { type Sshd, shellCommand, startSshd } from '../helpers/ssh.js';

const VERIFIED = /verified at \d\d:\d\d:\d\d/;

describe('over SSH', () => {
  let sshd: Sshd;
  let issoh: string;
  let spp: string;
  beforeAll(async () => {
    sshd = await startSshd();
    [issoh, spp] = await Promise.all([freshDatabase('issohSeed000', 'ssh'), freshDatabase('sppSeed000', 'ssh')]);
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('runs in the remote terminal: overview, a failing finding in detail, q, and the remote terminal is restored', async () => {
    const app = shellCommand([
      'env',
      `DATABASE_URL=${issoh}`,
      `NEON_SPP_DATABASE_URL=${spp}`,
      'TERM=xterm-256color',
      `PATH=${dirname(process.execPath)}:/usr/bin:/bin`,
      process.execPath,
      BIN,
    ]);
    const session = spawnPty('ssh', sshd.sshArgs(`cd ${shellCommand([ROOT])} && ${reportingTerminalState(app)}`), {
      env: terminalEnv(),
    });
    try {
      const overview = await session.waitFor(VERIFIED, 30_000);
      expect(session.alternate()).toBe(true);
      expect(overview).toMatch(/IS-SOH ✓ read in \d+ ms/);
      expect(overview).toMatch(/SPP {4}✓ read in \d+ ms/);
      expect(overview).toContain('Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
      expect(overview).toMatch(/Topology {2}✓ core {2}✓ serve/);

      // A window change travels over SSH (SIGWINCH in the remote terminal): the app reflows.
      session.resize(120, 30);
      await session.waitFor(/IS-SOH ✓ read in \d+ ms .* {2}SPP {4}✓ read in \d+ ms/);
      session.resize(80, 24);
      await session.waitFor(/^IS-SOH ✓ read in \d+ ms · round trip [\d.]+ ms \(connect/m);

      session.write('2');
      await session.waitFor(/^› ▾ Topology/m);
      for (let i = 0; i < 9; i++) session.write(KEY.down);
      await session.waitFor(/^› +✗ PRQ003 schema auth missing/m);
      session.write(KEY.enter);
      const detail = await session.waitFor('Fix SQL');
      expect(detail).toContain('✗ PRQ003 · fail · critical · IS-SOH');
      expect(detail).toContain('Expected    schema auth');
      expect(detail).toContain('  CREATE SCHEMA IF NOT EXISTS auth;');

      session.write('y');
      await session.waitFor('copied the fix SQL of PRQ003 auth to the clipboard (OSC 52)');
      const osc = /\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(session.output());
      expect(Buffer.from(osc?.[1] ?? '', 'base64').toString('utf8')).toContain('CREATE SCHEMA IF NOT EXISTS auth;');

      session.write('q');
      const after = await session.waitFor('EXIT=', 15_000);
      expect(after).toContain('EXIT=0 TTY=cooked');
      const exit = await session.exited(15_000);
      expect(exit.exitCode).toBe(0);
      const output = session.output();
      expect(output.lastIndexOf(SEQUENCES.leaveAlternate)).toBeGreaterThan(
        output.lastIndexOf(SEQUENCES.enterAlternate),
      );
      expect(session.alternate()).toBe(false);
      expect(cursorShownAtEnd(output)).toBe(true);
      expect(output).not.toContain('mantis-test-secret');
    } finally {
      session.kill();
    }
  }, 90_000);
});
