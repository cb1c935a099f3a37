/**
 * The application's contract through the real binary: the fixture application's statements
 * (test/fixtures/app) checked on the specified 0024 and on the variant the application was written
 * for, directly and through PgBouncer; --execute; the contract file and its stale entries; the
 * verdict of verify; a plan whose dry run breaks a statement, and apply refusing it.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, hasPgBouncer, pooledUrl, scratchDirectory } from '../helpers/context.js';
import { ROOT, withClient } from '../helpers/databases.js';

const APP = join(ROOT, 'test', 'fixtures', 'app');
const TRACKER = 'src/services/SyncProgressTracker.ts';

interface JsonStatement {
  id: string;
  file: string;
  line: number;
  sql: string;
  status: string;
  sqlstate: string | null;
  message: string | null;
}

/** "file:line" → "ok" | "fail SQLSTATE" | "unchecked", as a hand-run probe of each gives. */
const verdicts = (statements: JsonStatement[]) =>
  Object.fromEntries(
    statements.map((s) => [`${s.file}:${s.line}`, s.status === 'fail' ? `fail ${s.sqlstate}` : s.status]),
  );

const SPEC = {
  'src/queries/progress.sql:7': 'ok',
  'src/routes/activity.ts:16': 'ok',
  'src/routes/activity.ts:27': 'unchecked',
  'src/routes/activity.ts:36': 'fail 42703',
  'src/routes/activity.ts:44': 'ok',
  'src/routes/preview.ts:7': 'ok',
  'src/routes/preview.ts:17': 'fail 42703',
  'src/routes/share.ts:6': 'ok',
  [`${TRACKER}:22`]: 'ok',
  [`${TRACKER}:30`]: 'fail 42703',
  [`${TRACKER}:41`]: 'fail 42703',
  [`${TRACKER}:49`]: 'fail 22P02',
  [`${TRACKER}:59`]: 'ok',
  [`${TRACKER}:69`]: 'ok',
};

const VARIANT = {
  ...SPEC,
  'src/routes/preview.ts:7': 'fail 42703',
  'src/routes/preview.ts:17': 'ok',
  'src/routes/share.ts:6': 'fail 42703',
  [`${TRACKER}:22`]: 'fail 42703',
  [`${TRACKER}:30`]: 'ok',
  [`${TRACKER}:41`]: 'ok',
};

const ORG = '0d000000-0000-4000-8000-000000000001';
const PARTNER = '0d000000-0000-4000-8000-000000000002';
const USER = '0d000000-0000-4000-8000-0000000000a1';

const noStackTrace = (stderr: string) => expect(stderr.split('\n').some((l) => /^\s+at /.test(l))).toBe(false);

