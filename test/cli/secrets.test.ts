/**
 * Secrets never printed, and paths only from the person, through the real binary on the test
 * server: passwords written unencoded, libpq's query parameters (?password=, ?user=, ?host=,
 * ?port=, ?dbname=), malformed escapes, and a database whose name is a path.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { escapeIdentifier } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import { adminUrl, freshDatabase, scratchDirectory } from '../helpers/context.js';
import { databaseUrl, dropDatabase, ROOT, templateDatabase, withClient } from '../helpers/databases.js';

/** Every piece between the characters that must be encoded is a word of its own, so a leaked tail is found. */
const SECRET = 'Head1/Slash2@At3#Hash4?Quest5%Pct6';
const PIECES = ['Head1', 'Slash2', 'At3', 'Hash4', 'Quest5', 'Pct6'];
const role = `mantis_secret_${process.pid}`;
const server = () => new URL(adminUrl());

const outputs: CliResult[] = [];
async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCli(args, env);
  outputs.push(result);
  return result;
}
/** The one line on stderr, with no stack trace. */
const onlyLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
};
/** IS-SOH's part of a verify --json report (SPP is not given: stderr says so, and only that). */
const verifiedJson = (result: CliResult) => {
  expect(result.stderr.trim()).toBe(
    'mantis-sync-tui: SPP not checked: no URL: set NEON_SPP_DATABASE_URL (or --spp-url)',
  );
  return JSON.parse(result.stdout).databases.issoh;
};

