/**
 * verify on real databases: every way 0024's rows escape their policies is a failing finding
 * with its fix (GRT004 partitions, views, materialized views; GRT005 default privileges of the
 * partitions created later), and so are an application role RLS does not apply to (RLS006) and a
 * session without user context that acts as somebody (RLS007). The fixes bring it back to pass.
 */
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import type { Finding } from '../../src/core/finding.js';
import type { Report } from '../../src/core/report.js';
import { adminUrl, freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { manifest, templates } from '../helpers/fixtures.js';
import { loginRole, urlAs } from '../helpers/roles.js';

async function verifyAs(url: string, appRole?: string): Promise<Report> {
  const config = loadConfig({ env: {}, issohUrl: url, connectTimeout: 5, appRole });
  return verify(config, { manifest, templates, now: () => new Date() });
}

const find = (report: Report, code: string, object: string): Finding | undefined =>
  report.findings.find((f) => f.code === code && f.object === object);
const theirsFix = (report: Report, role: string) =>
  find(report, 'GRT005', `default privileges of ${role} in every schema`)?.fix;
const failing = (report: Report, code: string) =>
  report.findings.filter((f) => f.code === code && f.status === 'fail').map((f) => f.object);

describe('GRT004: 0024 rows reachable around their policies', () => {
  it('a correct 0024: each of the 5 partitions passes, granted to none of anon, authenticated, PUBLIC', async () => {
    const report = await verifyAs(await freshDatabase('migrated', 'exp'));
    const partitions = report.findings.filter((f) => f.code === 'GRT004');
    expect(partitions.map((f) => [f.object, f.status])).toEqual(
      ['2025_11', '2025_12', '2026_01', '2026_02', 'future'].map((m) => [`public.sync_activity_log_${m}`, 'pass']),
    );
    expect(find(report, 'GRT005', 'public.sync_activity_log (new partitions)')?.status).toBe('pass');
  });

  it('a grant on a partition fails with the REVOKE that mends it', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(
        'GRANT SELECT, UPDATE ON sync_activity_log_future TO authenticated; GRANT SELECT ON sync_activity_log_2025_11 TO PUBLIC',
      ),
    );
    const report = await verifyAs(url);
    expect(failing(report, 'GRT004')).toEqual(['public.sync_activity_log_2025_11', 'public.sync_activity_log_future']);
    const future = find(report, 'GRT004', 'public.sync_activity_log_future')!;
    expect(future.title).toBe(
      'partition read directly skips the policies of public.sync_activity_log: public.sync_activity_log_future (authenticated)',
    );
    expect(future.actual).toBe('SELECT, UPDATE granted to authenticated: every organization’s rows in it');
    expect(future.fix).toBe('REVOKE SELECT, UPDATE ON TABLE "public"."sync_activity_log_future" FROM "authenticated";');
    expect(find(report, 'GRT004', 'public.sync_activity_log_2025_11')?.fix).toBe(
      'REVOKE SELECT ON TABLE "public"."sync_activity_log_2025_11" FROM PUBLIC;',
    );
    await withClient(url, (c) =>
      c.query(`${future.fix}\n${find(report, 'GRT004', 'public.sync_activity_log_2025_11')!.fix}`),
    );
    expect(failing(await verifyAs(url), 'GRT004')).toEqual([]);
  });

  it('a granted partition archived by maintain archive (detached, renamed *_archived) still fails: its rows stay', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(`GRANT SELECT ON sync_activity_log_2025_12 TO authenticated;
               ALTER TABLE sync_activity_log DETACH PARTITION sync_activity_log_2025_12;
               ALTER TABLE sync_activity_log_2025_12 RENAME TO sync_activity_log_2025_12_archived`),
    );
    const archived = find(await verifyAs(url), 'GRT004', 'public.sync_activity_log_2025_12_archived')!;
    expect(archived.status).toBe('fail');
    expect(archived.title).toBe(
      'archived partition read directly skips the policies of public.sync_activity_log: public.sync_activity_log_2025_12_archived (authenticated)',
    );
    expect(archived.fix).toBe(
      'REVOKE SELECT ON TABLE "public"."sync_activity_log_2025_12_archived" FROM "authenticated";',
    );
  });

  it('a view that reads as its superuser owner fails with security_invoker as the fix; set, it passes', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(
        'CREATE VIEW progress_board AS SELECT org_id, sync_id FROM sync_progress; GRANT SELECT ON progress_board TO authenticated',
      ),
    );
    const report = await verifyAs(url);
    const view = find(report, 'GRT004', 'public.progress_board')!;
    expect(view.status).toBe('fail');
    expect(view.actual).toMatch(
      /^SELECT granted to authenticated: it reads public\.sync_progress as \S+ \(superuser\), whom the policies do not filter$/,
    );
    expect(view.fix).toBe('ALTER VIEW "public"."progress_board" SET (security_invoker = true);');
    await withClient(url, (c) => c.query(view.fix!));
    const after = find(await verifyAs(url), 'GRT004', 'public.progress_board')!;
    expect(after.status).toBe('pass');
    expect(after.title).toBe(
      'public.progress_board: a view over public.sync_progress whose policies filter the caller',
    );
  });

  it('a view over a view: the inner one’s owner reads the rows, whatever the outer one says', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(`CREATE VIEW inner_log AS SELECT * FROM sync_activity_log;
               CREATE VIEW outer_log WITH (security_invoker = true) AS SELECT * FROM inner_log;
               GRANT SELECT ON inner_log, outer_log TO anon`),
    );
    const report = await verifyAs(url);
    expect(failing(report, 'GRT004')).toEqual(['public.inner_log', 'public.outer_log']);
    // security_invoker is already set on the outer one: its fix is the REVOKE.
    expect(find(report, 'GRT004', 'public.outer_log')?.fix).toBe(
      'REVOKE SELECT ON TABLE "public"."outer_log" FROM "anon";',
    );
  });

  it('a materialized view granted to PUBLIC fails: it holds a copy no policy filters', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(
        'CREATE MATERIALIZED VIEW cache_copy AS SELECT * FROM sync_preview_cache; GRANT SELECT ON cache_copy TO PUBLIC',
      ),
    );
    const copy = find(await verifyAs(url), 'GRT004', 'public.cache_copy')!;
    expect(copy.status).toBe('fail');
    expect(copy.actual).toBe(
      'SELECT granted to PUBLIC: it holds a copy of the rows, made by whoever refreshed it: no policy applies to a materialized view',
    );
    expect(copy.fix).toBe('REVOKE SELECT ON TABLE "public"."cache_copy" FROM PUBLIC;');
  });

  it('a view owned by a role the policies filter passes, granted or not', async () => {
    const url = await freshDatabase('migrated', 'exp');
    const reader = await loginRole('viewer');
    await withClient(url, (c) =>
      c.query(`GRANT authenticated TO ${reader}; CREATE VIEW my_syncs AS SELECT * FROM sync_progress;
               ALTER VIEW my_syncs OWNER TO ${reader}; GRANT SELECT ON my_syncs TO authenticated`),
    );
    expect(find(await verifyAs(url), 'GRT004', 'public.my_syncs')?.status).toBe('pass');
  });
});

