/**
 * Hard failures through the real binary (issue 22, items 3 to 6): a disk that fills mid-export, an
 * audit log on a full disk, a process killed at each point of a write, paths on procfs, FIFOs and
 * devices, a signal during a read, and restores of an export that is not whole. Each says so in one
 * line with a non-zero exit, within moments, and nothing is left changed or unaudited.
 *
 * The tmpfs tests mount a small tmpfs: they need root (CI runs as root). Elsewhere they are not
 * registered, and npm test says so on a "not run:" line.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, spawnCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';

const scratch = () => scratchDirectory('mantis-hard-');
const databaseOf = (url: string) => new URL(url).pathname.slice(1);
const ORG = '11111111-1111-4111-8111-111111111111';

interface AuditLine {
  readonly attempt: string;
  readonly step: string;
  readonly mode: string;
  readonly outcome: string;
  readonly changes?: string;
  readonly tables?: string[];
  readonly pid?: number;
}
const auditLines = (file: string): AuditLine[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditLine)
    : [];

const migrationPresent = (url: string) =>
  withClient(
    url,
    async (c) => (await c.query(`SELECT to_regclass('public.sync_progress') AS t`)).rows[0].t as string | null,
  );

/** Backends of the tool on `url`'s database: none once a run has ended and the server has seen it go. */
const ourBackends = (url: string) =>
  withClient(
    url,
    async (c) =>
      (
        await c.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui'`,
        )
      ).rows[0].n as number,
  );

