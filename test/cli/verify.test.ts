/** verify through the real binary: formats, exit codes, and every kind of bad input. */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import { adminUrl, freshDatabase } from '../helpers/context.js';
import { databaseUrl, withClient } from '../helpers/databases.js';
import { startOptionDroppingProxy } from '../helpers/option-dropping-proxy.js';
import { freePort } from '../helpers/server.js';

const outputs: CliResult[] = [];
async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCli(args, env);
  outputs.push(result);
  return result;
}

const password = () => decodeURIComponent(new URL(adminUrl()).password);
const withPassword = (url: string, secret: string) => {
  const u = new URL(url);
  u.password = secret;
  return u.toString();
};
/** One line, naming the fix, no stack trace. */
const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines.some((l) => /^\s+at /.test(l))).toBe(false);
  return lines;
};

describe('mantis-sync-tui verify', () => {
  it('prints a checklist and exits 1 on seed 000 (prerequisites missing, 0024 blocked)', async () => {
    const r = await cli(['verify'], {
      DATABASE_URL: await freshDatabase('issohSeed000', 'cli'),
      NEON_SPP_DATABASE_URL: await freshDatabase('sppSeed000', 'cli'),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ PRQ001 organization table missing  [IS-SOH]');
    expect(r.stdout).toMatch(/Indexes\s+15 blocked/);
    expect(r.stdout).toMatch(/Summary .* 4 fail .* → not ready/);
    expect(r.stdout).toMatch(
      /\nnext: mantis-sync-tui plan shows the steps that mend this; apply --dry-run tries them, apply runs them\n$/,
    );
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('exits 0 where everything passes, and uses ENTERPRISE_DATABASE_URL before DATABASE_URL', async () => {
    const r = await cli(['verify'], {
      ENTERPRISE_DATABASE_URL: await freshDatabase('issohMigrated', 'cli'),
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      NEON_SPP_DATABASE_URL: await freshDatabase('sppSeed000', 'cli'),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ready: no failing findings');
  });

  it('without an SPP URL says ready only on what was read, and JSON names what was not checked', async () => {
    const issoh = await freshDatabase('issohMigrated', 'cli');
    const r = await cli(['verify'], { DATABASE_URL: issoh });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ ready on what was read: SPP not checked (no URL)');
    const json = JSON.parse((await cli(['verify', '--json'], { DATABASE_URL: issoh })).stdout);
    expect(json.verdict).toBe('ready');
    expect(json.unchecked).toEqual(['SPP']);
  });

  it('--json prints the report with redacted URLs, per-finding database and object', async () => {
    const issoh = await freshDatabase('issohSeed000', 'cli');
    const r = await cli(['verify', '--json', '--issoh-url', issoh]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual([
      'version',
      'generatedAt',
      'databases',
      'sameDatabase',
      'findings',
      'summary',
      'verdict',
      'unchecked',
    ]);
    expect(report.verdict).toBe('not-ready');
    expect(report.databases.issoh).toMatchObject({ status: 'ok', user: 'postgres', queries: 1 });
    expect(report.databases.issoh.url).toContain(':***@');
    expect(report.databases.spp.status).toBe('missing');
    expect(
      report.findings.every((f: { database: string; object: string }) => f.database === 'issoh' && f.object.length > 0),
    ).toBe(true);
    expect(report.summary.fail).toBe(4);
    expect(r.stderr).toContain('SPP not checked: no URL: set NEON_SPP_DATABASE_URL');
  });

  it('--format markdown writes seed 003 evidence sections', async () => {
    const r = await cli(['verify', '--format', 'markdown'], {
      DATABASE_URL: await freshDatabase('issohSeed000', 'cli'),
    });
    expect(r.stdout).toContain('### Gap ID: GAP-001');
    for (const field of [
      '**Category**',
      '**Severity**',
      '**Table/Object**',
      '**Issue**',
      '**Evidence Query**',
      '**Expected**',
      '**Actual**',
      '**Impact**',
      '**Fix**',
    ]) {
      expect(r.stdout).toContain(field);
    }
  });

  it('verifies the one database given and says which is missing', async () => {
    const r = await cli(['verify', '--verbose'], { NEON_SPP_DATABASE_URL: await freshDatabase('sppSeed000', 'cli') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/IS-SOH\s+not checked: no URL: set ENTERPRISE_DATABASE_URL or DATABASE_URL/);
    expect(r.stdout).toContain('✓ TOP003 SPP schema spp present');
  });

  it('renders ASCII glyphs for TERM=dumb', async () => {
    const r = await cli(['verify'], { DATABASE_URL: await freshDatabase('issohSeed000', 'cli'), TERM: 'dumb' });
    expect(r.stdout).toContain('[FAIL] PRQ001');
    expect(r.stdout).not.toContain('✗');
  });
});

describe('bad input: one line naming the fix, a documented exit code', () => {
  it('no URL at all → 2', async () => {
    const r = await cli(['verify']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toEqual([
      'mantis-sync-tui: no database URL: set DATABASE_URL (or ENTERPRISE_DATABASE_URL) for IS-SOH and/or NEON_SPP_DATABASE_URL for SPP, or pass --issoh-url / --spp-url; to try the tool on local databases, run mantis-sync-tui demo',
    ]);
  });

  it('-h is help, as --help, alone or after a command (that command’s usage): on stdout, exit 0', async () => {
    const long = await cli(['--help']);
    const short = await cli(['-h']);
    expect(short.code).toBe(0);
    expect(short.stderr).toBe('');
    expect(short.stdout).toContain('mantis-sync-tui');
    expect(short.stdout).toContain('--help (-h), --version');
    expect(short.stdout).toBe(long.stdout);
    const verify = await cli(['verify', '-h']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('$ mantis-sync-tui verify [options]');
    expect(verify.stdout).toBe((await cli(['verify', '--help'])).stdout);
  });

  it('a malformed URL → 2, without echoing its password', async () => {
    const r = await cli(['verify'], { DATABASE_URL: 'postgres//ops:hunter2@db.example.com/x' });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)[0]).toMatch(/DATABASE_URL is not a valid URL .*: expected postgresql:/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('a typo in a flag or command → 2 with a suggestion', async () => {
    const flag = await cli(['verify', '--jsn']);
    expect(flag.code).toBe(2);
    expect(oneLine(flag.stderr)).toEqual(['mantis-sync-tui: unknown option --jsn: did you mean --json? (see --help)']);
    const command = await cli(['verfy']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command verfy: did you mean verify?');
    const format = await cli(['verify', '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of text, markdown, json');
  });

  it('an unreachable host (connection refused) → 4, after waiting --connect-timeout for it to come up', async () => {
    const r = await cli(['verify', '--connect-timeout', '2'], {
      DATABASE_URL: `postgresql://ops:pw@127.0.0.1:${await freePort()}/db`,
    });
    expect(r.code).toBe(4);
    const [waiting, refused] = oneLine(r.stderr);
    expect(waiting).toBe(
      'mantis-sync-tui: IS-SOH does not answer yet (connection refused): waiting up to 2 s for it to come up',
    );
    expect(refused).toMatch(
      /IS-SOH \(127\.0\.0\.1\/db\): connection refused: is the server running and the port right in DATABASE_URL\?/,
    );
  });

  describe('a host that never answers', () => {
    let silent: Server;
    afterAll(() => silent?.close());
    it('times out after --connect-timeout → 4', async () => {
      const port = await freePort();
      silent = createServer(() => {}); // accepts, never speaks
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
      const r = await cli(['verify', '--connect-timeout', '1'], {
        DATABASE_URL: `postgresql://ops:pw@127.0.0.1:${port}/db`,
      });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('no answer within 1 s');
      expect(r.ms).toBeLessThan(5000);
    });
  });

  it('a wrong password → 4, and the password is not shown', async () => {
    const url = withPassword(await freshDatabase('migrated', 'cli'), 'not-the-password');
    const r = await cli(['verify'], { DATABASE_URL: url });
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)[0]).toContain(
      'password authentication failed for the user in DATABASE_URL: fix the password there',
    );
    expect(r.stderr + r.stdout).not.toContain('not-the-password');
  });

  it('one database given as both, with a wrong password → 4, the reason said once', async () => {
    const url = withPassword(await freshDatabase('migrated', 'cli'), 'not-the-password');
    const r = await cli(['verify'], { DATABASE_URL: url, NEON_SPP_DATABASE_URL: url });
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('IS-SOH and SPP are the same database');
    expect(oneLine(r.stderr).filter((line) => line.includes('password authentication failed'))).toHaveLength(1);
  });

  it('a database that does not exist → 4', async () => {
    const r = await cli(['verify'], { DATABASE_URL: databaseUrl(adminUrl(), 'no_such_database') });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('database "no_such_database" does not exist: fix the database name in DATABASE_URL');
  });

  it('a user without rights on the catalogs → 4', async () => {
    const url = await freshDatabase('migrated', 'cli');
    const role = `mantis_limited_${process.pid}`;
    await withClient(adminUrl(), (c) =>
      c.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'limited-pw'`),
    );
    await withClient(url, (c) => c.query('REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC'));
    const limited = new URL(url);
    limited.username = role;
    limited.password = 'limited-pw';
    const r = await cli(['verify'], { DATABASE_URL: limited.toString() });
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)[0]).toContain('permission denied reading the catalogs');
  });

  it('TLS required but refused by the server → 4', async () => {
    // The test server has TLS: reach it through a proxy that answers "no TLS here".
    const proxy = await startOptionDroppingProxy(Number(new URL(adminUrl()).port));
    try {
      const url = new URL(proxy.url(await freshDatabase('migrated', 'cli')));
      url.searchParams.set('sslmode', 'require');
      const r = await cli(['verify'], { DATABASE_URL: url.toString() });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('TLS required but the server refused it');
    } finally {
      await proxy.stop();
    }
  });

  it('never prints the password, in any output of this file', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(password());
  });
});

describe('verify next to a migration in progress', () => {
  it('does not hang behind an ACCESS EXCLUSIVE lock: it gives up after 5 s and says why (exit 4)', async () => {
    const url = await freshDatabase('migrated', 'cli');
    const blocker = await import('pg').then(({ default: pg }) => new pg.Client({ connectionString: url }));
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE public.sync_progress IN ACCESS EXCLUSIVE MODE');
    try {
      const r = await cli(['verify'], { DATABASE_URL: url });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('lock_timeout: another session holds a lock');
      expect(r.ms).toBeLessThan(9000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });
});
