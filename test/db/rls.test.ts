/**
 * test-rls on real databases: the matrix on a correct 0024, each policy loosened on each command
 * of each table, a partition granted to authenticated, a null-user disjunct, an application that
 * connects as the tables' owner, and the user-context conventions auth.uid() is written with.
 * Every run is one transaction that rolls back: nothing is left behind.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { RlsCell, RlsTestResult } from '../../src/core/isolation.js';
import { runRlsTest } from '../../src/db/rls.js';
import { writableDatabase } from '../../src/db/session.js';
import { adminUrl, freshDatabase } from '../helpers/context.js';
import { withClient } from '../helpers/databases.js';
import { openWritable, settings } from '../helpers/plan.js';
import { loginRole, urlAs } from '../helpers/roles.js';

const TABLES = ['public.sync_preview_cache', 'public.sync_progress', 'public.sync_activity_log'] as const;
const PARTITIONS = ['2025_11', '2025_12', '2026_01', '2026_02', 'future'].map((m) => `public.sync_activity_log_${m}`);
const MEMBERSHIP = (table: string) =>
  `EXISTS (SELECT 1 FROM auth.users_extended u WHERE u.id = auth.uid() AND u.org_id = ${table}.org_id)`;

async function rlsTest(url: string, asRole: string | null = null): Promise<RlsTestResult> {
  const db = openWritable(url);
  try {
    return await runRlsTest(db, { ...settings, asRole });
  } finally {
    await db.close();
  }
}

const wrong = (result: RlsTestResult) =>
  result.cells
    .filter((c) => !c.ok)
    .map((c) => `${c.path} ${c.subject} ${c.command}`)
    .sort();
const cell = (result: RlsTestResult, path: string, subject: RlsCell['subject'], command: RlsCell['command']) =>
  result.cells.find((c) => c.path === path && c.subject === subject && c.command === command)!;

/** Rows of the tables the test writes into, and of the partitions: all zero in the migrated template. */
async function rowsLeft(url: string): Promise<number[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM organization UNION ALL SELECT count(*)::int FROM auth.users_extended
       UNION ALL SELECT count(*)::int FROM sync_preview_cache UNION ALL SELECT count(*)::int FROM sync_progress
       UNION ALL SELECT count(*)::int FROM sync_activity_log`,
    );
    return rows.map((r) => r.n);
  });
}

describe('test-rls on a correct 0024', () => {
  it('passes every cell: 3 tables and 5 partitions × SELECT INSERT UPDATE DELETE × A, B, no user; nothing is left', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const result = await rlsTest(url);
    expect(result.error).toBeNull();
    expect(wrong(result)).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.role).toBe('authenticated');
    expect([...new Set(result.cells.map((c) => c.path))]).toEqual([...TABLES, ...PARTITIONS]);
    expect(result.cells).toHaveLength(8 * 3 * 4);
    expect(result.cells.every((c) => c.probed)).toBe(true);
    for (const table of TABLES) {
      for (const command of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
        expect(cell(result, table, 'own', command).outcome, `${table} A ${command}`).toBe('allowed');
        expect(cell(result, table, 'other', command).outcome, `${table} B ${command}`).toBe('refused');
        expect(cell(result, table, 'none', command).outcome, `${table} no user ${command}`).toBe('refused');
      }
    }
    // Every partition holds a row of each organization, and read directly gives no access at all.
    for (const partition of PARTITIONS) {
      expect(cell(result, partition, 'own', 'SELECT').probes[0]?.outcome.error?.code, partition).toBe('42501');
      expect(cell(result, partition, 'other', 'SELECT').probes[0]?.target).toBe(1);
    }
    expect(cell(result, 'public.sync_activity_log', 'own', 'SELECT').probes[0]?.target).toBe(5);
    // UPDATE on B's rows tries the row in place, taking it, and handing A's row away.
    expect(cell(result, 'public.sync_progress', 'other', 'UPDATE').probes.map((p) => p.tried)).toEqual([
      "user A updates B's row",
      "user A moves B's row into organization A",
      "user A hands A's row to organization B",
    ]);
    expect(result.context?.description).toBe(
      "request.jwt.claim.sub, request.jwt.claims ->> 'sub' (Supabase's JWT claims)",
    );
    expect(result.withoutContext).toBe('null');
    expect(await rowsLeft(url)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('a policy loosened on one command of one table', () => {
  const cases: Array<{ policy: string; table: string; command: string; sql: string; wrong: string[] }> = [];
  for (const [prefix, table] of [
    ['preview_cache', 'sync_preview_cache'],
    ['sync_progress', 'sync_progress'],
    ['sync_activity_log', 'sync_activity_log'],
  ] as const) {
    const path = `public.${table}`;
    cases.push(
      {
        policy: `${prefix}_select`,
        table,
        command: 'SELECT',
        sql: `ALTER POLICY ${prefix}_select ON ${table} USING (true)`,
        wrong: [`${path} none SELECT`, `${path} other SELECT`],
      },
      {
        policy: `${prefix}_insert`,
        table,
        command: 'INSERT',
        sql: `ALTER POLICY ${prefix}_insert ON ${table} WITH CHECK (true)`,
        wrong: [`${path} none INSERT`, `${path} other INSERT`],
      },
      // USING guards taking B's row; WITH CHECK guards handing A's row to B.
      {
        policy: `${prefix}_update`,
        table,
        command: 'UPDATE (USING)',
        sql: `ALTER POLICY ${prefix}_update ON ${table} USING (true)`,
        wrong: [`${path} other UPDATE`],
      },
      {
        policy: `${prefix}_update`,
        table,
        command: 'UPDATE (WITH CHECK)',
        sql: `ALTER POLICY ${prefix}_update ON ${table} WITH CHECK (true)`,
        wrong: [`${path} other UPDATE`],
      },
      {
        policy: `${prefix}_delete`,
        table,
        command: 'DELETE',
        sql: `ALTER POLICY ${prefix}_delete ON ${table} USING (true)`,
        wrong: [`${path} none DELETE`, `${path} other DELETE`],
      },
    );
  }
  for (const c of cases) {
    it(`is caught: ${c.table} ${c.command} loosened to true`, async () => {
      const url = await freshDatabase('migrated', 'rls');
      await withClient(url, (client) => client.query(c.sql));
      const result = await rlsTest(url);
      expect(result.ok).toBe(false);
      expect(wrong(result)).toEqual(c.wrong);
      expect(await rowsLeft(url)).toEqual([0, 0, 0, 0, 0]);
    });
  }

  it('the wrong cell carries the exact probe and the context it ran with', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await withClient(url, (client) => client.query('ALTER POLICY sync_progress_delete ON sync_progress USING (true)'));
    const result = await rlsTest(url);
    const broken = cell(result, 'public.sync_progress', 'other', 'DELETE');
    expect(broken.probes[0]?.happened).toBe('deleted 1 of 1 row');
    expect(broken.probes[0]?.sql).toMatch(
      /^-- as \S+: DECLARE "mantis_rls_\d+" NO SCROLL CURSOR FOR SELECT 1 FROM "public"\."sync_progress" WHERE id = '[0-9a-f-]{36}'::uuid FOR UPDATE; FETCH NEXT FROM "mantis_rls_\d+";\nDELETE FROM "public"\."sync_progress" WHERE CURRENT OF "mantis_rls_\d+";$/,
    );
    expect(broken.context).toMatch(
      /^SET LOCAL ROLE "authenticated";\nSELECT set_config\('request\.jwt\.claim\.sub', '[0-9a-f-]{36}', true\), set_config\('request\.jwt\.claims', '\{"sub":"[0-9a-f-]{36}","role":"authenticated"\}', true\);$/,
    );
  });
});

describe('paths around the policies', () => {
  it('a grant on a partition: user A reads B’s rows through it, and so does a session with no user', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await withClient(url, (c) => c.query('GRANT SELECT ON sync_activity_log_future TO authenticated'));
    const result = await rlsTest(url);
    expect(wrong(result)).toEqual([
      'public.sync_activity_log_future none SELECT',
      'public.sync_activity_log_future other SELECT',
    ]);
    expect(cell(result, 'public.sync_activity_log_future', 'other', 'SELECT').probes[0]?.happened).toBe(
      'sees 1 of 1 row',
    );
    expect(cell(result, 'public.sync_activity_log_future', 'own', 'SELECT').outcome).toBe('allowed');
  });

  it('default privileges reach a partition created later, a DEFAULT one included, and test-rls writes a row into it', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await withClient(url, (c) =>
      c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
               CREATE TABLE sync_activity_log_older PARTITION OF sync_activity_log DEFAULT`),
    );
    const result = await rlsTest(url);
    const path = 'public.sync_activity_log_older';
    expect(cell(result, path, 'other', 'SELECT').probes[0]?.target).toBe(1);
    expect(wrong(result)).toEqual([
      `${path} none DELETE`,
      `${path} none INSERT`,
      `${path} none SELECT`,
      `${path} none UPDATE`,
      `${path} other DELETE`,
      `${path} other INSERT`,
      `${path} other SELECT`,
      `${path} other UPDATE`,
    ]);
  });

  it('a null-user disjunct: the session with no user sees every organization’s rows', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await withClient(url, (c) =>
      c.query(
        `ALTER POLICY sync_progress_select ON sync_progress USING (auth.uid() IS NULL OR ${MEMBERSHIP('sync_progress')})`,
      ),
    );
    const result = await rlsTest(url);
    expect(wrong(result)).toEqual(['public.sync_progress none SELECT']);
    expect(cell(result, 'public.sync_progress', 'none', 'SELECT').probes[0]?.happened).toBe('sees 2 of 2 rows');
  });
});