describe('GRT005: what a partition created later gets', () => {
  it('default privileges of the tables’ owner fail, with the ALTER DEFAULT PRIVILEGES that mends them; another role’s warn', async () => {
    const url = await freshDatabase('migrated', 'exp');
    const other = await loginRole('other');
    await withClient(url, (c) =>
      c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO authenticated;
               ALTER DEFAULT PRIVILEGES FOR ROLE ${other} GRANT SELECT ON TABLES TO anon`),
    );
    const report = await verifyAs(url);
    const grt005 = report.findings.filter((f) => f.code === 'GRT005');
    const owner = grt005.find((f) => f.status === 'fail')!;
    expect(owner.object).toMatch(/^default privileges of \S+ in schema public$/);
    expect(owner.actual).toMatch(/gets INSERT, SELECT granted to authenticated \(ALTER DEFAULT PRIVILEGES\)$/);
    expect(owner.fix).toMatch(
      /^ALTER DEFAULT PRIVILEGES FOR ROLE "\S+" IN SCHEMA "public" REVOKE INSERT, SELECT ON TABLES FROM "authenticated";$/,
    );
    expect(theirsFix(report, other)).toBe(
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${other}" REVOKE SELECT ON TABLES FROM "anon";`,
    );
    const theirs = grt005.find((f) => f.object === `default privileges of ${other} in every schema`)!;
    expect(theirs.status).toBe('warn');
    expect(theirs.actual).toContain(`${other} neither owns public.sync_activity_log nor is this connection`);
    await withClient(url, (c) => c.query(owner.fix!));
    expect(failing(await verifyAs(url), 'GRT005')).toEqual([]);
  });

  it('then a new partition is granted as they say, and GRT004 names it', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
               ALTER TABLE sync_activity_log DETACH PARTITION sync_activity_log_future;
               CREATE TABLE sync_activity_log_2026_03 PARTITION OF sync_activity_log FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00');
               DROP TABLE sync_activity_log_future;
               CREATE TABLE sync_activity_log_future PARTITION OF sync_activity_log FOR VALUES FROM ('2026-04-01 00:00:00+00') TO (MAXVALUE)`),
    );
    const report = await verifyAs(url);
    expect(failing(report, 'GRT004')).toEqual(['public.sync_activity_log_2026_03', 'public.sync_activity_log_future']);
    expect(failing(report, 'GRT005')).toHaveLength(1);
  });
});

describe('RLS006: the role the application connects as', () => {
  it('--as the tables’ owner fails, saying why and what would make RLS apply; --as authenticated passes', async () => {
    const url = await freshDatabase('migrated', 'exp');
    const owner = await loginRole('appowner');
    await withClient(url, (c) => c.query(`ALTER TABLE sync_progress OWNER TO ${owner}`));
    const report = await verifyAs(url, owner);
    const finding = find(report, 'RLS006', owner)!;
    expect(finding.status).toBe('fail');
    expect(finding.title).toBe(`row-level security does not apply to ${owner}, the application's role (--as)`);
    expect(finding.actual).toContain(
      `${owner} owns public.sync_progress without FORCE ROW LEVEL SECURITY: a table's owner is not filtered by its policies`,
    );
    expect(finding.fix).toBe('ALTER TABLE "public"."sync_progress" FORCE ROW LEVEL SECURITY;');
    expect(find(await verifyAs(url, 'authenticated'), 'RLS006', 'authenticated')?.status).toBe('pass');
  });

  it('taken from the connection: an owner connection fails; a superuser one is left to LNT011', async () => {
    const url = await freshDatabase('migrated', 'exp');
    const owner = await loginRole('connowner');
    await withClient(url, (c) =>
      c.query(
        `ALTER TABLE sync_preview_cache OWNER TO ${owner}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${owner}`,
      ),
    );
    const finding = find(await verifyAs(urlAs(url, owner)), 'RLS006', owner)!;
    expect(finding.status).toBe('fail');
    expect(finding.title).toBe(`row-level security does not apply to ${owner}, the role of this connection`);
    expect(finding.actual).toContain('If the application connects as another role, verify --as that role');
    const superuser = await verifyAs(url);
    expect(superuser.findings.filter((f) => f.code === 'RLS006')).toEqual([]);
    expect(superuser.findings.find((f) => f.code === 'LNT011')?.status).toBe('warn');
  });

  it('--as a role that does not exist fails as such', async () => {
    const finding = find(
      await verifyAs(await freshDatabase('migrated', 'exp'), 'mantis_nobody'),
      'RLS006',
      'mantis_nobody',
    )!;
    expect(finding.status).toBe('fail');
    expect(finding.title).toBe(
      "row-level security does not apply to mantis_nobody, the application's role (--as): no such role",
    );
  });

  it('a member of Neon’s neon_superuser (BYPASSRLS) fails: Neon lets its members bypass row security', async () => {
    const url = await freshDatabase('migrated', 'exp');
    const member = await loginRole('neon');
    // Cluster-wide, like Neon's: created when missing, never dropped (other files may be using it).
    await withClient(adminUrl(), (c) =>
      c.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'neon_superuser') THEN CREATE ROLE neon_superuser NOLOGIN BYPASSRLS; END IF; END $$;
               GRANT neon_superuser TO ${member}`),
    );
    const finding = find(await verifyAs(url, member), 'RLS006', member)!;
    expect(finding.status).toBe('fail');
    expect(finding.actual).toContain(
      `${member} is a member of neon_superuser, which has BYPASSRLS: Neon lets its members bypass row security`,
    );
    expect(finding.fix).toBeNull();
  });
});

describe('RLS007: a session without user context', () => {
  it('is null with Supabase’s auth.uid(): pass, naming the settings it reads', async () => {
    const finding = find(await verifyAs(await freshDatabase('migrated', 'exp')), 'RLS007', 'auth.uid()')!;
    expect(finding.status).toBe('pass');
    expect(finding.title).toBe(
      "auth.uid() is null without user context: it reads request.jwt.claim.sub, request.jwt.claims ->> 'sub' (Supabase's JWT claims)",
    );
  });

  it('a fallback user in auth.uid() fails, naming the user', async () => {
    const url = await freshDatabase('migrated', 'exp');
    await withClient(url, (c) =>
      c.query(`CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
                 SELECT COALESCE(current_setting('app.user_id', true)::uuid, '00000000-0000-0000-0000-000000000001'::uuid) $$`),
    );
    const finding = find(await verifyAs(url), 'RLS007', 'auth.uid()')!;
    expect(finding.status).toBe('fail');
    expect(finding.title).toBe(
      'a session without user context acts as user 00000000-0000-0000-0000-000000000001: auth.uid() reads app.user_id (a custom setting)',
    );
    expect(finding.actual).toBe('00000000-0000-0000-0000-000000000001, from the fallback written into auth.uid()');
  });

  it('a user set for the application role’s sessions fails (ALTER ROLE … SET app.current_user_id)', async () => {
    const url = await freshDatabase('migrated', 'exp');
    const role = await loginRole('preset');
    const database = new URL(url).pathname.slice(1);
    await withClient(url, (c) =>
      c.query(`CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.current_user_id', true), '')::uuid $$;
               ALTER ROLE ${role} IN DATABASE ${database} SET app.current_user_id = '00000000-0000-4000-8000-000000000042'`),
    );
    const finding = find(await verifyAs(url, role), 'RLS007', 'auth.uid()')!;
    expect(finding.status).toBe('fail');
    expect(finding.actual).toContain(
      "00000000-0000-4000-8000-000000000042, from app.current_user_id = '00000000-0000-4000-8000-000000000042', set for its sessions",
    );
    expect(find(await verifyAs(url), 'RLS007', 'auth.uid()')?.status).toBe('pass');
  });
});