describe('mantis-sync-tui contract', () => {
  it('on the specified 0024: each statement ok, failing (SQLSTATE, message) or unchecked, by file and line; exit 1', async () => {
    const url = await freshDatabase('issohMigrated', 'contract');
    const r = await runCli(['contract', '--app', APP, '--json'], { DATABASE_URL: url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.statements[0])).toEqual(
      expect.arrayContaining(['id', 'file', 'line', 'sql', 'status', 'sqlstate', 'message']),
    );
    expect(verdicts(report.statements)).toEqual(SPEC);
    const status = report.statements.find((s: JsonStatement) => s.line === 41 && s.file === TRACKER);
    expect(status.message).toBe('column "status" of relation "sync_progress" does not exist');
    const dynamic = report.statements.find((s: JsonStatement) => s.status === 'unchecked');
    expect(dynamic.reason).toMatch(/\$\{table\}.*only known at run time/);
    expect(report.summary).toEqual({ ok: 8, fail: 5, unchecked: 1, total: 14 });
    // checked, never run: nothing was written
    await withClient(url, async (client) => {
      expect((await client.query('SELECT count(*)::int AS n FROM sync_progress')).rows[0].n).toBe(0);
    });
  });

  it('on the variant the application was written for, the text names what the migration lacks and what explains a failure', async () => {
    const url = await freshDatabase('drifted', 'contract');
    const json = await runCli(['contract', '--app', APP, '--json'], { DATABASE_URL: url });
    expect(json.code).toBe(1);
    expect(verdicts(JSON.parse(json.stdout).statements)).toEqual(VARIANT);
    const text = await runCli(['contract', '--app', APP], { DATABASE_URL: url });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`✗ ${TRACKER}:22`);
    expect(text.stdout).toContain('explained by TBL002 column missing: public.sync_progress.current_item');
    expect(text.stdout).toContain(
      'the application uses public.sync_activity_log.activity_type, which the migration (sql/migrations/0024_sync_preview_progress_logs.sql) does not define',
    );
    expect(text.stdout).toMatch(/Summary {2}8 ok · 5 fail · 1 unchecked/);
  });

  it('exits 0 when every statement it can check works', async () => {
    const app = scratchDirectory('mantis-app-');
    writeFileSync(
      join(app, 'ok.ts'),
      "export const q = (pool: { query(t: string, v: unknown[]): unknown }) =>\n  pool.query('SELECT sync_id FROM sync_progress WHERE org_id = $1', [null]);\n",
    );
    const r = await runCli(['contract', '--app', app], { DATABASE_URL: await freshDatabase('issohMigrated', 'ok') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 ok · 0 fail · 0 unchecked {2}→ every checked statement works here/);
  });

  it('--execute runs each statement as the application would and undoes it: NOT NULL and RLS WITH CHECK', async () => {
    const url = await freshDatabase('issohMigrated', 'contract');
    await withClient(url, (client) =>
      client.query(
        `INSERT INTO organization (id, name, slug) VALUES ('${ORG}', 'Own', 'own'), ('${PARTNER}', 'Partner', 'partner');
         INSERT INTO auth.users_extended (id, org_id, email) VALUES ('${USER}', '${ORG}', 'own@example.com');`,
      ),
    );
    const args = ['contract', '--app', APP, '--execute', '--as', 'authenticated'];
    const r = await runCli([...args, '--context', `request.jwt.claim.sub=${USER}`, '--json'], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    const statements: JsonStatement[] = JSON.parse(r.stdout).statements;
    const at = (file: string, line: number) => statements.find((s) => s.file === file && s.line === line)!;
    expect(at(TRACKER, 59)).toMatchObject({ status: 'fail', sqlstate: '23502' });
    expect(at(TRACKER, 59).message).toMatch(/"sync_id"/);
    expect(at('src/routes/share.ts', 6)).toMatchObject({ status: 'fail', sqlstate: '42501' });
    expect(at('src/routes/share.ts', 6).message).toMatch(/row-level security policy for table "sync_preview_cache"/);
    const text = await runCli([...args, '--context', `request.jwt.claim.sub=${USER}`], { DATABASE_URL: url });
    expect(text.stdout).toMatch(/run and rolled back/);
    expect(text.stdout).toMatch(/Rolled back; /);
    await withClient(url, async (client) => {
      const counts = await client.query(
        'SELECT (SELECT count(*) FROM sync_progress)::int AS progress, (SELECT count(*) FROM sync_preview_cache)::int AS cache',
      );
      expect(counts.rows[0]).toEqual({ progress: 0, cache: 0 });
    });
  });

  it('writes a contract file, checks from it with the same verdicts, and reports entries whose source moved or changed', async () => {
    const app = join(scratchDirectory('mantis-contract-'), 'app');
    cpSync(APP, app, { recursive: true });
    const file = join(app, '..', 'contract.yaml');
    const written = await runCli(['contract', '--app', app, '--write', file]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^wrote 14 statements from 7 files to /);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('source: src/services/SyncProgressTracker.ts:49');
    expect(text).toContain('app: app');

    const url = await freshDatabase('drifted', 'contract');
    const fromFile = await runCli(['contract', '--contract', file, '--json'], { DATABASE_URL: url });
    expect(fromFile.code).toBe(1);
    const report = JSON.parse(fromFile.stdout);
    expect(verdicts(report.statements)).toEqual(VARIANT);
    expect(report.stale).toEqual([]);

    // One line added above preview.ts's statements, and one statement of the tracker changed.
    const preview = join(app, 'src/routes/preview.ts');
    writeFileSync(preview, `// moved\n${readFileSync(preview, 'utf8')}`);
    const tracker = join(app, TRACKER);
    writeFileSync(
      tracker,
      readFileSync(tracker, 'utf8').replace('entity_type, total_items) VALUES', 'entity_type, failed_count) VALUES'),
    );
    const stale = JSON.parse(
      (await runCli(['contract', '--contract', file, '--json'], { DATABASE_URL: url })).stdout,
    ).stale;
    expect(stale.map((s: { file: string; line: number; why: string }) => `${s.file}:${s.line} ${s.why}`)).toEqual([
      'src/routes/preview.ts:7 moved to line 8',
      'src/routes/preview.ts:17 moved to line 18',
      `${TRACKER}:49 no longer in the file (the statement changed or was removed)`,
    ]);
    const verified = JSON.parse((await runCli(['verify', '--contract', file, '--json'], { DATABASE_URL: url })).stdout);
    expect(
      verified.findings.filter((f: { code: string }) => f.code === 'APP004').map((f: { object: string }) => f.object),
    ).toEqual(['src/routes/preview.ts:7', 'src/routes/preview.ts:17', `${TRACKER}:49`]);
  });

  it('says what is wrong with its input in one line, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['contract'], /contract needs --app DIR .* or --contract FILE/],
      [['contract', '--app', '/nonexistent/app'], /--app \/nonexistent\/app: no such directory/],
      [['contract', '--app', APP, '--contract', 'x.yaml'], /give one/],
      [['contract', '--app', APP, '--context', 'nodot=1'], /--context needs name=value/],
      [['contract', '--contract', '/nonexistent/contract.yaml'], /no such file/],
      [['verify', '--include-tests'], /--include-tests goes with --app DIR/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      noStackTrace(r.stderr);
    }
  });
});