describe('the role the application connects as', () => {
  async function ownedBy(url: string, role: string, force = false, partitionsToo = true) {
    await withClient(url, (c) =>
      c.query(
        `${[...TABLES, ...(partitionsToo ? PARTITIONS : [])]
          .map(
            (t) =>
              `ALTER TABLE ${t} OWNER TO ${role};${force && TABLES.includes(t as never) ? ` ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;` : ''}`,
          )
          .join('\n')}GRANT authenticated TO ${role}; GRANT INSERT ON organization, auth.users_extended TO ${role};`,
      ),
    );
  }

  it('--as the tables’ owner: RLS does not apply to it, said plainly, and the probes show it', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const owner = await loginRole('owner');
    await ownedBy(url, owner);
    const result = await rlsTest(url, owner);
    expect(result.ok).toBe(false);
    expect(result.role).toBe(owner);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toContain(
      `row-level security does not apply to ${owner}: ${owner} owns public.sync_preview_cache, public.sync_progress, public.sync_activity_log`,
    );
    expect(result.problems[0]).toContain('without FORCE ROW LEVEL SECURITY');
    expect(result.problems[0]).toContain('ALTER TABLE "public"."sync_progress" FORCE ROW LEVEL SECURITY');
    expect(cell(result, 'public.sync_progress', 'other', 'SELECT').probes[0]?.happened).toBe('sees 1 of 1 row');
    expect(cell(result, 'public.sync_activity_log', 'none', 'DELETE').ok).toBe(false);
  });

  it('--as the owner with FORCE ROW LEVEL SECURITY: the tables filter it, the partitions it owns do not', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const owner = await loginRole('forced');
    await ownedBy(url, owner, true);
    const result = await rlsTest(url, owner);
    expect(wrong(result).filter((w) => TABLES.some((t) => w.startsWith(`${t} `)))).toEqual([]);
    expect(wrong(result)).toContain('public.sync_activity_log_future other SELECT');
    expect(wrong(result)).toContain('public.sync_activity_log_2025_11 none DELETE');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toContain(
      `${owner} owns the partitions public.sync_activity_log_2025_11, public.sync_activity_log_2025_12`,
    );
    expect(result.problems[0]).toContain(
      'connect the application as a role that owns neither the tables nor their partitions',
    );
    expect(result.problems[0]).not.toContain('without FORCE');
  });

  it('--as a role that owns the tables with FORCE but not their partitions: isolation holds', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const owner = await loginRole('forcedp');
    await ownedBy(url, owner, true, false);
    const result = await rlsTest(url, owner);
    expect(result.problems).toEqual([]);
    expect(wrong(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('connected as the owner without --as: RLS does not apply to this connection’s role', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const owner = await loginRole('conn');
    await ownedBy(url, owner);
    const result = await rlsTest(urlAs(url, owner));
    expect(result.connectionRole).toBe(owner);
    expect(result.role).toBe('authenticated');
    expect(wrong(result)).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toContain(`row-level security does not apply to ${owner}`);
    expect(result.problems[0]).toContain('run test-rls --as that role');
  });

  it('connected as a forced owner: the test rows are written with the user context, and isolation holds', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const owner = await loginRole('fconn');
    await ownedBy(url, owner, true, false);
    const result = await rlsTest(urlAs(url, owner));
    expect(result.error).toBeNull();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(await rowsLeft(url)).toEqual([0, 0, 0, 0, 0]);
  });

  it('--as a BYPASSRLS role, and --as a role that does not exist', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const bypass = await loginRole('bypass');
    await withClient(adminUrl(), (c) => c.query(`ALTER ROLE ${bypass} BYPASSRLS; GRANT authenticated TO ${bypass}`));
    const result = await rlsTest(url, bypass);
    expect(result.problems[0]).toContain(`${bypass} has BYPASSRLS: no policy filters it`);
    expect(result.problems[0]).toContain(`ALTER ROLE "${bypass}" NOBYPASSRLS`);
    expect(cell(result, 'public.sync_preview_cache', 'other', 'SELECT').ok).toBe(false);
    const missing = await rlsTest(url, 'mantis_no_such_role');
    expect(missing.error).toBe(
      '--as mantis_no_such_role: no such role in this database; name the role the application connects as',
    );
    expect(missing.errorKind).toBe('usage');
  });
});

