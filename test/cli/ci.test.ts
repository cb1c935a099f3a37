/**
 * The deploy gate through the real binary, on real database pairs (one per environment): named
 * environments, verify --all, diff, and the CI formats as their consumers read them: the JUnit
 * XML through a JUnit parser, the SARIF against the official 2.1.0 schema, the GitHub lines
 * against the workflow command syntax and @actions/core's own writing of them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { error as annotateError, notice as annotateNotice, warning as annotateWarning } from '@actions/core';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { parse as parseJunit, type TestSuites } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import { adminUrl, freshDatabase, scratchDirectory } from '../helpers/context.js';
import { ROOT, withClient } from '../helpers/databases.js';

const APP = join(ROOT, 'test', 'fixtures', 'app');

/** The environments and the variables that hold their URLs, as a team's CI would set them. */
const variables: Record<string, string> = {};
let directory = '';
const configFile = () => join(directory, 'mantis-sync-tui.json');

const run = (args: readonly string[], env: Record<string, string> = {}, cwd = directory): Promise<CliResult> =>
  runCli(args, { ...variables, ...env }, { cwd });

/** One line on stderr naming the fix, no stack trace, exit 2. */
function refusedWith(r: CliResult, pattern: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stdout).toBe('');
}

beforeAll(async () => {
  directory = scratchDirectory('mantis-ci-');
  const pairs = {
    STAGING: ['issohMigrated', 'sppSeed000'],
    PRODUCTION: ['issohSeed000', 'sppSeed000'],
    DRIFTED: ['drifted', 'sppSeed000'],
    TWIN: ['issohMigrated', 'sppSeed000'],
  } as const;
  await Promise.all(
    Object.entries(pairs).map(async ([name, [issoh, spp]]) => {
      variables[`${name}_DATABASE_URL`] = await freshDatabase(issoh, 'ci');
      variables[`${name}_SPP_DATABASE_URL`] = await freshDatabase(spp, 'ci');
    }),
  );
  const environment = (name: string, extra: object = {}) => ({
    issoh: `${name}_DATABASE_URL`,
    spp: `${name}_SPP_DATABASE_URL`,
    ...extra,
  });
  writeFileSync(
    configFile(),
    JSON.stringify({
      environments: {
        staging: environment('STAGING'),
        production: environment('PRODUCTION', { production: true }),
        drifted: environment('DRIFTED'),
        twin: environment('TWIN'),
      },
    }),
  );
});