describe('the contract in the verdict and the plan', () => {
  it('verify --app adds the "Application contract" group: ready means the statements work too', async () => {
    const url = await freshDatabase('issohMigrated', 'contract');
    const plain = await runCli(['verify', '--json'], { DATABASE_URL: url });
    expect(plain.code).toBe(0);
    const r = await runCli(['verify', '--app', APP, '--json'], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('not-ready');
    const contract = report.findings.filter((f: { group: string }) => f.group === 'contract');
    expect(contract).toHaveLength(14);
    const failing = contract.filter((f: { status: string }) => f.status === 'fail');
    expect(failing.map((f: { code: string; object: string }) => `${f.code} ${f.object}`).sort()).toEqual([
      'APP002 src/routes/activity.ts:36',
      'APP002 src/routes/preview.ts:17',
      `APP002 ${TRACKER}:30`,
      `APP002 ${TRACKER}:41`,
      `APP002 ${TRACKER}:49`,
    ]);
    expect(failing.find((f: { object: string }) => f.object === `${TRACKER}:41`).location).toEqual({
      file: TRACKER,
      line: 41,
    });
    const text = await runCli(['verify', '--app', APP], { DATABASE_URL: url });
    expect(text.stdout).toMatch(/Application contract\s+8 pass · 5 fail · 1 warn/);
    const markdown = await runCli(['verify', '--app', APP, '--format', 'markdown'], { DATABASE_URL: url });
    expect(markdown.stdout).toContain('| Application contract | 8 | 5 | 1 | 0 |');
    expect(markdown.stdout).toContain(`**Source**: ${TRACKER}:49`);
  });

  it('plan --app says which step breaks a statement that works today; apply refuses it until named, and changes nothing', async () => {
    const url = await freshDatabase('drifted', 'contract');
    const env = { DATABASE_URL: url, XDG_STATE_HOME: scratchDirectory('mantis-state-') };
    const plan = await runCli(['plan', '--app', APP], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /repair-before-tables-sync_preview_cache.*\n.*\n\s+breaks application statements that work today: src\/routes\/preview\.ts:17 \(preview-[0-9a-f]{8}\)/,
    );
    expect(plan.stdout).toMatch(/Application contract after these steps 3 application statements fail \(now 5\)/);
    const json = JSON.parse((await runCli(['plan', '--app', APP, '--json'], env)).stdout);
    const broken = json.contract.impact.steps.flatMap((s: { breaks: JsonStatement[] }) => s.breaks);
    expect(broken.map((s: JsonStatement) => `${s.file}:${s.line}`)).toEqual(['src/routes/preview.ts:17']);
    const id = broken[0].id;

    const dry = await runCli(['apply', '--dry-run', '--app', APP], env);
    expect(dry.stdout).toContain(`breaks src/routes/preview.ts:17 (${id}: 42703`);

    const refused = await runCli(['apply', '--yes', '--confirm', new URL(url).pathname.slice(1), '--app', APP], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`pass --accept-breaking ${id} to apply it anyway; nothing was changed`);
    await withClient(url, async (client) => {
      const columns = await client.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'sync_preview_cache' AND column_name LIKE 'delta%'",
      );
      expect(columns.rows).toEqual([{ column_name: 'delta_data' }]);
    });
  });

  it('rollback --dry-run --app says what the rollback breaks', async () => {
    const url = await freshDatabase('issohMigrated', 'contract');
    const env = { DATABASE_URL: url, XDG_STATE_HOME: scratchDirectory('mantis-state-') };
    const r = await runCli(['rollback', '--dry-run', '--app', APP], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Application contract after the rollback 13 application statements fail \(now 5\)/);
    expect(r.stdout).toMatch(/the rollback breaks src\/queries\/progress\.sql:7/);
  });
});

if (hasPgBouncer()) {
  describe('the contract through a real PgBouncer (transaction pooling)', () => {
    it('gives the direct verdicts; --execute is refused without --allow-pooled', async () => {
      const url = await freshDatabase('drifted', 'contract');
      const pooled = await runCli(['contract', '--app', APP, '--json'], { DATABASE_URL: pooledUrl(url) });
      expect(pooled.stderr).toBe('');
      expect(pooled.code).toBe(1);
      expect(verdicts(JSON.parse(pooled.stdout).statements)).toEqual(VARIANT);
      // plan only reads: through a pooled URL it still plans, and says why the statements were not checked
      const plan = await runCli(['plan', '--app', APP], {
        DATABASE_URL: pooledUrl(url),
        XDG_STATE_HOME: scratchDirectory('mantis-state-'),
      });
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(/Plan for IS-SOH/);
      expect(plan.stdout).toMatch(/Application contract: not checked: .*--allow-pooled/);
      expect(plan.stderr).toMatch(/^mantis-sync-tui: the application's statements were not checked: .*--allow-pooled/);
      noStackTrace(plan.stderr);
      const execute = await runCli(['contract', '--app', APP, '--execute'], { DATABASE_URL: pooledUrl(url) });
      expect(execute.code).toBe(3);
      expect(execute.stderr).toMatch(/pooled endpoint .*--allow-pooled/);
      noStackTrace(execute.stderr);
    });
  });
}
