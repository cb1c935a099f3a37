/**
 * The real binary in a real pseudo-terminal (node-pty, 80x24), its output read by a headless
 * xterm.js, against real databases with known gaps: what a person sees, the keys they press,
 * and the terminal they get back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { KEY } from '../helpers/keys.js';
import {
  BIN,
  COLOUR_SEQUENCE,
  cursorShownAtEnd,
  type PtySession,
  reportingTerminalState,
  SEQUENCES,
  spawnApp,
  spawnPty,
  terminalEnv,
} from '../helpers/pty.js';
import { shellCommand } from '../helpers/ssh.js';

const VERIFIED = /verified at \d\d:\d\d:\d\d/;
const TIMEOUT = 60_000;

/** What the terminal looks like once the program has ended: restored as it was. */
function expectRestored(session: PtySession) {
  const output = session.output();
  expect(output).toContain(SEQUENCES.enterAlternate);
  expect(output.lastIndexOf(SEQUENCES.leaveAlternate)).toBeGreaterThan(output.lastIndexOf(SEQUENCES.enterAlternate));
  expect(session.alternate()).toBe(false);
  expect(cursorShownAtEnd(output)).toBe(true);
}

async function typeAndWait(session: PtySession, keys: string, pattern: string | RegExp) {
  session.write(keys);
  return session.waitFor(pattern);
}