describe('named environments (mantis-sync-tui.json)', () => {
  it('--env picks the URLs from the variables the file names, not DATABASE_URL', async () => {
    const r = await run(['verify', '--env', 'staging', '--json'], {
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      NEON_SPP_DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.databases.issoh.database).toBe(new URL(variables.STAGING_DATABASE_URL!).pathname.slice(1));
    expect(report.databases.spp.database).toBe(new URL(variables.STAGING_SPP_DATABASE_URL!).pathname.slice(1));
    const production = await run(['verify', '--env', 'production']);
    expect(production.code).toBe(1);
    expect(production.stdout).toContain('PRQ001 organization table missing');
  });

  it('--config FILE reads the file from anywhere, for other commands too', async () => {
    const r = await run(['plan', '--env', 'production', '--config', configFile(), '--json'], {}, ROOT);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.database.database).toBe(new URL(variables.PRODUCTION_DATABASE_URL!).pathname.slice(1));
    expect(plan.steps.length).toBeGreaterThan(0);
  });

  it('without a config file nothing changes: DATABASE_URL as always', async () => {
    const elsewhere = scratchDirectory('mantis-no-config-');
    const r = await run(['verify'], { DATABASE_URL: variables.STAGING_DATABASE_URL! }, elsewhere);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ ready on what was read: SPP not checked');
  });

  it('bad input is one line naming the fix, exit 2: unknown environment, no file, a file that does not parse, a variable not set', async () => {
    refusedWith(
      await run(['verify', '--env', 'stagign']),
      /no environment "stagign" in mantis-sync-tui\.json: use one of staging, production, drifted, twin/,
    );
    refusedWith(
      await run(['verify', '--env', 'staging'], {}, scratchDirectory('mantis-no-config-')),
      /--env staging needs mantis-sync-tui\.json in the working directory .*, or --config FILE/,
    );
    const broken = join(scratchDirectory('mantis-broken-'), 'envs.json');
    writeFileSync(broken, '{"environments": {"staging": {"issoh": "STAGING_DATABASE_URL",}}}');
    refusedWith(
      await run(['verify', '--env', 'staging', '--config', broken]),
      /envs\.json is not valid JSON at line 1, column \d+ .*: fix it/,
    );
    refusedWith(
      await run(['verify', '--config', '/nonexistent/envs.json', '--env', 'x']),
      /--config \/nonexistent\/envs\.json cannot be read \(no such file\)/,
    );
    refusedWith(
      await run(['verify', '--env', 'staging'], { STAGING_SPP_DATABASE_URL: '' }),
      /environment "staging": STAGING_SPP_DATABASE_URL is not set \(mantis-sync-tui\.json names it for SPP\): export STAGING_SPP_DATABASE_URL=postgresql:\/\/…/,
    );
    refusedWith(
      await run(['verify', '--env', 'staging', '--issoh-url', variables.STAGING_DATABASE_URL!]),
      /--env staging and --issoh-url both name a database: give one of them/,
    );
    refusedWith(
      await run(['verify', '--config', configFile()]),
      /--config .*mantis-sync-tui\.json names staging, production, drifted, twin: add --env NAME to pick one/,
    );
    refusedWith(await run(['diff', 'staging', 'nowhere']), /no environment "nowhere"/);
    refusedWith(
      await run(['verify', '--fail-on', 'never', '--env', 'staging']),
      /--fail-on must be fail, blocked, warn \(got "never"\)/,
    );
  });

  it('--config FILE naming one environment needs no --env: that one is used', async () => {
    const file = join(scratchDirectory('mantis-one-env-'), 'one.json');
    writeFileSync(
      file,
      JSON.stringify({ environments: { staging: { issoh: 'STAGING_DATABASE_URL', spp: 'STAGING_SPP_DATABASE_URL' } } }),
    );
    const r = await run(
      ['verify', '--config', file, '--json'],
      { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' },
      scratchDirectory('mantis-no-config-'),
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.databases.issoh.database).toBe(new URL(variables.STAGING_DATABASE_URL!).pathname.slice(1));
  });

  it('a URL written in the file with its password is used, with a warning naming the variable to use instead', async () => {
    const file = join(scratchDirectory('mantis-inline-'), 'mantis-sync-tui.json');
    const secret = decodeURIComponent(new URL(adminUrl()).password);
    writeFileSync(file, JSON.stringify({ environments: { 'pr-42': { issoh: variables.STAGING_DATABASE_URL } } }));
    const r = await run(['verify', '--env', 'pr-42', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'warning: ' +
        `${file}: environment "pr-42" writes IS-SOH's URL with its password in the file: move the URL to an environment variable (e.g. PR_42_ISSOH_DATABASE_URL) and write its name there instead`,
    );
    if (secret) expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
  });
});

describe('verify --all', () => {
  it('checks every environment and prints an environment × group matrix; exits with the worst status', async () => {
    const r = await run(['verify', '--all']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('environment'))!;
    expect(header).toMatch(/^environment\s+topology\s+prerequisites\s+enums\s+tables\s+.*verdict$/);
    expect(lines.find((l) => l.startsWith('staging '))).toMatch(/\s+passes$/);
    expect(lines.find((l) => l.startsWith('twin '))).toMatch(/\s+passes$/);
    expect(lines.find((l) => l.startsWith('production '))).toMatch(/✗ \d+.*⊘ \d+.*\s+fails$/);
    expect(lines.find((l) => l.startsWith('drifted '))).toMatch(/\s+fails$/);
    expect(r.stdout).toMatch(/Summary {2}2 pass · 2 fail · 0 incomplete {2}→ fails\n$/);
  });

  it('a database that cannot be read makes the whole run incomplete (exit 4), the rest still checked', async () => {
    const file = join(scratchDirectory('mantis-down-'), 'mantis-sync-tui.json');
    writeFileSync(
      file,
      JSON.stringify({ environments: { staging: { issoh: 'STAGING_DATABASE_URL' }, down: { issoh: 'DOWN_URL' } } }),
    );
    const r = await run(['verify', '--all', '--config', file, '--connect-timeout', '1', '--format', 'json'], {
      DOWN_URL: 'postgresql://nobody@127.0.0.1:1/none',
    });
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout);
    expect(json.environments.map((e: { name: string; exitCode: number }) => [e.name, e.exitCode])).toEqual([
      ['staging', 0],
      ['down', 4],
    ]);
    expect(r.stderr).toContain('mantis-sync-tui: down: IS-SOH (127.0.0.1/none): connection refused');
  });

  it('--format markdown: the same matrix as a table, and each environment’s gaps', async () => {
    const r = await run(['verify', '--all', '--format', 'markdown']);
    expect(r.stdout).toMatch(/^\| Environment \| Topology \| Prerequisites \| .* \| Verdict \|$/m);
    expect(r.stdout).toMatch(/^\| production \| .*✗ \d+.* \| fails \|$/m);
    expect(r.stdout).toContain('## production');
    expect(r.stdout).toMatch(/^\| staging \| .* \| passes \|$/m);
  });
});

const sarifSchema = JSON.parse(
  readFileSync(
    createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
);
// Both are CommonJS whose types declare a default export: `.default` is the class and the plugin.
// unicodeRegExp off: the published 2.1.0 schema has a pattern (for a language tag) that only the non-Unicode syntax reads.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

/** The SARIF document validated against the official 2.1.0 schema; its errors shown when it is not. */
function validSarif(text: string) {
  const log = JSON.parse(text);
  const valid = validateSarif(log);
  expect(ajv.errorsText(validateSarif.errors, { separator: '\n' })).toBe('No errors');
  expect(valid).toBe(true);
  return log;
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: Array<{ fullyQualifiedName: string }>;
  }>;
}

describe('--format sarif', () => {
  it('validates against the SARIF 2.1.0 schema: a rule per code with help, results at the database object, and at the file and line of a failing application statement', async () => {
    // From the repository's root, as CI runs it: the statement's file is named from there.
    const r = await run(
      ['verify', '--env', 'staging', '--config', configFile(), '--app', APP, '--format', 'sarif'],
      {},
      ROOT,
    );
    expect(r.code).toBe(1);
    const log = validSarif(r.stdout);
    const [sarifRun] = log.runs;
    expect(sarifRun.tool.driver.name).toBe('mantis-sync-tui');
    const rules = sarifRun.tool.driver.rules as Array<{ id: string; help: { text: string } }>;
    // On the specified 0024 the application's failing statements are ones the migration cannot satisfy.
    const app002 = rules.find((rule) => rule.id === 'APP002')!;
    expect(app002.help.text).toMatch(/^the application and the specified migration disagree\. /);
    const results = sarifRun.results as SarifResult[];
    const failing = results.filter((result) => /^APP00[12]$/.test(result.ruleId));
    expect(failing.length).toBeGreaterThan(0);
    for (const result of failing) {
      const physical = result.locations[0]!.physicalLocation!;
      expect(physical.artifactLocation.uri).toMatch(/^test\/fixtures\/app\/src\/.+\.ts$/);
      expect(existsSync(join(ROOT, physical.artifactLocation.uri))).toBe(true);
      expect(physical.region.startLine).toBeGreaterThan(0);
      expect(result.level).toBe('error');
    }
    expect(failing[0]!.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toMatch(/^staging\/IS-SOH\//);
  });

  it('verify --all and diff validate too, every environment in one run', async () => {
    const all = await run(['verify', '--all', '--format', 'sarif']);
    const results = validSarif(all.stdout).runs[0].results as SarifResult[];
    const environments = new Set(
      results.map((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.split('/')[0]),
    );
    expect([...environments].sort()).toEqual(['drifted', 'production', 'staging', 'twin']);
    // Staging passes: what it has to say is warnings, never an error.
    const staging = results.filter((r) =>
      r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.startsWith('staging/'),
    );
    expect(new Set(staging.map((r) => r.level))).toEqual(new Set(['warning']));
    const matrix = validSarif(all.stdout).runs[0].properties.matrix as Array<{
      environment: string;
      exitCode: number;
      groups: Record<string, { status: string; count: number } | null>;
    }>;
    expect(matrix.map((row) => [row.environment, row.exitCode])).toEqual([
      ['staging', 0],
      ['production', 1],
      ['drifted', 1],
      ['twin', 0],
    ]);
    expect(matrix[1]!.groups.prerequisites).toMatchObject({ status: 'fail' });
    const diff = await run(['diff', 'staging', 'drifted', '--format', 'sarif']);
    expect(diff.code).toBe(1);
    const diffResults = validSarif(diff.stdout).runs[0].results as SarifResult[];
    expect(new Set(diffResults.map((r) => r.ruleId))).toEqual(new Set(['DIF001', 'DIF002']));
  });
});

describe('--format junit', () => {
  it('parses as JUnit: a suite per group, a case per check; failures carry expected, actual and the evidence SQL', async () => {
    const r = await run(['verify', '--env', 'production', '--format', 'junit']);
    expect(r.code).toBe(1);
    const parsed = (await parseJunit(r.stdout)) as TestSuites;
    const suites = parsed.testsuite!;
    expect(suites.map((s) => s.name)).toEqual(
      expect.arrayContaining(['production / Topology', 'production / Prerequisites', 'production / Indexes']),
    );
    const prerequisites = suites.find((s) => s.name === 'production / Prerequisites')!;
    const prq001 = prerequisites.testcase!.find((c) => c.name === 'PRQ001 public.organization [IS-SOH]')!;
    expect(prq001.classname).toBe('mantis-sync-tui.verify.production.prerequisites');
    const [failure] = prq001.failure!;
    expect(failure!.type).toBe('PRQ001');
    expect(failure!.message).toMatch(/organization table missing/);
    expect(failure!.inner).toMatch(/^expected: .+\nactual: .+/);
    expect(failure!.inner).toMatch(/evidence:\n(SELECT|WITH)/);
    expect(parsed.failures).toBeGreaterThan(4); // the 4 failing and the blocked ones (blocked fails by default)
    const counted = suites.reduce((n, s) => n + (s.testcase ?? []).filter((c) => c.failure).length, 0);
    expect(parsed.failures).toBe(counted);
  });

  it('--fail-on fail: blocked checks are skipped, not failed, and only failing checks set the exit code', async () => {
    const blocked = await run(['verify', '--env', 'production', '--format', 'junit', '--fail-on', 'fail']);
    expect(blocked.code).toBe(1);
    const parsed = (await parseJunit(blocked.stdout)) as TestSuites;
    const cases = parsed.testsuite!.flatMap((s) => s.testcase ?? []);
    expect(cases.filter((c) => c.failure).length).toBe(4);
    expect(cases.filter((c) => c.skipped).length).toBeGreaterThan(0);
    // Staging passes, with warnings: --fail-on warn makes them fail the gate.
    expect((await run(['verify', '--env', 'staging'])).code).toBe(0);
    const strict = await run(['verify', '--env', 'staging', '--fail-on', 'warn', '--format', 'junit']);
    expect(strict.code).toBe(1);
    const warned = ((await parseJunit(strict.stdout)) as TestSuites).testsuite!.flatMap((s) => s.testcase ?? []);
    expect(warned.filter((c) => c.failure).every((c) => /\(warn\)$/.test(c.failure![0]!.message!))).toBe(true);
  });

  it('--output FILE writes the report there while the text goes to stdout; verify --all as environment / group suites', async () => {
    const file = join(scratchDirectory('mantis-out-'), 'reports', 'junit.xml');
    const r = await run(['verify', '--all', '--format', 'junit', '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^mantis-sync-tui verify · /);
    const parsed = (await parseJunit(readFileSync(file, 'utf8'))) as TestSuites;
    const names = parsed.testsuite!.map((s) => s.name);
    for (const environment of ['staging', 'production', 'drifted', 'twin'])
      expect(names).toContain(`${environment} / Prerequisites`);
  });
});

/** GitHub's workflow command syntax: `::command key=value,key=value::message`, escaped as the runner unescapes. */
const WORKFLOW_COMMAND =
  /^::(error|warning|notice)(?: ((?:title|file|line|endLine|col|endColumn)=[^,:\r\n]*(?:,(?:title|file|line|endLine|col|endColumn)=[^,:\r\n]*)*))?::([^\r\n]*)$/;
const unescapeCommand = (text: string) =>
  text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');

/** What @actions/core itself writes for the same annotation. */
function writtenByActionsCore(
  kind: 'error' | 'warning' | 'notice',
  properties: Record<string, string>,
  message: string,
) {
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    written.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const annotate = { error: annotateError, warning: annotateWarning, notice: annotateNotice }[kind];
    annotate(message, {
      ...(properties.title !== undefined ? { title: properties.title } : {}),
      ...(properties.file !== undefined ? { file: properties.file } : {}),
      ...(properties.line !== undefined ? { startLine: Number(properties.line) } : {}),
    });
  } finally {
    process.stdout.write = write;
  }
  return written.join('').trimEnd();
}

describe('--format github', () => {
  it('annotations in the workflow command syntax, within 10 errors and 10 warnings, the rest summarised; the job summary appended', async () => {
    const summary = join(scratchDirectory('mantis-gh-'), 'step_summary.md');
    writeFileSync(summary, 'an earlier step\n');
    const r = await run(
      ['verify', '--all', '--format', 'github', '--app', APP, '--config', configFile()],
      { GITHUB_STEP_SUMMARY: summary },
      ROOT,
    );
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const commands = lines.slice(0, -1);
    expect(lines.at(-1)).toMatch(/^mantis-sync-tui verify: \d+ failing, \d+ warnings \(fail on blocked\) → fails$/);
    for (const line of commands) {
      const match = WORKFLOW_COMMAND.exec(line);
      expect(match, line).not.toBeNull();
      const [, kind, props, message] = match!;
      const properties = Object.fromEntries(
        (props ?? '')
          .split(',')
          .filter(Boolean)
          .map((p) => [p.slice(0, p.indexOf('=')), unescapeCommand(p.slice(p.indexOf('=') + 1))]),
      );
      expect(writtenByActionsCore(kind as 'error', properties, unescapeCommand(message!))).toBe(line);
    }
    const errors = commands.filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors.at(-1)).toMatch(
      /^::error title=\d+ more failing findings::\d+ more failing findings than GitHub shows as annotations: the job summary lists them all$/,
    );
    expect(commands.filter((l) => l.startsWith('::warning')).length).toBeLessThanOrEqual(10);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('an earlier step\n# mantis-sync-tui verify: 4 environments')).toBe(true);
    expect(text).toMatch(/^\| production \| .* \| fails \|$/m);
  });

  it('a failing application statement is annotated at its file and line, named from the repository root', async () => {
    const r = await run(
      ['verify', '--env', 'staging', '--config', configFile(), '--app', APP, '--format', 'github'],
      {},
      ROOT,
    );
    expect(r.code).toBe(1);
    const located = r.stdout
      .split('\n')
      .filter((l) =>
        /^::error title=\[staging\] APP00[12] .*,file=test\/fixtures\/app\/src\/[^,]+\.ts,line=\d+::/.test(l),
      );
    expect(located.length).toBeGreaterThan(0);
  });
});

describe('diff ENV_A ENV_B', () => {
  it('two environments alike: no findings, exit 0', async () => {
    const r = await run(['diff', 'staging', 'twin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^staging → twin\s+passes$/m);
  });

  it('staging against a drifted environment: what is in one only, and every attribute that differs', async () => {
    const r = await run(['diff', 'staging', 'drifted', '--json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as Array<{
      code: string;
      title: string;
      expected: string;
      actual: string;
      database: string;
      group: string;
    }>;
    const titled = (title: string) => findings.find((f) => f.title === title);
    expect(
      titled('column public.sync_progress.processed_count: type differs between staging and drifted'),
    ).toMatchObject({
      code: 'DIF002',
      database: 'issoh',
      group: 'tables',
      expected: 'staging: integer',
      actual: 'drifted: bigint',
    });
    expect(titled('column public.sync_progress.current_item is in staging only, not in drifted')).toMatchObject({
      code: 'DIF001',
    });
    expect(titled('column public.sync_progress.status is in drifted only, not in staging')).toMatchObject({
      code: 'DIF001',
    });
    expect(titled('enum type public.sync_status_type: labels differs between staging and drifted')?.actual).toMatch(
      /, retrying$/,
    );
    expect(titled('table public.sync_activity_log: kind differs between staging and drifted')).toBeUndefined();
    expect(findings.some((f) => f.title.startsWith('partitioned public.sync_activity_log: kind differs'))).toBe(true);
    // SPP is the same on both sides: nothing said of it.
    expect(findings.filter((f) => f.database === 'spp')).toEqual([]);
  });

  it('finds a difference made by hand on one side only, in any attribute', async () => {
    const file = join(scratchDirectory('mantis-hand-'), 'mantis-sync-tui.json');
    const left = await freshDatabase('issohMigrated', 'ci');
    const right = await freshDatabase('issohMigrated', 'ci');
    await withClient(right, (client) =>
      client.query(
        "ALTER TABLE public.sync_progress ALTER COLUMN total_items SET DEFAULT 7; COMMENT ON TABLE public.sync_progress IS 'x'",
      ),
    );
    writeFileSync(file, JSON.stringify({ environments: { a: { issoh: 'A_URL' }, b: { issoh: 'B_URL' } } }));
    const r = await run(['diff', 'a', 'b', '--config', file, '--format', 'markdown'], { A_URL: left, B_URL: right });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('**Issue**: column public.sync_progress.total_items: default differs between a and b');
    expect(r.stdout).toContain('**Actual**: b: 7');
  });
});
