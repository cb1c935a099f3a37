/**
 * The demo: a real embedded PostgreSQL 17, the app on it, and nothing left behind; and the demo
 * as a new user meets it: the blocked checklist, the wizard fixing it with confirmations, the
 * checklist green, syncs moving on the Monitor.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { BIN, spawnPty, terminalEnv } from '../helpers/pty.js';
import { processedOf, screenWhere } from '../helpers/screen.js';

const demoDirectories = () => readdirSync(tmpdir()).filter((name) => name.startsWith('mantis-demo-'));
/** Command lines of running postgres processes of a demo cluster (read from /proc, no pgrep needed). */
const demoPostgres = () =>
  readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return ''; // gone meanwhile
      }
    })
    // this machine's temporary directory only: another test's demo runs under a TMPDIR of its own
    .filter((cmd) => cmd.includes('postgres') && cmd.includes(join(tmpdir(), 'mantis-demo-')))
    .join('\n');

/** "12 active syncs" on the Monitor's status line. */
const activeSyncs = (screen: string): number | null => {
  const m = /^(\d+) active syncs? /m.exec(screen);
  return m ? Number(m[1]) : null;
};

describe('mantis-sync-tui demo', () => {
  it('--print-urls starts IS-SOH and SPP in seed 000’s state; Ctrl-C stops them and removes everything', async () => {
    const before = demoDirectories();
    const child = spawn(process.execPath, [BIN, 'demo', '--print-urls'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await expect.poll(() => stdout, { timeout: 20_000 }).toMatch(/NEON_SPP_DATABASE_URL=\S+\n/);
    const env = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(env)).toEqual(['DATABASE_URL', 'NEON_SPP_DATABASE_URL']);
    const verify = await runCli(['verify', '--json'], env);
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout);
    expect(
      report.findings
        .filter((f: { status: string }) => f.status === 'fail')
        .map((f: { code: string }) => f.code)
        .sort(),
    ).toEqual(['PRQ001', 'PRQ003', 'PRQ004', 'PRQ006', 'PRQ008']);
    // postgres_fdw each way, core/serve and the public views, as seed 000 describes the pair.
    expect(
      report.findings.filter((f: { code: string; status: string }) => f.code === 'TOP004' && f.status === 'pass'),
    ).toHaveLength(2);
    expect(
      report.findings.filter((f: { code: string; status: string }) => f.code === 'TOP002' && f.status === 'pass'),
    ).toHaveLength(2);
    child.kill('SIGINT');
    expect(await exited).toBe(130); // interrupted, as documented
    expect(demoDirectories()).toEqual(before);
    expect(demoPostgres()).toBe('');
  });

  it('opens the app on the blocked databases; q leaves no process and no directory behind', async () => {
    const before = demoDirectories();
    const session = spawnPty(BIN, ['demo'], { env: terminalEnv(), cols: 100, rows: 30 });
    try {
      await session.waitFor(/IS-SOH/, 20_000);
      await session.waitFor(/blocked/, 20_000);
      session.write('2');
      await session.waitFor(/organization table missing/, 10_000);
      session.write('q');
      const exit = await session.exited(20_000);
      expect(exit.exitCode).toBe(0);
    } finally {
      session.kill();
    }
    await expect.poll(() => demoPostgres(), { timeout: 10_000 }).toBe('');
    expect(demoDirectories()).toEqual(before);
  });

  it('a crash (kill -9) leaves no process and no directory either: the watchdog cleans up', async () => {
    const before = demoDirectories();
    const session = spawnPty(BIN, ['demo'], { env: terminalEnv(), cols: 100, rows: 30 });
    try {
      await session.waitFor(/verified at \d\d:\d\d:\d\d/, 30_000);
      expect(demoPostgres()).not.toBe('');
      process.kill(session.pid, 'SIGKILL');
      await session.exited(10_000);
    } finally {
      session.kill();
    }
    await expect.poll(() => demoPostgres(), { timeout: 15_000 }).toBe('');
    await expect.poll(() => demoDirectories(), { timeout: 15_000 }).toEqual(before);
  });
});

