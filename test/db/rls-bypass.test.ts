/**
 * Issue 22: every way around the policies that the catalog shows is a finding. A partition read
 * directly applies none of its table's policies, so verify (GRT004) fails a partition that a
 * client role reaches through a role it is a member of, through ownership, or through a grant on
 * some of its columns; and test-rls reads just the columns a column grant exposes.
 */
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import type { Finding } from '../../src/core/finding.js';
import type { RlsCell, RlsTestResult } from '../../src/core/isolation.js';
import type { Report } from '../../src/core/report.js';
import { runRlsTest } from '../../src/db/rls.js';
import { freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { manifest, templates } from '../helpers/fixtures.js';
import { openWritable, settings } from '../helpers/plan.js';
import { loginRole } from '../helpers/roles.js';

const DECEMBER = 'public.sync_activity_log_2025_12';

async function verifyAs(url: string, appRole?: string): Promise<Report> {
  const config = loadConfig({ env: {}, issohUrl: url, connectTimeout: 5, appRole });
  return verify(config, { manifest, templates, now: () => new Date() });
}

async function rlsTest(url: string): Promise<RlsTestResult> {
  const db = openWritable(url);
  try {
    return await runRlsTest(db, { ...settings, asRole: null });
  } finally {
    await db.close();
  }
}

const grt004 = (report: Report, object: string): Finding | undefined =>
  report.findings.find((f) => f.code === 'GRT004' && f.object === object);
const failing = (report: Report) =>
  report.findings.filter((f) => f.code === 'GRT004' && f.status === 'fail').map((f) => f.object);
const wrong = (result: RlsTestResult) =>
  result.cells
    .filter((c) => !c.ok)
    .map((c) => `${c.path} ${c.subject} ${c.command}`)
    .sort();
const cell = (result: RlsTestResult, path: string, subject: RlsCell['subject'], command: RlsCell['command']) =>
  result.cells.find((c) => c.path === path && c.subject === subject && c.command === command)!;

describe('GRT004: the three grants', () => {
  it('a partition granted to a role authenticated is a member of, two memberships away, fails naming the chain; the REVOKE mends it', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    const [reader, team] = [await loginRole('reader'), await loginRole('team')];
    await withClient(url, (c) =>
      c.query(
        `GRANT SELECT ON sync_activity_log_2025_12 TO ${reader}; GRANT ${reader} TO ${team}; GRANT ${team} TO authenticated`,
      ),
    );
    const report = await verifyAs(url);
    expect(failing(report)).toEqual([DECEMBER]);
    const finding = grt004(report, DECEMBER)!;
    expect(finding.title).toBe(
      `partition read directly skips the policies of public.sync_activity_log: ${DECEMBER} (authenticated)`,
    );
    expect(finding.actual).toBe(
      `SELECT granted to ${reader}, held by authenticated through membership (authenticated → ${team} → ${reader}): every organization’s rows in it`,
    );
    expect(finding.fix).toBe(`REVOKE SELECT ON TABLE "public"."sync_activity_log_2025_12" FROM "${reader}";`);
    // The other mend, where the role needs the partition: cut the membership.
    expect(finding.impact).toContain(`cut the membership instead: REVOKE "${team}" FROM "authenticated";`);
    await withClient(url, (c) => c.query(finding.fix!));
    expect(grt004(await verifyAs(url), DECEMBER)?.status).toBe('pass');
  });

  it('a partition owned by authenticated fails, and one owned by a role authenticated is a member of: a person decides', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    const owner = await loginRole('partowner');
    await withClient(url, (c) =>
      c.query(`ALTER TABLE sync_activity_log_2026_01 OWNER TO authenticated;
               ALTER TABLE sync_activity_log_2026_02 OWNER TO ${owner}; GRANT ${owner} TO authenticated`),
    );
    const report = await verifyAs(url);
    expect(failing(report)).toEqual(['public.sync_activity_log_2026_01', 'public.sync_activity_log_2026_02']);
    const owned = grt004(report, 'public.sync_activity_log_2026_01')!;
    expect(owned.actual).toBe('owned by authenticated: every organization’s rows in it');
    expect(owned.fix).toBeNull();
    expect(owned.impact).toContain(
      'A person must decide who owns public.sync_activity_log_2026_01: authenticated, a role clients act as, owns it and reads and changes it with no policy.',
    );
    expect(owned.impact).toMatch(/ALTER TABLE "public"\."sync_activity_log_2026_01" OWNER TO "[^"]+";/);
    const member = grt004(report, 'public.sync_activity_log_2026_02')!;
    expect(member.actual).toBe(
      `owned by ${owner}, held by authenticated through membership (authenticated → ${owner}): every organization’s rows in it`,
    );
    expect(member.fix).toBeNull();
    expect(member.impact).toContain(`Or cutting the membership: REVOKE "${owner}" FROM "authenticated";`);
  });

  it('a column grant on a partition fails naming the columns; the REVOKE of those columns mends it', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    await withClient(url, (c) =>
      c.query('GRANT SELECT (org_id, error_message) ON public.sync_activity_log_2025_12 TO authenticated'),
    );
    const report = await verifyAs(url);
    expect(failing(report)).toEqual([DECEMBER]);
    const finding = grt004(report, DECEMBER)!;
    expect(finding.title).toBe(
      `partition read directly skips the policies of public.sync_activity_log: ${DECEMBER} (authenticated)`,
    );
    expect(finding.actual).toBe(
      'SELECT (org_id, error_message) granted to authenticated: those columns of every organization’s rows in it',
    );
    expect(finding.fix).toBe(
      'REVOKE SELECT ("org_id", "error_message") ON TABLE "public"."sync_activity_log_2025_12" FROM "authenticated";',
    );
    // The evidence shows the server's own answer for each client role.
    const evidence = await withClient(url, (c) =>
      c.query<{ role: string; column_privileges: string[] }>(finding.evidence),
    );
    expect(evidence.rows.map((r) => [r.role, r.column_privileges])).toEqual([
      ['anon', []],
      ['authenticated', ['SELECT (org_id)', 'SELECT (error_message)']],
    ]);
    await withClient(url, (c) => c.query(finding.fix!));
    expect(failing(await verifyAs(url))).toEqual([]);
  });
});