let database = '';
beforeAll(async () => {
  database = new URL(await freshDatabase('migrated', 'secret')).pathname.slice(1);
  await withClient(adminUrl(), (c) =>
    c.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}'`),
  );
});
afterAll(async () => {
  await withClient(adminUrl(), (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
});

describe('a password in the URL', () => {
  it('written with / @ # ? and a bare % → 2, naming each character and its escape, no piece of the password shown', async () => {
    const { hostname: host, port } = server();
    const raw = `postgresql://${role}:${SECRET}@${host}:${port}/${database}`;
    const fromEnv = await cli(['verify'], { DATABASE_URL: raw });
    expect(fromEnv.code).toBe(2);
    expect(onlyLine(fromEnv.stderr)).toBe(
      'mantis-sync-tui: the password in DATABASE_URL must be percent-encoded: write @ as %40, / as %2F, # as %23, ? as %3F, % as %25',
    );
    const fromFlag = await cli(['verify', '--issoh-url', raw]);
    expect(fromFlag.code).toBe(2);
    expect(onlyLine(fromFlag.stderr)).toMatch(
      /^mantis-sync-tui: the password in --issoh-url must be percent-encoded: /,
    );
    const encoded = await cli(['verify', '--json'], {
      DATABASE_URL: `postgresql://${role}:${encodeURIComponent(SECRET)}@${host}:${port}/${database}`,
    });
    expect(verifiedJson(encoded)).toMatchObject({ status: 'ok', database });
  });

  it('# alone → 2, "#" → "%23" (not "names no database" nor "not a valid URL")', async () => {
    const { hostname: host, port } = server();
    const r = await cli(['verify'], { DATABASE_URL: `postgresql://${role}:12#34@${host}:${port}/${database}` });
    expect(r.code).toBe(2);
    expect(onlyLine(r.stderr)).toBe(
      'mantis-sync-tui: the password in DATABASE_URL must be percent-encoded: write # as %23',
    );
  });

  it('with an escape that is malformed (%zz, or bytes that are not UTF-8) → 2 naming the part, not an internal error', async () => {
    const { hostname: host, port } = server();
    const inPassword = await cli(['verify'], {
      DATABASE_URL: `postgresql://${role}:Head1%zzSlash2@${host}:${port}/${database}`,
    });
    expect(inPassword.code).toBe(2);
    expect(onlyLine(inPassword.stderr)).toBe(
      'mantis-sync-tui: the password in DATABASE_URL must be percent-encoded: write % as %25',
    );
    const notUtf8 = await cli(['verify'], {
      DATABASE_URL: `postgresql://${role}:Head1%ffSlash2@${host}:${port}/${database}`,
    });
    expect(notUtf8.code).toBe(2);
    expect(onlyLine(notUtf8.stderr)).toBe(
      'mantis-sync-tui: the password in DATABASE_URL has a malformed percent-escape: write each % that is meant literally as %25',
    );
    const inParameter = await cli(['verify'], {
      DATABASE_URL: `postgresql://${role}@${host}:${port}/${database}?password=Head1%zzSlash2`,
    });
    expect(inParameter.code).toBe(2);
    expect(onlyLine(inParameter.stderr)).toBe(
      'mantis-sync-tui: the password parameter in DATABASE_URL has a malformed percent-escape: write each % that is meant literally as %25',
    );
  });

  it('given as ?password=, as libpq and psql take it, connects', async () => {
    const { hostname: host, port } = server();
    const r = await cli(['verify', '--json'], {
      DATABASE_URL: `postgresql://${role}@${host}:${port}/${database}?password=${encodeURIComponent(SECRET)}`,
    });
    const report = verifiedJson(r);
    expect(report).toMatchObject({ status: 'ok', database, user: role });
    expect(report.url).toBe(`postgresql://${role}@${host}:${port}/${database}?password=***`);
  });

  it('given nowhere → 4, saying where to put it', async () => {
    const { hostname: host, port } = server();
    const home = scratchDirectory('mantis-no-pgpass-');
    const r = await cli(['verify'], { DATABASE_URL: `postgresql://${role}@${host}:${port}/${database}`, HOME: home });
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')[0]).toBe(
      `mantis-sync-tui: IS-SOH (${host}/${database}): the server asks for a password and DATABASE_URL gives none: add it, percent-encoded, after the user name and a ":", or as ?password=`,
    );
  });
});

describe("libpq's query parameters win over the URL's parts", () => {
  it('?host= ?port= ?dbname= ?user= ?password= reach the database they name', async () => {
    const { hostname: host, port } = server();
    const query = `host=${host}&port=${port}&dbname=${database}&user=${role}&password=${encodeURIComponent(SECRET)}`;
    for (const url of [`postgresql:///?${query}`, `postgresql://nobody:wrong@nowhere.invalid:1/nodb?${query}`]) {
      const report = verifiedJson(await cli(['verify', '--json'], { DATABASE_URL: url }));
      expect(report).toMatchObject({ status: 'ok', host, database, user: role });
      expect(report.url).toContain('password=***');
    }
  });
});

describe('never prints the password', () => {
  it('in any output of this file', () => {
    expect(outputs.length).toBeGreaterThan(8);
    for (const output of outputs) expect(output.stdout + output.stderr).not.toMatch(new RegExp(PIECES.join('|')));
  });
});

/** The binary run in `cwd`, where a default export directory goes. */
function runCliIn(cwd: string, args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'mantis-sync-tui.js'), ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

describe('a database named like a path', () => {
  const name = `flt_t/../../../escaped_${process.pid}`;
  const url = () => databaseUrl(adminUrl(), encodeURIComponent(name));
  beforeAll(() =>
    withClient(adminUrl(), (c) =>
      c.query(`CREATE DATABASE ${escapeIdentifier(name)} TEMPLATE ${escapeIdentifier(templateDatabase('migrated'))}`),
    ),
  );
  afterAll(() => dropDatabase(adminUrl(), url()));

  it('rollback exports into a directory of the working directory, its name made safe', async () => {
    const root = scratchDirectory('mantis-path-');
    const cwd = join(root, 'a', 'b', 'c');
    mkdirSync(cwd, { recursive: true });
    const r = await runCliIn(cwd, ['rollback', `--confirm=${name}`, '--audit-log', join(root, 'audit.jsonl')], {
      DATABASE_URL: url(),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const made = readdirSync(cwd);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(new RegExp(`^mantis-rollback-flt_t_escaped_${process.pid}-\\d{4}-\\d\\d-\\d\\dT\\d{6}$`));
    expect(readdirSync(join(root, 'a'))).toEqual(['b']);
    expect(readdirSync(root).sort()).toEqual(['a', 'audit.jsonl']);
  });
});