// In this file, not its own: the tests compare the demo directories before and after, so they
// must not run beside each other.
describe('the demo, start to finish', () => {
  it('blocked checklist → plan applied with confirmations → verified → syncs moving → q leaves nothing', async () => {
    const directoriesBefore = demoDirectories();
    // The rollback exports its rows to the current directory: a scratch one.
    const cwd = mkdtempSync(join(tmpdir(), 'mantis-e2e-demo-cwd-'));
    const session = spawnPty(BIN, ['demo'], { env: terminalEnv(), cols: 100, rows: 30, cwd });
    try {
      const overview = await session.waitFor(/verified at \d\d:\d\d:\d\d/, 30_000);
      expect(overview).toMatch(/✗ 5 fail/);
      session.write('2');
      await session.waitFor(/organization table missing/);
      session.write('4');
      await session.waitFor(/Plan for IS-SOH/, 30_000);
      // Every prerequisite, each confirmed with y; the plan is recomputed after each.
      for (const step of [
        'prereq-roles',
        'prereq-organization',
        'prereq-auth-schema',
        'prereq-users-extended',
        'prereq-auth-uid',
      ]) {
        await session.waitFor(new RegExp(`^› +1\\. ${step} `, 'm'), 30_000);
        session.write('a');
        await session.waitFor('[y/N]');
        session.write('y');
        await session.waitFor(new RegExp(`last: ✓ ${step} committed in \\d+ ms`), 30_000);
      }
      // Past the information step: the cursor goes to the next step that acts.
      await session.waitFor(/^› +2\. migration-0024 /m, 30_000);
      session.write('a');
      await session.waitFor('[y/N]');
      session.write('y');
      await session.waitFor(/last: ✓ migration-0024 committed in \d+ ms/, 30_000);
      session.write('1');
      await session.waitFor(/✗ 0 fail/, 30_000);
      // The workload starts once sync_progress exists; the Monitor shows it move.
      session.write('3');
      const first = await screenWhere(
        session.screen,
        (s) => (processedOf(s, 'odoo-') ?? 0) > 0,
        'the demo workload on the Monitor',
        30_000,
      );
      const start = processedOf(first, 'odoo-')!;
      await screenWhere(
        session.screen,
        (s) => (processedOf(s, 'odoo-') ?? 0) > start,
        'the nightly sync moving',
        20_000,
      );
      const before = activeSyncs(session.screen())!;
      // Rolled back: the Monitor says the table is gone (not "reconnecting" over frozen rows) and points to Remediate.
      session.write('5');
      await session.waitFor(/✓ dry run at \d\d:\d\d:\d\d/, 30_000);
      session.write('a');
      await session.waitFor('Type mantis_issoh:');
      session.write('mantis_issoh');
      await session.waitFor('Type mantis_issoh: mantis_issoh');
      session.write('\r');
      await session.waitFor(/✓ rolled back at \d\d:\d\d:\d\d/, 60_000);
      session.write('3');
      const gone = await session.waitFor('public.sync_progress is gone', 30_000);
      expect(gone).toContain('press 4 for Remediate');
      expect(gone).not.toContain('reconnecting');
      // u restores: the Rollback screen runs its dry run again, and the workload starts again.
      session.write('5');
      await session.waitFor(/nothing to roll back/, 30_000);
      session.write('u');
      await session.waitFor('[y/N]');
      session.write('y');
      const restored = await screenWhere(
        session.screen,
        (s) => /✓ Restored at/.test(s) && /✓ dry run at/.test(s),
        'the restore and a new dry run',
        60_000,
      );
      expect(restored).not.toContain('nothing to roll back');
      // The restore re-verifies, and the Monitor looks again by itself: no r needed. The restored
      // syncs go on where they stood; no copy of them starts beside them.
      session.write('3');
      const back = await screenWhere(
        session.screen,
        (s) => (processedOf(s, 'odoo-') ?? 0) > 0,
        'the restored syncs on the Monitor',
        30_000,
      );
      const restoredAt = processedOf(back, 'odoo-')!;
      const moving = await screenWhere(
        session.screen,
        (s) => (processedOf(s, 'odoo-') ?? 0) > restoredAt,
        'the restored nightly sync moving again',
        30_000,
      );
      // At most one catalog refresh may have started since; a second workload would add every profile again.
      expect(activeSyncs(moving)).toBeLessThanOrEqual(before + 1);
      session.write('q');
      expect((await session.exited(30_000)).exitCode).toBe(0);
    } finally {
      session.kill();
    }
    rmSync(cwd, { recursive: true, force: true });
    await expect.poll(() => demoPostgres(), { timeout: 15_000 }).toBe('');
    expect(demoDirectories()).toEqual(directoriesBefore);
  }, 300_000);
});

describe('mantis-sync-tui demo without a terminal', () => {
  it('says it needs one (exit 2) before starting anything', async () => {
    const before = demoDirectories();
    const r = await runCli(['demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a terminal; `demo --print-urls` starts the databases for scripts');
    expect(r.ms).toBeLessThan(3000);
    expect(demoDirectories()).toEqual(before);
  });
});