describe('GRT004: the application’s role and the other paths', () => {
  it('a partition granted to the application’s role fails with --as that role, and not without it', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    const app = await loginRole('app');
    await withClient(url, (c) => c.query(`GRANT INSERT, SELECT ON sync_activity_log_future TO ${app}`));
    const finding = grt004(await verifyAs(url, app), 'public.sync_activity_log_future')!;
    expect(finding.status).toBe('fail');
    expect(finding.title).toContain(`(${app})`);
    expect(finding.expected).toContain(`no privilege for anon, authenticated, ${app} or PUBLIC`);
    expect(failing(await verifyAs(url))).toEqual([]);
  });

  it('a column grant on a view that reads as its superuser owner, to a role anon is a member of, fails', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    const guest = await loginRole('guest');
    await withClient(url, (c) =>
      c.query(`CREATE VIEW progress_names AS SELECT org_id, sync_id FROM sync_progress;
               GRANT SELECT (sync_id) ON progress_names TO ${guest}; GRANT ${guest} TO anon`),
    );
    const view = grt004(await verifyAs(url), 'public.progress_names')!;
    expect(view.status).toBe('fail');
    expect(view.actual).toMatch(
      new RegExp(
        `^SELECT \\(sync_id\\) granted to ${guest}, held by anon through membership \\(anon → ${guest}\\): it reads public\\.sync_progress as \\S+ \\(superuser\\)`,
      ),
    );
    expect(view.fix).toBe('ALTER VIEW "public"."progress_names" SET (security_invoker = true);');
  });
});

describe('test-rls reads the columns a column grant exposes', () => {
  it('SELECT (org_id, error_message) on a partition: with no user and as user A, B’s rows are read through it', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    await withClient(url, (c) =>
      c.query('GRANT SELECT (org_id, error_message) ON public.sync_activity_log_2025_12 TO authenticated'),
    );
    const result = await rlsTest(url);
    expect(result.ok).toBe(false);
    expect(wrong(result)).toEqual([`${DECEMBER} none SELECT`, `${DECEMBER} other SELECT`]);
    const other = cell(result, DECEMBER, 'other', 'SELECT').probes[0]!;
    expect(other.tried).toBe("user A reads B's rows' org_id, error_message (granted by column)");
    expect(other.happened).toBe('sees 1 of 1 row');
    expect(other.sql).toMatch(
      /^SELECT "org_id", "error_message" FROM "public"\."sync_activity_log_2025_12" WHERE "org_id" = ANY \('\{"[0-9a-f-]{36}"\}'\);$/,
    );
    expect(cell(result, DECEMBER, 'none', 'SELECT').probes[0]?.happened).toBe('sees 2 of 2 rows');
    expect(cell(result, DECEMBER, 'own', 'SELECT').outcome).toBe('allowed');
  });

  it('a column grant with no column that tells whose row it is: the session with no user reads every row', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    await withClient(url, (c) =>
      c.query('GRANT SELECT (error_message) ON public.sync_activity_log_2025_12 TO authenticated'),
    );
    const result = await rlsTest(url);
    expect(wrong(result)).toEqual([`${DECEMBER} none SELECT`]);
    expect(cell(result, DECEMBER, 'none', 'SELECT').probes[0]?.sql).toBe(
      'SELECT "error_message" FROM "public"."sync_activity_log_2025_12";',
    );
    expect(cell(result, DECEMBER, 'other', 'SELECT').probed).toBe(false);
  });

  it('a partition reached through membership, and one owned by authenticated, are broken too', async () => {
    const url = await freshDatabase('migrated', 'bypass');
    const reader = await loginRole('rlsreader');
    await withClient(url, (c) =>
      c.query(`GRANT SELECT ON sync_activity_log_2025_11 TO ${reader}; GRANT ${reader} TO authenticated;
               ALTER TABLE sync_activity_log_2026_01 OWNER TO authenticated`),
    );
    const result = await rlsTest(url);
    expect(result.ok).toBe(false);
    expect(wrong(result)).toContain('public.sync_activity_log_2025_11 other SELECT');
    expect(wrong(result)).toContain('public.sync_activity_log_2026_01 other DELETE');
    expect(result.problems.join('\n')).toContain('authenticated owns the partitions public.sync_activity_log_2026_01');
  });
});