/** A failure as the issue asks: non-zero, and one line on stderr saying it (never 0 in silence). */
function saysItFailed(r: CliResult, code: number, line: RegExp): void {
  expect({ code: r.code, stderr: r.stderr.trim().split('\n') }).toEqual({
    code,
    stderr: [expect.stringMatching(line)],
  });
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// ── a tmpfs of our own ──────────────────────────────────────────────────────────────────────

const isRoot = process.getuid?.() === 0;
const mounted: string[] = [];
afterAll(() => {
  for (const directory of mounted) spawnSync('umount', ['-l', directory]);
});

/** A fresh tmpfs of `bytes`, unmounted when the file's tests end. */
function tmpfs(bytes: number): string {
  const directory = join(scratch(), 'tmpfs');
  mkdirSync(directory);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', directory], { encoding: 'utf8' });
  if (mount.status !== 0) throw new Error(`mount -t tmpfs failed: ${mount.stderr}`);
  mounted.push(directory);
  return directory;
}

/** Fills the filesystem of `directory` to the last byte. */
function fill(directory: string): void {
  const block = Buffer.alloc(4096, 1);
  const file = join(directory, 'filler');
  for (;;) {
    try {
      writeFileSync(file, block, { flag: 'a' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw error;
    }
  }
}

/** Rows whose COPY text (20 MB) is far larger than what they take on disk (TOAST compresses them). */
const COMPRESSIBLE_ROWS = `
  INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Acme', 'acme');
  INSERT INTO sync_activity_log (id, org_id, action, status, error_message, created_at)
  SELECT gen_random_uuid(), '${ORG}', 'batch_process', 'completed', repeat('x', 1000000), '2026-04-01 00:00+00'
  FROM generate_series(1, 20);`;

// Not registered where a tmpfs cannot be mounted (not root): npm test names them on a "not run:" line.
if (isRoot) {
  describe('a write that cannot finish says so (a tmpfs fills mid-export)', () => {
    it('rollback: "no space left" naming the directory, exit 2, rolled back at once, audited, the disk given back', async () => {
      const url = await freshDatabase('migrated', 'hard');
      await withClient(url, (c) => c.query(COMPRESSIBLE_ROWS));
      // Room for what the tables take on disk (the check before any lock passes), not for their COPY text.
      const disk = tmpfs(4 * 1024 * 1024);
      const dir = join(disk, 'export');
      const audit = join(scratch(), 'audit.jsonl');
      const r = await runCli(['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', dir, '--audit-log', audit], {
        DATABASE_URL: url,
      });
      saysItFailed(
        r,
        2,
        new RegExp(
          `^mantis-sync-tui: cannot export to ${escaped(dir)}: no space left on the device \\(ENOSPC\\) while writing public\\.sync_activity_log\\.copy: the step was rolled back and its locks released, nothing was changed; free space there or choose another --export-dir$`,
        ),
      );
      // Said once, on stderr: stdout keeps the result (what the rollback found), never the error again.
      expect(r.stdout).toContain('Rows:');
      expect(r.stdout).not.toContain('cannot export to');
      const lines = auditLines(audit);
      expect(lines.map((l) => [l.step, l.outcome])).toEqual([
        ['rollback-0024', 'started'],
        ['rollback-0024', 'unusable-export'],
      ]);
      expect(lines[1]!.attempt).toBe(lines[0]!.attempt);
      expect(await migrationPresent(url)).toBe('sync_progress');
      expect(await ourBackends(url)).toBe(0);
      // The unfinished export is removed: the space it took is free again.
      expect(readdirSync(disk)).toEqual([]);
    });

    it('maintain archive: the same "no space left" line and exit 2, the partitions still attached', async () => {
      const url = await freshDatabase('migrated', 'hard');
      // In a month old enough to archive, which has its own partition.
      await withClient(url, (c) => c.query(COMPRESSIBLE_ROWS.replace('2026-04-01', '2025-11-15')));
      const disk = tmpfs(4 * 1024 * 1024);
      const dir = join(disk, 'archive');
      const r = await runCli(['maintain', 'archive', `--confirm=${databaseOf(url)}`, '--export-dir', dir], {
        DATABASE_URL: url,
      });
      saysItFailed(
        r,
        2,
        new RegExp(
          `^mantis-sync-tui: cannot export to ${escaped(dir)}: no space left on the device \\(ENOSPC\\) while writing public\\.sync_activity_log_\\w+\\.copy: the step was rolled back and its locks released, nothing was changed; free space there or choose another --export-dir$`,
        ),
      );
      expect(
        await withClient(
          url,
          async (c) =>
            (await c.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE '%\\_archived'")).rows[0].n,
        ),
      ).toBe(0);
      expect(readdirSync(disk)).toEqual([]);
    });

    it('an audit log on a full disk refuses the write before anything happens (exit 2), 0024 intact', async () => {
      const url = await freshDatabase('migrated', 'hard');
      const disk = tmpfs(64 * 1024);
      const audit = join(disk, 'audit.jsonl');
      // The log exists and opens for appending (what a check before the write can see); no byte fits.
      writeFileSync(audit, '');
      fill(disk);
      const r = await runCli(
        ['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', join(scratch(), 'export'), '--audit-log', audit],
        { DATABASE_URL: url },
      );
      saysItFailed(
        r,
        2,
        new RegExp(
          `^mantis-sync-tui: refused: the audit log ${escaped(audit)} cannot be written \\(ENOSPC\\): pass a --audit-log file that can be written; nothing was changed$`,
        ),
      );
      expect(await migrationPresent(url)).toBe('sync_progress');
    });
  });
}

// ── no use-case ends in silence ──────────────────────────────────────────────────────────────

/**
 * Loaded into the binary: every query is swallowed and its connection stops counting for the event
 * loop, so the command awaits an answer nothing can bring, the loop drains, and Node would end the
 * process with 0 and not a word (as a COPY stream left paused mid-protocol once did).
 */
const STALL = `
import net from 'node:net';
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (chunk, ...rest) {
  const type = typeof chunk === 'string' ? chunk.charCodeAt(0) : chunk?.[0];
  if (type === 0x51 || type === 0x50) {
    this.pause();
    this.unref();
    return true;
  }
  return write.call(this, chunk, ...rest);
};
`;

describe('no use-case ends in silence', () => {
  it('with a database that never answers, every command says so and exits non-zero (70), never 0 with nothing said', async () => {
    const url = await freshDatabase('migrated', 'hard');
    const exported = join(scratch(), 'export');
    expect(
      (await runCli(['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', exported], { DATABASE_URL: url }))
        .code,
    ).toBe(0);
    const preload = join(scratch(), 'stall.mjs');
    writeFileSync(preload, STALL);
    const audit = join(scratch(), 'audit.jsonl');
    const writes = ['--audit-log', audit];
    const commands: ReadonlyArray<readonly string[]> = [
      ['verify'],
      ['plan'],
      ['health'],
      ['watch', '--json'],
      ['test-rls'],
      ['contract', '--app', join(import.meta.dirname, '..', 'fixtures', 'app')],
      ['apply', '--yes', ...writes],
      ['restore', exported, '--yes', ...writes],
      ['rollback', '--dry-run', ...writes],
      ['maintain', 'partitions', '--yes', ...writes],
      ['maintain', 'archive', '--dry-run', ...writes],
      ['maintain', 'cache', '--yes', ...writes],
    ];
    const results = await Promise.all(
      commands.map(async (args) => {
        const r = await runCli(args, {
          DATABASE_URL: url,
          NODE_OPTIONS: `--throw-deprecation --import ${preload}`,
        });
        return { command: args.slice(0, 2).join(' '), code: r.code, said: r.stderr.trim().split('\n').at(-1) };
      }),
    );
    const line =
      'mantis-sync-tui: internal error: the command stopped before it finished, with nothing left to wait for: its outcome is unknown (a write says in the audit log that it began): look at the database';
    expect(results).toEqual(commands.map((args) => ({ command: args.slice(0, 2).join(' '), code: 70, said: line })));
  });
});

// ── every write is audited, even a killed one ───────────────────────────────────────────────

type Direction = 'to-server' | 'to-client';

/**
 * A loopback proxy in front of the server that reads the protocol both ways and holds the first
 * message `at` matches: it never arrives, and `onHeld` is told (the test kills the client there).
 * Plain TCP: URLs through it say sslmode=disable.
 */
async function holdingProxy(
  server: URL,
  at: (direction: Direction, type: string, body: string) => boolean,
  onHeld: () => void,
): Promise<{ url: (direct: string) => string; stop: () => Promise<void> }> {
  let held = false;
  const sockets = new Set<Socket>();
  /** Splits a stream into messages (the client's first one, its startup, has no type byte) and forwards each. */
  const relay = (from: Socket, to: Socket, direction: Direction) => {
    let pending = Buffer.alloc(0);
    let untyped = direction === 'to-server';
    from.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const header = untyped ? 0 : 1;
        if (pending.length < header + 4) return;
        const length = header + pending.readInt32BE(header);
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const type = untyped ? '' : String.fromCharCode(message[0]!);
        untyped = false;
        if (held) return;
        if (at(direction, type, message.subarray(header + 4).toString('utf8'))) {
          held = true;
          onHeld();
          return;
        }
        to.write(message);
      }
    });
  };
  const proxy = createServer((client) => {
    const upstream = connect({ host: server.hostname, port: Number(server.port || 5432) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    relay(client, upstream, 'to-server');
    relay(upstream, client, 'to-client');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url(direct) {
      const url = new URL(direct);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.searchParams.set('sslmode', 'disable');
      return url.toString();
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

const KILL_POINTS = [
  {
    point: 'as BEGIN is sent (the intent written, nothing begun)',
    at: (d: Direction, type: string, body: string) => d === 'to-server' && type === 'Q' && body.startsWith('BEGIN'),
    committed: false,
  },
  {
    point: 'as the DROPs are sent (exported, inside the transaction)',
    at: (d: Direction, type: string, body: string) =>
      d === 'to-server' && type === 'Q' && body.includes('DROP POLICY IF EXISTS'),
    committed: false,
  },
  {
    point: 'right after COMMIT (committed on the server, the client never told)',
    at: (d: Direction, type: string, body: string) => d === 'to-client' && type === 'C' && body.startsWith('COMMIT'),
    committed: true,
  },
] as const;

describe('every write is audited, even a killed one', () => {
  for (const { point, at, committed } of KILL_POINTS) {
    it(`SIGKILL ${point}: the audit log holds the intent, what will change, and no outcome`, async () => {
      const url = await freshDatabase('migrated', 'hard');
      const audit = join(scratch(), 'audit.jsonl');
      const dir = join(scratch(), 'export');
      let kill = () => {};
      const proxy = await holdingProxy(new URL(url), at, () => kill());
      try {
        const run = spawnCli(['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', dir, '--audit-log', audit], {
          DATABASE_URL: proxy.url(url),
        });
        kill = () => run.kill('SIGKILL');
        const r = await run.done;
        expect(r.code).not.toBe(0);
        await expect.poll(() => ourBackends(url), { timeout: 10_000 }).toBe(0);
        const lines = auditLines(audit);
        expect(lines).toEqual([
          expect.objectContaining({
            step: 'rollback-0024',
            mode: 'apply',
            outcome: 'started',
            changes: `drops 0024 (its tables, enums, functions, triggers and policies), its rows exported first to ${dir}`,
            tables: ['public.sync_preview_cache', 'public.sync_progress', 'public.sync_activity_log'],
            attempt: expect.stringMatching(/^[0-9a-f-]{36}$/),
            pid: expect.any(Number),
          }),
        ]);
        // The database says how the write that began ended; the log says it was never confirmed.
        expect(await migrationPresent(url)).toBe(committed ? null : 'sync_progress');
      } finally {
        await proxy.stop();
      }
    }, 60_000);
  }

  it('a write left alone: its intent, then its outcome, under one attempt id', async () => {
    const url = await freshDatabase('migrated', 'hard');
    const audit = join(scratch(), 'audit.jsonl');
    const r = await runCli(
      ['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', join(scratch(), 'export'), '--audit-log', audit],
      { DATABASE_URL: url },
    );
    expect(r.code).toBe(0);
    const lines = auditLines(audit);
    expect(lines.map((l) => l.outcome)).toEqual(['started', 'committed']);
    expect(lines[1]!.attempt).toBe(lines[0]!.attempt);
  });

  it('an audit log is created owner-only (0600), whatever the umask', async () => {
    const url = await freshDatabase('migrated', 'hard');
    const audit = join(scratch(), 'state', 'audit.jsonl');
    const previous = process.umask(0);
    try {
      expect((await runCli(['rollback', '--dry-run', '--audit-log', audit], { DATABASE_URL: url })).code).toBe(0);
    } finally {
      process.umask(previous);
    }
    expect(statSync(audit).mode & 0o777).toBe(0o600);
    expect(statSync(join(audit, '..')).mode & 0o777).toBe(0o700);
  });
});

// ── nothing spins or hangs past a signal ────────────────────────────────────────────────────

describe('paths that are not regular files or directories on a filesystem for files', () => {
  it('--export-dir and --audit-log under /proc, and XDG_STATE_HOME=/proc/x: refused at once, exit 2, one line naming the path', async () => {
    const url = await freshDatabase('migrated', 'hard');
    const confirm = `--confirm=${databaseOf(url)}`;
    const [exportDir, auditLog, stateHome] = await Promise.all([
      runCli(['rollback', confirm, '--export-dir', '/proc/x/y/z', '--audit-log', join(scratch(), 'audit.jsonl')], {
        DATABASE_URL: url,
      }),
      runCli(['rollback', confirm, '--export-dir', join(scratch(), 'export'), '--audit-log', '/proc/x/y/a'], {
        DATABASE_URL: url,
      }),
      runCli(['rollback', confirm, '--export-dir', join(scratch(), 'export')], {
        DATABASE_URL: url,
        XDG_STATE_HOME: '/proc/x',
      }),
    ]);
    saysItFailed(
      exportDir,
      2,
      /^mantis-sync-tui: cannot export to \/proc\/x\/y\/z: \/proc\/x\/y is under \/proc, which the kernel serves \(not a filesystem for files\): choose another --export-dir; nothing was changed$/,
    );
    saysItFailed(
      auditLog,
      2,
      /^mantis-sync-tui: refused: the audit log \/proc\/x\/y\/a cannot be written \(\/proc\/x\/y\/a is under \/proc, which the kernel serves \(not a filesystem for files\)\): pass a --audit-log file that can be written; nothing was changed$/,
    );
    saysItFailed(
      stateHome,
      2,
      /^mantis-sync-tui: refused: the audit log \/proc\/x\/mantis-sync-tui\/audit\.jsonl cannot be written \(.* is under \/proc, .*\): pass --audit-log FILE; nothing was changed$/,
    );
    expect(await migrationPresent(url)).toBe('sync_progress');
  });

  it('an audit log that is a FIFO, or a symlink into /proc for the export: refused at once, exit 2', async () => {
    const url = await freshDatabase('migrated', 'hard');
    const directory = scratch();
    const fifo = join(directory, 'audit.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync('/proc/self', join(directory, 'proc-link'));
    const confirm = `--confirm=${databaseOf(url)}`;
    const [audit, linked] = await Promise.all([
      runCli(['rollback', confirm, '--export-dir', join(directory, 'export'), '--audit-log', fifo], {
        DATABASE_URL: url,
      }),
      runCli(
        [
          'rollback',
          confirm,
          '--export-dir',
          join(directory, 'proc-link', 'export'),
          '--audit-log',
          join(directory, 'audit.jsonl'),
        ],
        { DATABASE_URL: url },
      ),
    ]);
    saysItFailed(audit, 2, new RegExp(`cannot be written \\(${escaped(fifo)} is a FIFO, not a regular file\\)`));
    saysItFailed(linked, 2, /cannot export to .*proc-link\/export: .*proc-link leads to \/proc\/\d+, under \/proc/);
    expect(await migrationPresent(url)).toBe('sync_progress');
  });
});

/** A migrated database with a row in each table, rolled back into an export: the export and the database. */
async function rolledBackExport(rows = ''): Promise<{ url: string; dir: string }> {
  const url = await freshDatabase('migrated', 'hard');
  await withClient(url, (c) =>
    c.query(`INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Acme', 'acme');
             INSERT INTO sync_progress (org_id, sync_id, entity_type, total_items, processed_count) VALUES ('${ORG}', 's1', 'order', 5, 2);
             ${rows}`),
  );
  const dir = join(scratch(), 'export');
  const r = await runCli(['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', dir], { DATABASE_URL: url });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { url, dir };
}

/** A copy of the export with `change` made to it. */
function changedCopy(dir: string, change: (copy: string) => void): string {
  const copy = join(scratch(), 'changed');
  cpSync(dir, copy, { recursive: true });
  change(copy);
  return copy;
}

describe('restore reads only regular files', () => {
  it('a listed file that is a FIFO, a manifest that is a FIFO, a listed file that is a symlink to /dev/zero: refused at once, exit 2', async () => {
    const { url, dir } = await rolledBackExport();
    const replaced = (file: string, make: (path: string) => void) =>
      changedCopy(dir, (copy) => {
        rmSync(join(copy, file));
        make(join(copy, file));
      });
    const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const fifo = replaced('public.sync_progress.copy', mkfifo);
    const manifest = replaced('manifest.json', mkfifo);
    const zero = replaced('public.sync_progress.copy', (path) => symlinkSync('/dev/zero', path));
    const restoreFrom = (copy: string) => runCli(['restore', copy, '--yes'], { DATABASE_URL: url });
    const [a, b, c] = await Promise.all([restoreFrom(fifo), restoreFrom(manifest), restoreFrom(zero)]);
    saysItFailed(
      a,
      2,
      new RegExp(
        `^mantis-sync-tui: refused: ${escaped(fifo)} cannot be restored from: ${escaped(fifo)}/public\\.sync_progress\\.copy is a FIFO, not a regular file; nothing was changed$`,
      ),
    );
    saysItFailed(b, 2, new RegExp(`${escaped(manifest)}/manifest\\.json is a FIFO, not a regular file; nothing`));
    saysItFailed(
      c,
      2,
      new RegExp(`${escaped(zero)}/public\\.sync_progress\\.copy is a character device, not a regular file; nothing`),
    );
    expect(await migrationPresent(url)).toBeNull();
  });
});

describe('a signal during a read', () => {
  it("SIGINT during apply's first read cancels that read on the server, and the process leaves (130)", async () => {
    const url = await freshDatabase('migrated', 'hard');
    // A session holding 0024's table: the plan's catalog read waits for it (up to its 5 s lock timeout).
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE sync_progress IN ACCESS EXCLUSIVE MODE');
    const waiting = () =>
      withClient(
        url,
        async (c) =>
          (
            await c.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'mantis-sync-tui' AND wait_event_type = 'Lock'`,
            )
          ).rows[0].n as number,
      );
    try {
      const run = spawnCli(['apply', '--yes', '--audit-log', join(scratch(), 'audit.jsonl')], { DATABASE_URL: url });
      await expect.poll(waiting, { timeout: 20_000 }).toBe(1);
      run.kill('SIGINT');
      // Gone well before the read's lock timeout: the server cancelled it, the lock is still held.
      await expect.poll(() => ourBackends(url), { timeout: 2_500, interval: 50 }).toBe(0);
      const r = await run.done;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('SIGINT: interrupting');
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  }, 60_000);
});

// ── restore proves the whole export ─────────────────────────────────────────────────────────

describe('restore proves the whole export', () => {
  it('a manifest with a table taken out is refused before anyone is asked (exit 2), also when it is said to be absent', async () => {
    const { url, dir } = await rolledBackExport();
    const forged = (change: (manifest: { tables: Array<{ table: string }>; absent?: string[] }) => void) =>
      changedCopy(dir, (copy) => {
        const file = join(copy, 'manifest.json');
        const manifest = JSON.parse(readFileSync(file, 'utf8'));
        change(manifest);
        writeFileSync(file, JSON.stringify(manifest));
      });
    const without = (m: { tables: Array<{ table: string }> }) => {
      m.tables = m.tables.filter((t) => t.table !== 'public.sync_progress');
    };
    const taken = forged(without);
    const excused = forged((m) => {
      without(m);
      m.absent = ['public.sync_progress'];
    });
    const restoreFrom = (copy: string) => runCli(['restore', copy, '--yes'], { DATABASE_URL: url });
    const [a, b] = await Promise.all([restoreFrom(taken), restoreFrom(excused)]);
    saysItFailed(
      a,
      2,
      new RegExp(
        `^mantis-sync-tui: refused: ${escaped(taken)} lacks public\\.sync_progress: a rollback's export holds every one of 0024's tables .*restoring it would bring the table back empty; nothing was changed$`,
      ),
    );
    saysItFailed(
      b,
      2,
      /has a manifest whose tables do not match its fingerprint \(a table taken out, added or changed after the export\); nothing was changed$/,
    );
    expect(await migrationPresent(url)).toBeNull();
    // The export as written restores, every table of it proven.
    const restored = await runCli(['restore', dir, '--yes'], { DATABASE_URL: url });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /✓ restored in \d+ ms: 0024 re-applied; the content of all 3 tables of the export, fingerprinted by the server before COMMIT, equals the export's \(export fingerprint [0-9a-f]{16}…\)\n$/,
    );
  });

  it('an expired preview row left out is counted in the final line, which then never says "equals"', async () => {
    const expiring = `INSERT INTO sync_preview_cache (org_id, sync_type, expires_at)
                      SELECT '${ORG}', (enum_range(NULL::sync_type))[1], clock_timestamp() + interval '100 milliseconds';`;
    const url = await freshDatabase('migrated', 'hard');
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Acme', 'acme'); ${expiring}`),
    );
    // Expired by the server's clock: a state the restore will see too.
    await expect
      .poll(
        () =>
          withClient(
            url,
            async (c) =>
              (await c.query('SELECT count(*)::int AS n FROM sync_preview_cache WHERE expires_at <= now()')).rows[0]
                .n as number,
          ),
        { timeout: 10_000, interval: 50 },
      )
      .toBe(1);
    const dir = join(scratch(), 'export');
    expect(
      (await runCli(['rollback', `--confirm=${databaseOf(url)}`, '--export-dir', dir], { DATABASE_URL: url })).code,
    ).toBe(0);
    const r = await runCli(['restore', dir, '--yes'], { DATABASE_URL: url });
    expect(r.code).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1);
    expect(last).not.toContain('equals');
    expect(last).toMatch(
      /but 1 expired preview row of public\.sync_preview_cache was left out \(expired since the export\): the database holds the export less that row$/,
    );
  });
});
