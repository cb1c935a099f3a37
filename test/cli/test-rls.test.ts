/**
 * test-rls and verify --as through the built binary, on real databases: the matrix on stdout,
 * exit 0 when isolation holds, 1 when it is broken (with the probe that proves it), 2 for an --as
 * that names no role; and the issue's own story: default privileges, then maintain partitions.
 */
import { describe, expect, it } from 'vitest';
import type { RlsTestResult } from '../../src/core/isolation.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { loginRole } from '../helpers/roles.js';

const run = (url: string, args: readonly string[]) =>
  runCli(args, { DATABASE_URL: url, XDG_STATE_HOME: scratchDirectory('mantis-rls-state-') });

async function ownerOfTheTables(url: string): Promise<string> {
  const role = await loginRole('cliowner');
  await withClient(url, (c) =>
    c.query(
      `ALTER TABLE sync_preview_cache OWNER TO ${role}; ALTER TABLE sync_progress OWNER TO ${role}; ALTER TABLE sync_activity_log OWNER TO ${role}`,
    ),
  );
  return role;
}

describe('mantis-sync-tui test-rls', () => {
  it('a correct 0024 → 0: the matrix, every cell as expected', async () => {
    const r = await run(await freshDatabase('migrated', 'clirls'), ['test-rls']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4} +A's rows {3}B's rows {3}no user$/m);
    expect(r.stdout).toMatch(/^ {4}sync_progress +✓ ✓ ✓ ✓ {4}✓ ✓ ✓ ✓ {4}✓ ✓ ✓ ✓$/m);
    expect(r.stdout).toMatch(/^ {6}sync_activity_log_future +· · · · {4}✓ ✓ ✓ ✓ {4}✓ ✓ ✓ ✓$/m);
    expect(r.stdout).toMatch(/isolation holds: 96 cells as expected \(\d+ ms, rolled back: nothing was kept\)\n$/);
  });

  it('a partition granted to authenticated → 1, with the probe that reads B’s row through it', async () => {
    const url = await freshDatabase('migrated', 'clirls');
    await withClient(url, (c) => c.query('GRANT SELECT ON sync_activity_log_future TO authenticated'));
    const r = await run(url, ['test-rls']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {6}sync_activity_log_future +✓ · · · {4}✗ ✓ ✓ ✓ {4}✗ ✓ ✓ ✓$/m);
    expect(r.stdout).toContain(
      "✗ sync_activity_log_future (a partition of sync_activity_log, read directly) · B's rows · SELECT: expected refused; user A reads B's rows: sees 1 of 1 row",
    );
    expect(r.stdout).toMatch(
      /^ {8}SELECT count\(\*\)::int AS n FROM "public"\."sync_activity_log_future" WHERE id = ANY \('\{"[0-9a-f-]{36}"\}'::uuid\[\]\);$/m,
    );
    expect(r.stdout).toContain('isolation BROKEN: 2 of 96 cells wrong');
  });

  it('a column grant on a partition → 1: test-rls reads just those columns of B’s row, verify names the grant', async () => {
    const url = await freshDatabase('migrated', 'clirls');
    await withClient(url, (c) =>
      c.query('GRANT SELECT (org_id, error_message) ON public.sync_activity_log_2025_12 TO authenticated'),
    );
    const r = await run(url, ['test-rls']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {6}sync_activity_log_2025_12 +✓ · · · {4}✗ ✓ ✓ ✓ {4}✗ ✓ ✓ ✓$/m);
    expect(r.stdout).toContain(
      "✗ sync_activity_log_2025_12 (a partition of sync_activity_log, read directly) · B's rows · SELECT: expected refused; user A reads B's rows' org_id, error_message (granted by column): sees 1 of 1 row",
    );
    expect(r.stdout).toMatch(
      /^ {8}SELECT "org_id", "error_message" FROM "public"\."sync_activity_log_2025_12" WHERE "org_id" = ANY \('\{"[0-9a-f-]{36}"\}'\);$/m,
    );
    expect(r.stdout).toContain('isolation BROKEN: 2 of 96 cells wrong');
    const verified = await run(url, ['verify']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(
      '✗ GRT004 partition read directly skips the policies of public.sync_activity_log: public.sync_activity_log_2025_12 (authenticated)',
    );
  });

  it('--as the tables’ owner → 1: RLS does not apply to it, said plainly with what would make it apply', async () => {
    const url = await freshDatabase('migrated', 'clirls');
    const owner = await ownerOfTheTables(url);
    const r = await run(url, ['test-rls', '--as', owner]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`as role ${owner}, connected as`);
    expect(r.stdout).toContain(
      `✗ row-level security does not apply to ${owner}: ${owner} owns public.sync_preview_cache, public.sync_progress, public.sync_activity_log without FORCE ROW LEVEL SECURITY`,
    );
    expect(r.stdout).toContain('To make it apply: ALTER TABLE "public"."sync_preview_cache" FORCE ROW LEVEL SECURITY;');
    expect(r.stdout).toContain("user A reads B's rows: sees 1 of 1 row");
  });

  it('--as a role that does not exist → 2, one line; --as with no name → 2', async () => {
    const url = await freshDatabase('migrated', 'clirls');
    const r = await run(url, ['test-rls', '--as', 'mantis_nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mantis-sync-tui: --as mantis_nobody: no such role in this database; name the role the application connects as\n',
    );
    const empty = await run(url, ['test-rls', '--as=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('mantis-sync-tui: --as needs a value (see mantis-sync-tui test-rls --help)\n');
  });

  it('--json: the whole result, every cell with its probes', async () => {
    const r = await run(await freshDatabase('migrated', 'clirls'), ['test-rls', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as RlsTestResult;
    expect(result.ok).toBe(true);
    expect(result.cells).toHaveLength(96);
    expect(result.context?.kind).toBe('supabase-jwt');
    expect(result.cells.every((c) => c.probes.every((p) => p.sql.length > 0))).toBe(true);
  });

  it('on seed 000 (no 0024) → 1: what it needs is missing, said in one line', async () => {
    const r = await run(await freshDatabase('issohSeed000', 'clirls'), ['test-rls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'mantis-sync-tui: 0024 is not applied: public.sync_preview_cache, public.sync_progress, public.sync_activity_log missing; apply it first (mantis-sync-tui apply)\n',
    );
  });
});

describe('mantis-sync-tui verify --as', () => {
  it('the tables’ owner → 1 with RLS006; authenticated → 0', async () => {
    const url = await freshDatabase('migrated', 'clirls');
    const owner = await ownerOfTheTables(url);
    const r = await run(url, ['verify', '--as', owner]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `✗ RLS006 row-level security does not apply to ${owner}, the application's role (--as)  [IS-SOH]`,
    );
    const ok = await run(url, ['verify', '--as', 'authenticated']);
    expect(ok.code).toBe(0);
  });
});

describe('default privileges, then maintain partitions (the issue’s story)', () => {
  it('every new partition is caught by verify (GRT004, GRT005) and test-rls; apply revokes, and test-rls holds again', async () => {
    const url = await freshDatabase('migrated', 'clirls');
    await withClient(url, (c) =>
      c.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO authenticated'),
    );
    const maintained = await run(url, ['maintain', 'partitions', '--yes']);
    expect(maintained.code).toBe(0);
    const verified = await run(url, ['verify', '--json']);
    expect(verified.code).toBe(1);
    const findings = (
      JSON.parse(verified.stdout) as { findings: Array<{ code: string; status: string; object: string }> }
    ).findings;
    const exposed = findings.filter((f) => f.code === 'GRT004' && f.status === 'fail').map((f) => f.object);
    expect(exposed.length).toBeGreaterThanOrEqual(2);
    expect(exposed).toContain('public.sync_activity_log_future');
    expect(findings.filter((f) => f.code === 'GRT005' && f.status === 'fail')).toHaveLength(1);
    const broken = await run(url, ['test-rls']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^ {6}sync_activity_log_future +✓ ✓ ✓ ✓ {4}✗ ✗ ✗ ✗ {4}✗ ✗ ✗ ✗$/m);
    const applied = await run(url, ['apply', '--yes']);
    expect(applied.stdout).toContain(
      `repair-after-grants-partitions-and-views (moderate) Repair grants of partitions and views: GRT004\n    ✓ committed`,
    );
    // The default privileges are a person's decision (they reach every new table): listed, not changed.
    expect(applied.stdout).toMatch(
      /1 finding needs a person to decide\n {4}GRT005 default privileges of \S+ in schema public/,
    );
    expect(applied.code).toBe(1);
    const held = await run(url, ['test-rls']);
    expect(held.code).toBe(0);
  });
});