describe('the app in a terminal, on seed 000 (IS-SOH blocked by missing prerequisites)', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const [issoh, spp] = await Promise.all([freshDatabase('issohSeed000', 'e2e'), freshDatabase('sppSeed000', 'e2e')]);
    env = { DATABASE_URL: issoh, NEON_SPP_DATABASE_URL: spp };
  });

  it(
    'opens on the overview, moves to a failing finding, shows its detail, and q gives the terminal back',
    async () => {
      const command = shellCommand(['env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, BIN]);
      const session = spawnPty('/bin/sh', ['-c', reportingTerminalState(command)], { env: terminalEnv() });
      try {
        const overview = await session.waitFor(VERIFIED);
        expect(session.alternate()).toBe(true);
        expect(overview).toMatch(
          /^ 1 Overview {2}2 Checklist {2}3 Monitor {2}4 Remediate {2}5 Rollback {2}6 Health {2}\? Help/,
        );
        expect(overview).toMatch(/IS-SOH ✓ read in \d+ ms/);
        expect(overview).toMatch(/SPP {4}✓ read in \d+ ms/);
        expect(overview).toContain('Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
        expect(overview).toMatch(/! FDW SPP → IS-SOH +missing/);
        expect(overview).not.toContain('mantis-test-secret');

        await typeAndWait(session, '2', /^› ▾ Topology/m);
        for (let i = 0; i < 9; i++) session.write(KEY.down);
        const list = await session.waitFor(/^› +✗ PRQ003 schema auth missing +auth +IS-SOH/m);
        expect(session.lines()[23]).toBe('');
        expect(list).toMatch(/^↑↓\/jk move {2}Enter open/m);

        // k, j and Enter in one read, as a slow SSH link delivers keys typed ahead: each is a press.
        const detail = await typeAndWait(session, `kj${KEY.enter}`, 'Fix SQL');
        expect(detail).toContain('✗ PRQ003 · fail · critical · IS-SOH');
        expect(detail).toContain('schema auth missing');
        expect(detail).toContain('Expected    schema auth');
        expect(detail).toContain('Actual      does not exist');
        expect(detail).toContain('Impact      auth.users_extended and auth.uid() cannot exist');
        expect(detail).toContain("  SELECT nspname FROM pg_namespace WHERE nspname = 'auth';");
        expect(detail).toContain('  CREATE SCHEMA IF NOT EXISTS auth;');

        session.write('q');
        const after = await session.waitFor('EXIT=');
        expect(after).toContain('EXIT=0 TTY=cooked');
        expect((await session.exited()).exitCode).toBe(0);
        expectRestored(session);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'is legible on TERM=vt100 (ASCII only) and without colour under NO_COLOR=1',
    async () => {
      const vt100 = spawnApp({ ...env, TERM: 'vt100' });
      const plain = spawnApp({ ...env, NO_COLOR: '1' });
      try {
        await vt100.waitFor(VERIFIED);
        const ascii = await typeAndWait(vt100, '2f', /^> +\[FAIL\] +PRQ003/m);
        expect(ascii).toContain('4 of 90 shown');
        expect(ascii).toContain('Up/Down/jk move');
        expect(ascii).not.toMatch(/[^\x00-\x7f]/);

        const overview = await plain.waitFor(VERIFIED);
        expect(overview).toContain('✗ 4 fail');
        await typeAndWait(plain, '2', '90 checks');
        expect(plain.output()).not.toMatch(COLOUR_SEQUENCE);
        // The selection is still visible: reverse video is not colour.
        expect(plain.output()).toContain('\u001b[7m');
        expect(vt100.output()).toMatch(COLOUR_SEQUENCE);

        vt100.write(KEY.ctrlC);
        plain.write('q');
        expect((await vt100.exited()).exitCode).toBe(0);
        expect((await plain.exited()).exitCode).toBe(0);
        expectRestored(vt100);
        expectRestored(plain);
      } finally {
        vt100.kill();
        plain.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'reflows when the terminal is resized, says when it is too small, and leaves no stale text',
    async () => {
      const session = spawnApp(env);
      try {
        await session.waitFor(VERIFIED);
        session.resize(120, 30);
        const wide = await session.waitFor(/IS-SOH ✓ read in \d+ ms .* {2}SPP {4}✓ read in \d+ ms/);
        expect(wide).toMatch(/^mantis-sync-tui +1 Overview/);
        session.resize(50, 12);
        const small = await session.waitFor('Terminal too small: 50x12');
        expect(small.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(4);
        session.resize(80, 24);
        const back = await session.waitFor(/^Topology/m);
        expect(back).not.toContain('too small');
        expect(session.lines()[0]).toBe(
          ' 1 Overview  2 Checklist  3 Monitor  4 Remediate  5 Rollback  6 Health  ? Help',
        );
        expect(session.lines()[22]).toMatch(/^Enter findings {2}r re-verify/);
        expect(session.lines().every((line) => line.length <= 80)).toBe(true);
        session.write('q');
        expect((await session.exited()).exitCode).toBe(0);
        expectRestored(session);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'writes nothing while idle, and little for a key press',
    async () => {
      const session = spawnApp(env);
      try {
        await session.waitFor(VERIFIED);
        await session.settle(300);
        const before = session.bytes();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(session.bytes() - before).toBeLessThan(200);
        session.write('2');
        await session.waitFor('90 checks');
        await session.settle(200);
        const moved = session.bytes();
        session.write('j');
        await session.waitFor(/^› +! TOP004/m);
        await session.settle(200);
        expect(session.bytes() - moved).toBeLessThan(600);
        session.write('q');
        await session.exited();
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    "with stdout piped, even from a terminal, prints verify's plain text and never takes the screen",
    async () => {
      const command = shellCommand(['env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, BIN]);
      const session = spawnPty('/bin/sh', ['-c', `${command} | cat`], { env: terminalEnv() });
      try {
        await session.waitFor(/Summary {2}8 pass · 4 fail · 3 warn · 75 blocked/);
        expect(session.output()).toContain('mantis-sync-tui verify');
        expect((await session.exited()).exitCode).toBe(0);
        expect(session.output()).not.toContain(SEQUENCES.enterAlternate);
        expect(session.output()).not.toContain('1 Overview');
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );

  it(
    'gives the terminal back when it is killed with SIGTERM',
    async () => {
      const session = spawnApp(env);
      try {
        await session.waitFor(VERIFIED);
        process.kill(session.pid, 'SIGTERM');
        const exit = await session.exited();
        expect(exit.exitCode).toBe(143);
        expectRestored(session);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});

describe('the app on a migrated IS-SOH with one index dropped', () => {
  it(
    'finds the one gap under failures only, opens it, and Ctrl-C quits cleanly',
    async () => {
      const issoh = await freshDatabase('issohMigrated', 'e2e');
      const spp = await freshDatabase('sppSeed000', 'e2e');
      await withClient(issoh, (client) => client.query('DROP INDEX public.idx_sync_preview_cache_key'));
      const session = spawnApp({ ENTERPRISE_DATABASE_URL: issoh, NEON_SPP_DATABASE_URL: spp });
      try {
        const overview = await session.waitFor(VERIFIED);
        expect(overview).toMatch(/✗ 1 fail/);
        expect(overview).toContain('→ not ready: 1 failing, 0 blocked');
        await typeAndWait(session, '2', /^\d+ checks/m);
        const failures = await typeAndWait(session, 'f', /^1 of \d+ shown/m);
        expect(failures).toMatch(/^› +✗ IDX001 index missing +idx_sync_p\S*cache_key +IS-SOH/m);
        const detail = await typeAndWait(session, KEY.enter, 'Evidence SQL');
        expect(detail).toContain('✗ IDX001 · fail · medium · IS-SOH');
        expect(detail).toContain('Actual      no index with this name or definition');
        expect(detail).toMatch(/lines 1-19 of \d+/);
        // The fix is below the fold: End scrolls the pane to it.
        const bottom = await typeAndWait(session, 'G', 'Fix SQL  (y copies it)');
        expect(bottom).toMatch(/^ {2}CREATE INDEX idx_sync_preview_cache_key ON public\.sync_preview_cache/m);
        session.write(KEY.ctrlC);
        expect((await session.exited()).exitCode).toBe(0);
        expectRestored(session);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});

describe('named environments in the real binary', () => {
  it(
    '--env opens on one; E lists them, Enter switches: the header says PRODUCTION on red, and the Overview reads its pair',
    async () => {
      const [staging, production, productionSpp] = await Promise.all([
        freshDatabase('migrated', 'e2e'),
        freshDatabase('issohSeed000', 'e2e'),
        freshDatabase('sppSeed000', 'e2e'),
      ]);
      const cwd = scratchDirectory('mantis-e2e-env-');
      writeFileSync(
        join(cwd, 'mantis-sync-tui.json'),
        JSON.stringify({
          environments: {
            staging: { issoh: 'STAGING_URL' },
            production: { issoh: 'PROD_URL', spp: 'PROD_SPP_URL', production: true },
          },
        }),
      );
      const session = spawnPty(process.execPath, [BIN, '--env', 'staging'], {
        cols: 120,
        rows: 30,
        cwd,
        env: terminalEnv({ STAGING_URL: staging, PROD_URL: production, PROD_SPP_URL: productionSpp }),
      });
      try {
        expect(await session.waitFor(VERIFIED)).toMatch(/^ staging /);
        expect(session.backgroundAt(0, 1)).toBeNull();
        await typeAndWait(session, 'E', 'Environments of mantis-sync-tui.json');
        await typeAndWait(session, 'j', /^› production/m);
        await typeAndWait(session, KEY.enter, /now on PRODUCTION: /);
        // Production's pair is seed 000 (IS-SOH blocked by missing prerequisites); staging's was migrated.
        const overview = await session.waitFor(/Verification {2}✓ 8 pass {2}✗ 4 fail/);
        expect(overview).toMatch(/^ PRODUCTION /);
        // The production environment's warning colour: red behind its name.
        expect(session.backgroundAt(0, 1)).toBe(1);
        session.write('q');
        expect((await session.exited(20_000)).exitCode).toBe(0);
      } finally {
        session.kill();
      }
    },
    TIMEOUT,
  );
});
