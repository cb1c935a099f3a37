/**
 * The tool through what stands between Neon users and their database: a real PgBouncer in
 * transaction mode (TLS, SCRAM, stock settings: startup parameters refused), TLS with a private CA
 * and channel binding, a proxy that drops startup options, one database given twice, and a server
 * that is down when the tool starts or goes away while it watches.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import {
  adminUrl,
  freshDatabase,
  hasPgBouncer,
  hasTls,
  pooledUrl,
  scratchDirectory,
  tlsCaFile,
} from '../helpers/context.js';
import { applyFiles, MIGRATION_FILE, PREREQ_FILES, withClient } from '../helpers/databases.js';
import { startOptionDroppingProxy } from '../helpers/option-dropping-proxy.js';
import { type OwnServer, startOwnServer } from '../helpers/own-server.js';

interface JsonFinding {
  code: string;
  object: string;
  database: string;
  status: string;
}
const verdicts = (findings: JsonFinding[]) =>
  findings.map((f) => `${f.database} ${f.code} ${f.object} ${f.status}`).sort();
const withParams = (url: string, params: Record<string, string>) => {
  const u = new URL(url);
  for (const [key, value] of Object.entries(params)) u.searchParams.set(key, value);
  return u.toString();
};
const noStackTrace = (stderr: string) => expect(stderr.split('\n').some((l) => /^\s+at /.test(l))).toBe(false);
const password = () => decodeURIComponent(new URL(adminUrl()).password);

const SYNCS = `
  INSERT INTO organization (name, slug) VALUES ('Acme', 'acme');
  INSERT INTO sync_progress (org_id, sync_id, entity_type, source_system, total_items, processed_count, failed_count, started_at)
  SELECT o.id, 'acme-sync', 'product', 'odoo', 1000, 100, 0, now() - interval '1 minute' FROM organization o;
`;

if (hasPgBouncer()) {
  describe('through a real PgBouncer (transaction pooling, TLS, SCRAM; startup parameters refused)', () => {
    it('verify gives the same verdicts as the direct path, read-only with in-band timeouts, one round trip per database', async () => {
      const [issoh, spp] = await Promise.all([freshDatabase('drifted', 'pool'), freshDatabase('sppSeed000', 'pool')]);
      const direct = await runCli(['verify', '--json'], { DATABASE_URL: issoh, NEON_SPP_DATABASE_URL: spp });
      const pooled = await runCli(['verify', '--json'], {
        DATABASE_URL: pooledUrl(issoh),
        NEON_SPP_DATABASE_URL: pooledUrl(spp),
      });
      expect(pooled.stderr).toBe('');
      expect(pooled.code).toBe(direct.code);
      const [d, p] = [JSON.parse(direct.stdout), JSON.parse(pooled.stdout)];
      expect(verdicts(p.findings)).toEqual(verdicts(d.findings));
      for (const key of ['issoh', 'spp']) {
        expect(p.databases[key]).toMatchObject({
          status: 'ok',
          pooled: true,
          readOnly: true,
          lockTimeout: '5s',
          statementTimeout: '30s',
          ssl: true,
          queries: 1,
        });
      }
    });

    it('watch --once --json answers, and health reads', async () => {
      const url = await freshDatabase('migrated', 'pool');
      await withClient(url, (c) => c.query(SYNCS));
      const watch = await runCli(['watch', '--once', '--json', '--interval', '0.5'], { DATABASE_URL: pooledUrl(url) });
      expect(watch.stderr).toBe('');
      expect(watch.code).toBe(0);
      const ticks = watch.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(ticks.at(-1).syncs.map((s: { sync_id: string }) => s.sync_id)).toEqual(['acme-sync']);
      const health = await runCli(['health', '--json'], { DATABASE_URL: pooledUrl(url) });
      expect(health.stderr).toBe('');
      expect(health.code).toBe(0);
      expect(JSON.stringify(JSON.parse(health.stdout))).toContain('sync_activity_log');
    });

    it('writes: pgbouncer=true is pooled and refused (exit 3, nothing changed); with --allow-pooled apply works in transaction mode', async () => {
      const url = await freshDatabase('issohSeed000', 'pool');
      const refused = await runCli(['apply', '--yes'], { DATABASE_URL: pooledUrl(url) });
      expect(refused.code).toBe(3);
      expect(refused.stderr.trim()).toBe(
        'mantis-sync-tui: refused: IS-SOH (127.0.0.1) is a pooled endpoint (pgbouncer=true): write through the direct URL (without the pooler and pgbouncer=true in DATABASE_URL), or pass --allow-pooled',
      );
      const applied = await runCli(
        ['apply', '--yes', '--allow-pooled', '--audit-log', join(scratchDirectory('mantis-pool-'), 'audit.jsonl')],
        { DATABASE_URL: pooledUrl(url) },
      );
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      const after = await runCli(['verify', '--json', '--issoh-url', url]);
      expect(JSON.parse(after.stdout).summary.fail).toBe(0);
    });

    it('test-rls, which always rolls back, runs through the pooled URL: one transaction is what transaction pooling keeps', async () => {
      const url = await freshDatabase('migrated', 'pool');
      const direct = await runCli(['test-rls', '--json'], { DATABASE_URL: url });
      const pooled = await runCli(['test-rls', '--json'], { DATABASE_URL: pooledUrl(url) });
      expect(pooled.stderr).toBe('');
      expect(pooled.code).toBe(0);
      expect(pooled.code).toBe(direct.code);
      const [d, p] = [JSON.parse(direct.stdout), JSON.parse(pooled.stdout)];
      expect(p.ok).toBe(true);
      // The same verdict in every cell (the probes' ids are new each run).
      type Cell = { table: string; subject: string; command: string; outcome: string; ok: boolean };
      const verdict = (cells: Cell[]) => cells.map((c) => `${c.table} ${c.subject} ${c.command} ${c.outcome} ${c.ok}`);
      expect(p.cells.length).toBeGreaterThan(0);
      expect(verdict(p.cells)).toEqual(verdict(d.cells));
      // Nothing stays behind: the probes' organizations and users were rolled back.
      const left = await withClient(
        url,
        async (c) => (await c.query('SELECT count(*)::int AS n FROM organization')).rows[0].n,
      );
      expect(left).toBe(0);
    });

    it('channel_binding=require fails as libpq does (the pooler offers no channel binding): one line, exit 4, no password', async () => {
      const url = await freshDatabase('empty', 'pool');
      const r = await runCli(['verify'], { DATABASE_URL: withParams(pooledUrl(url), { channel_binding: 'require' }) });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('channel binding required, but the server authenticated without it');
      expect(r.stderr).toContain('use channel_binding=prefer');
      expect(r.stderr).not.toContain(password());
      noStackTrace(r.stderr);
    });
  });
}

if (hasTls()) {
  describe('TLS as libpq means it (a private CA, SCRAM, channel binding)', () => {
    it('verify-full with sslrootcert and channel_binding=require: encrypted, verified, read-only', async () => {
      const url = new URL(await freshDatabase('empty', 'tls'));
      url.hostname = 'localhost';
      const r = await runCli(['verify', '--json'], {
        DATABASE_URL: withParams(url.toString(), {
          sslmode: 'verify-full',
          sslrootcert: tlsCaFile(),
          channel_binding: 'require',
        }),
      });
      expect(r.stderr).not.toContain('could not');
      expect(JSON.parse(r.stdout).databases.issoh).toMatchObject({ status: 'ok', ssl: true, readOnly: true });
    });

    it('prefer (the default) uses TLS when the server has it; require encrypts without verifying', async () => {
      const url = await freshDatabase('empty', 'tls');
      const preferred = JSON.parse((await runCli(['verify', '--json'], { DATABASE_URL: url })).stdout);
      expect(preferred.databases.issoh).toMatchObject({ status: 'ok', ssl: true });
      const required = JSON.parse(
        (await runCli(['verify', '--json'], { DATABASE_URL: withParams(url, { sslmode: 'require' }) })).stdout,
      );
      expect(required.databases.issoh).toMatchObject({ status: 'ok', ssl: true });
    });

    it('a certificate no trusted CA signed is rejected with the libpq options that fix it (exit 4)', async () => {
      const url = new URL(await freshDatabase('empty', 'tls'));
      url.hostname = 'localhost';
      const r = await runCli(['verify'], {
        DATABASE_URL: withParams(url.toString(), { sslmode: 'verify-full', sslrootcert: 'system' }),
      });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('TLS certificate rejected');
      expect(r.stderr).toContain('sslrootcert=/path/to/ca.pem');
      expect(r.stderr).not.toContain('no-verify');
      noStackTrace(r.stderr);
    });
  });
}

describe('libpq URL parameters', () => {
  it('sslmode=no-verify (not a libpq mode) and a missing sslrootcert are usage errors naming the fix (exit 2)', async () => {
    const noVerify = await runCli(['verify'], {
      DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1/db?sslmode=no-verify',
    });
    expect(noVerify.code).toBe(2);
    expect(noVerify.stderr.trim()).toBe(
      'mantis-sync-tui: DATABASE_URL has sslmode=no-verify: use one of disable, allow, prefer, require, verify-ca, verify-full (Neon needs require or stronger)',
    );
    const missing = await runCli(['verify'], {
      DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem',
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('sslrootcert=/nonexistent/ca.pem, which does not exist');
    // A file that is there but is not PEM: the same kind of line, not a crash in the TLS handshake.
    const notPem = join(scratchDirectory('mantis-not-pem-'), 'client.key');
    writeFileSync(notPem, 'not a key');
    const badKey = await runCli(['verify'], {
      DATABASE_URL: `postgresql://u:hunter2@127.0.0.1/db?sslmode=require&sslkey=${notPem}`,
    });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr.trim()).toBe(
      `mantis-sync-tui: DATABASE_URL has sslkey=${notPem}, which does not load as PEM: give a PEM private key (not encrypted) file`,
    );
    expect(missing.stderr + noVerify.stderr + badKey.stderr).not.toContain('hunter2');
  });

  it('sslmode=prefer falls back to plain text where the server has no TLS', async () => {
    const proxy = await startOptionDroppingProxy(Number(new URL(adminUrl()).port));
    try {
      const url = proxy.url(await freshDatabase('empty', 'tls'));
      const r = await runCli(['verify', '--json'], { DATABASE_URL: withParams(url, { sslmode: 'prefer' }) });
      expect(JSON.parse(r.stdout).databases.issoh).toMatchObject({ status: 'ok', ssl: false });
    } finally {
      await proxy.stop();
    }
  });
});

describe('behind a proxy that drops startup options (as Neon has been seen to)', () => {
  let proxy: Awaited<ReturnType<typeof startOptionDroppingProxy>>;
  beforeAll(async () => {
    proxy = await startOptionDroppingProxy(Number(new URL(adminUrl()).port));
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('reads stay read-only with their timeouts, as the server reports them', async () => {
    const r = await runCli(['verify', '--json'], { DATABASE_URL: proxy.url(await freshDatabase('migrated', 'proxy')) });
    expect(JSON.parse(r.stdout).databases.issoh).toMatchObject({
      status: 'ok',
      readOnly: true,
      lockTimeout: '5s',
      statementTimeout: '30s',
    });
  });

  it('a lock held by a migration fails verify within the lock timeout (exit 4), naming it', async () => {
    const url = await freshDatabase('migrated', 'proxy');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE public.sync_activity_log IN ACCESS EXCLUSIVE MODE');
      const r = await runCli(['verify', '--json', '--statement-timeout', '25'], { DATABASE_URL: proxy.url(url) });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('lock_timeout: another session holds a lock');
      // Waited the 5 s lock timeout, not the 25 s statement timeout (nor until the lock went away).
      expect(r.ms).toBeLessThan(20_000);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
  });
});

describe('one database given as both IS-SOH and SPP', () => {
  it('is said once, read once, and nothing is "found in SPP"', async () => {
    const url = await freshDatabase('issohMigrated', 'unified');
    const r = await runCli(['verify'], { DATABASE_URL: url, NEON_SPP_DATABASE_URL: url });
    expect(r.stdout).toContain('SPP    IS-SOH and SPP are the same database: checked once');
    expect(r.stdout).not.toContain('found in SPP');
    const json = JSON.parse(
      (await runCli(['verify', '--json'], { DATABASE_URL: url, NEON_SPP_DATABASE_URL: url })).stdout,
    );
    expect(json.sameDatabase).toBe(true);
    expect(json.databases.spp.queries).toBe(0);
    expect(json.findings.filter((f: JsonFinding) => f.code === 'TOP005')).toEqual([]);
    expect(json.findings.filter((f: JsonFinding) => f.code === 'TOP007').map((f: JsonFinding) => f.status)).toEqual([
      'pass',
    ]);
  });

  it('is recognised through two different URLs (localhost and 127.0.0.1) by the server identity', async () => {
    const url = await freshDatabase('issohMigrated', 'unified');
    const other = new URL(url);
    other.hostname = 'localhost';
    const json = JSON.parse(
      (await runCli(['verify', '--json'], { DATABASE_URL: url, NEON_SPP_DATABASE_URL: other.toString() })).stdout,
    );
    expect(json.sameDatabase).toBe(true);
    expect(json.findings.filter((f: JsonFinding) => f.code === 'TOP005')).toEqual([]);
  });
});

describe('a server that is down, or goes away', () => {
  let server: OwnServer;
  beforeAll(async () => {
    server = await startOwnServer();
  }, 60_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('verify waits for a server that comes up within --connect-timeout, and says it waited', async () => {
    await server.stop();
    const run = spawnCli(['verify', '--json', '--connect-timeout', '40'], { DATABASE_URL: server.url('postgres') });
    await run.waitFor(/IS-SOH does not answer yet \(connection refused\): waiting up to 40 s/, 'stderr');
    await server.start();
    const r = await run.done;
    const report = JSON.parse(r.stdout);
    expect(report.databases.issoh.status).toBe('ok');
    expect(report.databases.issoh.waitedMs).toBeGreaterThan(0);
    expect(r.code).toBe(1); // an empty database: findings fail, but it was read
  }, 60_000);

  it('watch keeps its history across a restart: reconnecting, then the same ticks go on', async () => {
    await withClient(server.adminUrl, (c) =>
      c.query('DROP DATABASE IF EXISTS watched').then(() => c.query('CREATE DATABASE watched')),
    );
    await applyFiles(server.url('watched'), [...PREREQ_FILES, MIGRATION_FILE]);
    await withClient(server.url('watched'), (c) => c.query(SYNCS));
    const run = spawnCli(['watch', '--json', '--interval', '0.5'], { DATABASE_URL: server.url('watched') });
    try {
      await run.waitFor(/"tick":3,/);
      await server.stop();
      await run.waitFor(/reconnecting|waking up/, 'stderr');
      const before = run.stdout().trim().split('\n').length;
      await server.start();
      // A tick's line is written in pieces (at 100,000 syncs it is 30 MB): read whole lines only.
      await run.waitFor(new RegExp(`"tick":${before + 1},[^\\n]*\\n`));
      const text = run.stdout();
      const ticks = text
        .slice(0, text.lastIndexOf('\n'))
        .split('\n')
        .map((l) => JSON.parse(l) as { tick: number; syncs: Array<{ sync_id: string }> });
      // One Watcher from start to end: tick numbers never restart, the sync is still there.
      expect(ticks.map((t) => t.tick)).toEqual(ticks.map((_, i) => i + 1));
      expect(ticks.at(-1)!.syncs.map((s) => s.sync_id)).toEqual(['acme-sync']);
    } finally {
      run.kill();
      await run.done;
    }
  }, 90_000);

  it('watch stops at once on a permanent error (wrong password): said once, exit 4', async () => {
    const wrong = new URL(server.url('postgres'));
    wrong.password = 'not-the-password';
    const r = await runCli(['watch', '--json'], { DATABASE_URL: wrong.toString() });
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')).toEqual([
      'mantis-sync-tui: IS-SOH (127.0.0.1/postgres): password authentication failed for the user in DATABASE_URL: fix the password there',
    ]);
  });
});