describe('the user context auth.uid() reads', () => {
  const replaceUid = (url: string, body: string) =>
    withClient(url, (c) =>
      c.query(`CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ ${body} $$`),
    );

  it('a custom setting (app.current_user_id): probes set it, and isolation holds', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await replaceUid(url, `SELECT nullif(current_setting('app.current_user_id', true), '')::uuid`);
    const result = await rlsTest(url);
    expect(result.context?.settings).toEqual([{ name: 'app.current_user_id', form: 'text', claim: null }]);
    expect(result.context?.description).toBe('app.current_user_id (a custom setting)');
    expect(result.withoutContext).toBe('null');
    expect(result.ok).toBe(true);
    expect(cell(result, 'public.sync_progress', 'own', 'SELECT').context).toMatch(
      /set_config\('app\.current_user_id', '[0-9a-f-]{36}', true\);$/,
    );
  });

  it('Supabase’s auth.jwt() ->> sub: probes set the JSON claims, and isolation holds', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await withClient(url, (c) =>
      c.query(`CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
                 SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''), nullif(current_setting('request.jwt.claims', true), ''))::jsonb $$`),
    );
    await replaceUid(url, `SELECT (auth.jwt() ->> 'sub')::uuid`);
    const result = await rlsTest(url);
    expect(result.context?.settings.map((s) => `${s.name} ${s.form} ${s.claim}`)).toEqual([
      'request.jwt.claim json sub',
      'request.jwt.claims json sub',
    ]);
    expect(result.ok).toBe(true);
  });

  it('a fallback user written into auth.uid(): a session with no user becomes it, and sees its organization', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const fallback = '00000000-0000-4000-8000-00000000f411';
    await replaceUid(
      url,
      `SELECT coalesce(nullif(current_setting('app.user_id', true), '')::uuid, '${fallback}'::uuid)`,
    );
    await withClient(url, (c) =>
      c.query(`INSERT INTO organization (id, name, slug) VALUES ('00000000-0000-4000-8000-0000000000f0', 'Fallback', 'fallback');
               INSERT INTO auth.users_extended (id, org_id, email) VALUES ('${fallback}', '00000000-0000-4000-8000-0000000000f0', 'f@example.invalid')`),
    );
    const result = await rlsTest(url);
    expect(result.withoutContext).toBe(fallback);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      `a session without user context acts as user ${fallback} (the fallback written into auth.uid()), a user of organization 00000000-0000-4000-8000-0000000000f0: it sees and changes that organization's rows. auth.uid() must return null when no user is set.`,
    ]);
    // The test's own organizations are still isolated from it.
    expect(wrong(result)).toEqual([]);
  });

  it('a user set for the role’s sessions (ALTER ROLE … IN DATABASE … SET): the session with no user starts as it', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const database = new URL(url).pathname.slice(1);
    const role = await loginRole('app');
    const preset = '00000000-0000-4000-8000-00000000a11e';
    await replaceUid(url, `SELECT nullif(current_setting('app.user_id', true), '')::uuid`);
    await withClient(url, (c) =>
      c.query(
        `GRANT authenticated TO ${role}; ALTER ROLE ${role} IN DATABASE ${database} SET app.user_id = '${preset}'`,
      ),
    );
    const result = await rlsTest(url, role);
    expect(result.withoutContext).toBe(preset);
    expect(result.problems[0]).toContain(
      `a session without user context acts as user ${preset} (app.user_id = '${preset}', set for its sessions`,
    );
    expect(result.problems[0]).toContain('in no organization today');
  });
});

describe('the probes run in a transaction that rolls back', () => {
  it('a refused setup leaves nothing: auth.uid() missing is said, not half-run', async () => {
    const url = await freshDatabase('migrated', 'rls');
    await withClient(url, (c) => c.query('DROP FUNCTION auth.uid() CASCADE'));
    const result = await rlsTest(url);
    expect(result.error).toBe(
      'auth.uid() is missing: the policies cannot tell users apart; apply the prerequisites first',
    );
    expect(result.errorKind).toBe('missing');
    expect(await rowsLeft(url)).toEqual([0, 0, 0, 0, 0]);
  });

  it('through the library function the app and the CLI use, with the operator’s timeouts', async () => {
    const url = await freshDatabase('migrated', 'rls');
    const config = loadConfig({ env: {}, issohUrl: url, connectTimeout: 5 });
    const db = writableDatabase(config.issoh!, config, settings);
    try {
      const result = await runRlsTest(db, { lockTimeoutMs: 1000, statementTimeoutMs: 5000 });
      expect(result.ok).toBe(true);
    } finally {
      await db.close();
    }
    expect(await rowsLeft(url)).toEqual([0, 0, 0, 0, 0]);
  });
});
