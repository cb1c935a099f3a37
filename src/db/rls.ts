/**
 * The RLS isolation test (seed 001 step 6), in one transaction that always rolls back: two
 * organizations with a user each, and a row of each in every table and every partition. Then, as
 * the application's role (--as) or authenticated, with the user context set the way the installed
 * auth.uid() reads it: every command through every table and partition, user A on A's rows
 * (allowed) and on B's (refused), and a session with no user (nothing). Each probe runs in a
 * savepoint that is rolled back, so every probe starts from the same rows.
 */

import { randomUUID } from 'node:crypto';
import { DbError } from '../core/errors.js';
import {
  type ContextConvention,
  columnGrantRead,
  contextValues,
  describeStanding,
  type Expectation,
  judgeProbe,
  judgeStanding,
  loginContext,
  makeCell,
  type Probe,
  type ProbeOutcome,
  partitionTargets,
  RLS_COMMANDS,
  type RlsCell,
  type RlsCommand,
  type RlsTestResult,
  readConvention,
  type StandingVerdict,
  type Subject,
  sessionDefaultUser,
} from '../core/isolation.js';
import { type Manifest, tablesInDependencyOrder } from '../core/manifest.js';
import { SNAPSHOT_SCOPE, scopeParameters } from '../core/scope.js';
import type { Relation, RoleStanding, Snapshot } from '../core/snapshot.js';
import { quoteIdent, quoteLiteral, renderSql } from '../core/sqltext.js';
import { loadJson, loadSql } from '../sql.js';
import type { Database } from './connect.js';
import { bindInline } from './inline.js';
import { type StepClient, type TransactionOptions, withStepTransaction } from './transaction.js';

export type { RlsTestResult } from '../core/isolation.js';

export interface RlsTestOptions extends TransactionOptions {
  /** the role the application connects as: the probes run as it (default: authenticated) */
  readonly asRole?: string | null;
}

/** The role Supabase's API gives signed-in users, and the one seed 002 grants to. */
export const DEFAULT_PROBE_ROLE = 'authenticated';

/** Errors that are a refusal (privilege, policy, constraint, data); anything else (a timeout, a lost connection) ends the test. */
const REFUSAL = /^(42|22|23|44|P0|2F|38|39)/;

/**
 * The probe row each of 0024's tables is given: its columns' values are 0024's, so test-rls stays
 * 0024's (the tables come from its manifest, the row from here).
 */
const INSERT_FILES: Record<string, string> = {
  'public.sync_preview_cache': 'rls/insert_cache',
  'public.sync_progress': 'rls/insert_progress',
  'public.sync_activity_log': 'rls/insert_log',
};

interface TestRow {
  readonly id: string;
  readonly table: string;
  readonly org: 'A' | 'B';
  readonly syncId: string;
  /** created_at it was written with (activity log), to write another row into the same partition */
  readonly createdAt: string | null;
  /** the table and every partition on the way to the one that holds it */
  holders: readonly string[];
}

/** The test cannot start: a role named with --as that does not exist (usage), or 0024 or its prerequisites missing. */
class RlsSetupError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'missing',
  ) {
    super(message);
  }
}

export async function runRlsTest(db: Database, options: RlsTestOptions): Promise<RlsTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const asRole = options.asRole ?? null;
  try {
    const { value } = await withStepTransaction<Omit<RlsTestResult, 'durationMs'> | RlsSetupError>(
      db,
      options,
      async (client) => {
        try {
          return { commit: false, value: await isolationTest(client, asRole) };
        } catch (error) {
          // Said as is (the transaction would otherwise wrap it as a database error); still rolled back.
          if (error instanceof RlsSetupError) return { commit: false, value: error };
          throw error;
        }
      },
    );
    if (value instanceof RlsSetupError) throw value;
    return { ...value, durationMs: elapsed() };
  } catch (error) {
    return {
      ok: false,
      role: asRole ?? DEFAULT_PROBE_ROLE,
      connectionRole: '',
      context: null,
      withoutContext: null,
      standings: [],
      cells: [],
      problems: [],
      notes: [],
      durationMs: elapsed(),
      error: error instanceof Error ? error.message : String(error),
      errorKind: error instanceof RlsSetupError ? error.kind : 'database',
    };
  }
}

async function isolationTest(client: StepClient, asRole: string | null): Promise<Omit<RlsTestResult, 'durationMs'>> {
  const probeRole = asRole ?? DEFAULT_PROBE_ROLE;
  const snapshot = await read(client, probeRole);
  const tables = builtInTables().map((name) =>
    snapshot.relations.find((r) => `${r.schema}.${r.name}` === name && r.partitionOf === null),
  );
  const missing = builtInTables().filter((_, i) => !tables[i]);
  if (missing.length > 0)
    throw new RlsSetupError(
      `0024 is not applied: ${missing.join(', ')} missing; apply it first (mantis-sync-tui apply)`,
      'missing',
    );
  const uid = snapshot.functions.find((f) => f.schema === 'auth' && f.name === 'uid' && f.identityArgs === '');
  if (!uid)
    throw new RlsSetupError(
      'auth.uid() is missing: the policies cannot tell users apart; apply the prerequisites first',
      'missing',
    );
  const jwt = snapshot.functions.find((f) => f.schema === 'auth' && f.name === 'jwt' && f.identityArgs === '');
  const convention = readConvention(uid.body, jwt?.body ?? null);
  if (convention.settings.length === 0) {
    throw new RlsSetupError(
      `cannot set a user for the probes: auth.uid() reads ${convention.description}; its body: ${uid.body.trim()}`,
      'missing',
    );
  }
  const standings = snapshot.roleStandings ?? [];
  const connection = standings.find((r) => r.isConnection)!;
  const probe = standings.find((r) => r.name === probeRole);
  if (!probe?.exists) {
    throw new RlsSetupError(
      asRole
        ? `--as ${asRole}: no such role in this database; name the role the application connects as`
        : `role ${DEFAULT_PROBE_ROLE} does not exist: apply the prerequisites first, or pass --as <the application's role>`,
      asRole !== null ? 'usage' : 'missing',
    );
  }
  const rlsTables = tables as Relation[];
  const partitions = snapshot.rowPaths ?? [];
  const connectionVerdict = judgeStanding(connection, rlsTables, partitions);
  const probeVerdict = probe.name === connection.name ? connectionVerdict : judgeStanding(probe, rlsTables, partitions);
  const { problems, notes } = standingRemarks(connectionVerdict, probeVerdict, asRole);

  // Test data, written as this connection; with the user context only where RLS filters it, so a
  // session with no user stays as fresh as the application's would be.
  const tag = randomUUID().slice(0, 8);
  const [orgA, orgB, userA, userB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await client.query(loadSql('rls/setup_organizations'), [orgA, orgB, tag]);
  await client.query(loadSql('rls/setup_users'), [userA, orgA, userB, orgB, tag]);
  const filtersConnection =
    !connection.superuser && rlsTables.some((t) => !connectionVerdict.unfilteredOn.includes(`${t.schema}.${t.name}`));
  const rows: TestRow[] = [];
  const cursors = new Map<string, RowCursor>();
  for (const [org, orgId, user] of [
    ['A', orgA, userA],
    ['B', orgB, userB],
  ] as const) {
    if (filtersConnection) await setContext(client, convention, user, connection.name);
    const written = await writeTestRows(client, snapshot, org, orgId, tag);
    await openCursors(client, snapshot, written, org, cursors, notes);
    rows.push(...written);
  }
  if (filtersConnection) await setContext(client, convention, null, connection.name);

  if (probe.name !== connection.name) {
    const become = await attempt(client, loadSql('rls/become_role'), [probe.name], 'rows', 'keep');
    if (become.error)
      throw new RlsSetupError(
        `cannot act as role ${probe.name} (${become.error.message}): GRANT ${quoteIdent(probe.name)} TO ${quoteIdent(connection.name)}, or connect as a member of it`,
        'missing',
      );
    // SET ROLE does not apply the role's own ALTER ROLE … SET: its sessions start with them, so the probes do too.
    const login = loginContext(convention, probe.loginSettings);
    if (login.size > 0) await client.query(loadSql('rls/set_context'), [[...login.keys()], [...login.values()]]);
  }
  const roleSql =
    probe.name === connection.name
      ? `-- as ${probe.name}, the role of this connection`
      : `SET LOCAL ROLE ${quoteIdent(probe.name)};`;
  const probeContext: ProbeContext = {
    client,
    tag,
    orgA,
    orgB,
    rows,
    snapshot,
    cursors,
    connectionRole: connection.name,
    probeRole: probe.name,
  };

  // A session with no user: who auth.uid() says it is, then every probe.
  const nobody = await attempt(client, loadSql('rls/current_user_id'), [], 'uid');
  const withoutContext = nobody.error
    ? `error (${nobody.error.code}: ${nobody.error.message})`
    : (nobody.uid ?? 'null');
  if (nobody.uid) problems.push(await fallbackProblem(client, nobody.uid, convention, probe));
  const noUserSql = `${roleSql}\n-- no user context: ${convention.settings.map((s) => s.name).join(', ')} as a new session of ${probe.name} has them`;
  const cells: RlsCell[] = await probeAll(probeContext, 'none', noUserSql);

  // User A.
  await setContext(client, convention, userA, probe.name);
  const who = await attempt(client, loadSql('rls/current_user_id'), [], 'uid');
  if (who.error) {
    // The role cannot call auth.uid() (no USAGE on schema auth): every policy fails for it, which the cells show.
    notes.push(
      `${probe.name} cannot call auth.uid() (${who.error.code}: ${who.error.message}): every policy that calls it fails for this role`,
    );
  } else if (who.uid !== userA) {
    throw new RlsSetupError(
      `auth.uid() does not return the test user after setting ${convention.description} (it returned ${who.uid ?? 'null'}): the tool does not know how this auth.uid() finds the user`,
      'missing',
    );
  }
  const userSql = `${roleSql}\n${contextSql(convention, userA, probe.name)}`;
  cells.push(...(await probeAll(probeContext, 'user', userSql)));

  const wrong = cells.filter((c) => !c.ok).length;
  return {
    ok: wrong === 0 && problems.length === 0,
    role: probe.name,
    connectionRole: connection.name,
    context: convention,
    withoutContext,
    // A superuser connection is an administrator's: said in a note, not as the application's role.
    standings:
      asRole || probe.name === connection.name || connection.superuser
        ? [probeVerdict]
        : [connectionVerdict, probeVerdict],
    cells,
    problems,
    notes,
    error: null,
  };
}

/** The catalog, read inside the test's transaction with the same query verify uses. */
async function read(client: StepClient, probeRole: string): Promise<Snapshot> {
  const result = await client.query<{ snapshot: Snapshot }>(
    loadSql('catalog/snapshot'),
    scopeParameters({ ...SNAPSHOT_SCOPE, catchAllRowCap: 0 }, probeRole),
  );
  return result.rows[0]!.snapshot;
}

function standingRemarks(
  connection: StandingVerdict,
  probe: StandingVerdict,
  asRole: string | null,
): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  if (asRole) {
    if (!probe.applies) problems.push(`${describeStanding(probe)}.`);
    return { problems, notes };
  }
  if (!connection.applies) {
    if (connection.superuser) {
      notes.push(
        `this connection's role ${connection.role} is a superuser: row-level security never applies to it (an administrator's session; the probes run as ${probe.role}). If the application connects as ${connection.role}, isolation does not hold for it.`,
      );
    } else {
      problems.push(
        `${describeStanding(connection)}. That is the role of this connection: if the application connects as another role, run test-rls --as that role.`,
      );
    }
  }
  if (!probe.applies && probe.role !== connection.role) problems.push(`${describeStanding(probe)}.`);
  return { problems, notes };
}

async function fallbackProblem(
  client: StepClient,
  user: string,
  convention: ContextConvention,
  probe: RoleStanding,
): Promise<string> {
  const known = sessionDefaultUser(convention, probe.loginSettings);
  const source = known?.user === user ? known.source : 'what auth.uid() returns without context';
  const org = await attempt(client, loadSql('rls/user_organization'), [user], 'org');
  const where = org.error
    ? `its organization could not be read (${org.error.message})`
    : org.org
      ? `a user of organization ${org.org}: it sees and changes that organization's rows`
      : 'in no organization today, so it sees nothing yet; a user created with that id later would give it an organization';
  return `a session without user context acts as user ${user} (${source}), ${where}. auth.uid() must return null when no user is set.`;
}

/** `SELECT set_config(…)` as the probes ran it, for the exact probe shown with a wrong cell. */
function contextSql(convention: ContextConvention, user: string | null, role: string): string {
  const { names, values } = contextValues(convention, user, role);
  return `SELECT ${names.map((n, i) => `set_config(${quoteLiteral(n)}, ${values[i] === null ? 'NULL' : quoteLiteral(values[i]!)}, true)`).join(', ')};`;
}

async function setContext(
  client: StepClient,
  convention: ContextConvention,
  user: string | null,
  role: string,
): Promise<void> {
  const { names, values } = contextValues(convention, user, role);
  await client.query(loadSql('rls/set_context'), [names, values]);
}

/** One row per organization in each table, and in each partition of the activity log (by created_at). */
async function writeTestRows(
  client: StepClient,
  snapshot: Snapshot,
  org: 'A' | 'B',
  orgId: string,
  tag: string,
): Promise<TestRow[]> {
  const rows: TestRow[] = [];
  for (const table of builtInTables()) {
    const partitions = snapshot.relations.filter((r) => r.partitionOf === table);
    const times = partitions.length > 0 ? partitionTargets(partitions).map((t) => t.createdAt) : [];
    const written: TestRow[] = [];
    for (const createdAt of times.length > 0 ? times : [null]) {
      const id = randomUUID();
      const syncId = `mantis-rls-${tag}-${org}-${written.length}`;
      await client.query(insertSql(table, table), insertValues(table, id, orgId, syncId, createdAt));
      written.push({ id, table, org, syncId, createdAt, holders: [] });
    }
    const placed = await client.query<{ id: string; holders: string[] | null }>(
      renderSql(loadSql('rls/placement'), { relation: table }),
      [written.map((r) => r.id)],
    );
    for (const row of written) row.holders = [table, ...(placed.rows.find((p) => p.id === row.id)?.holders ?? [])];
    rows.push(...written);
  }
  return rows;
}

/** 0024's tables in the order it creates them, as its manifest records them. */
const builtInTables = (): readonly string[] => tablesInDependencyOrder(loadJson<Manifest>('manifest.json'));

const insertSql = (table: string, path: string) => renderSql(loadSql(INSERT_FILES[table]!), { relation: path });
/** A row that takes the time placing it in a partition ($4; null for now()) is given it; the others take none. */
const insertValues = (table: string, id: string, org: string, syncId: string, createdAt: string | null): unknown[] =>
  loadSql(INSERT_FILES[table]!).includes('$4') ? [id, org, syncId, createdAt] : [id, org, syncId];

/** A cursor on one test row, opened as this connection: UPDATE and DELETE probes name it with WHERE CURRENT OF. */
interface RowCursor {
  readonly name: string;
  readonly id: string;
  /** how it was opened, for the exact probe */
  readonly sql: string;
}

interface ProbeContext {
  readonly client: StepClient;
  readonly tag: string;
  readonly orgA: string;
  readonly orgB: string;
  readonly rows: readonly TestRow[];
  readonly snapshot: Snapshot;
  /** by `${path}|${org}` */
  readonly cursors: ReadonlyMap<string, RowCursor>;
  readonly connectionRole: string;
  /** the role the probes run as */
  readonly probeRole: string;
}

/** The table and its partitions at every depth, as probed. */
const pathsOf = (snapshot: Snapshot, table: string) => [
  table,
  ...(snapshot.rowPaths ?? []).filter((p) => p.kind === 'partition' && p.source === table).map((p) => p.relation),
];

/**
 * Opens a cursor on one of the organization's test rows in each table and partition. A WHERE on
 * the table's columns would need SELECT rights, and then the SELECT policy would guard UPDATE and
 * DELETE too: a loosened UPDATE or DELETE policy would go unseen, yet `DELETE FROM t` without a
 * WHERE (which needs no SELECT) would use it.
 */
async function openCursors(
  client: StepClient,
  snapshot: Snapshot,
  rows: readonly TestRow[],
  org: 'A' | 'B',
  cursors: Map<string, RowCursor>,
  notes: string[],
): Promise<void> {
  for (const table of builtInTables()) {
    for (const path of pathsOf(snapshot, table)) {
      const row = rows.find((r) => r.table === table && r.org === org && r.holders.includes(path));
      if (!row) continue;
      const name = `mantis_rls_${cursors.size + 1}`;
      const declare = renderSql(loadSql('rls/declare_cursor'), { cursor: name, relation: path });
      const fetch = renderSql(loadSql('rls/fetch_cursor'), { cursor: name });
      // This connection may have no rights on a partition of its own (the parent's owner is not the partition's).
      const opened = await attempt(client, declare, [row.id], 'rows', 'keep');
      if (opened.error) {
        notes.push(
          `UPDATE and DELETE through ${path} not probed: this connection cannot open a cursor on it (${opened.error.message})`,
        );
        continue;
      }
      await client.query(fetch);
      cursors.set(`${path}|${org}`, { name, id: row.id, sql: `${bindInline(declare, [row.id])} ${fetch}` });
    }
  }
}

/** Every cell of one session (no user, or user A) through every table and partition. */
async function probeAll(ctx: ProbeContext, session: 'none' | 'user', context: string): Promise<RlsCell[]> {
  // After the phase's role and user context are set: rolling back to it keeps them.
  await ctx.client.query('SAVEPOINT mantis_probe');
  const cells: RlsCell[] = [];
  let serial = 0;
  const actor = session === 'none' ? 'a session with no user' : 'user A';
  for (const table of builtInTables()) {
    for (const path of pathsOf(ctx.snapshot, table)) {
      const here = ctx.rows.filter((r) => r.table === table && r.holders.includes(path));
      const cursor = { A: ctx.cursors.get(`${path}|A`), B: ctx.cursors.get(`${path}|B`) };
      const org = { A: ctx.orgA, B: ctx.orgB };
      // A partition takes only rows in its bounds: write new ones with a created_at of a row it holds.
      const createdAt = path === table ? null : (here.find((r) => r.createdAt !== null)?.createdAt ?? null);
      const partitioned = ctx.snapshot.relations.some((r) => r.partitionOf === table);
      const canInsert = path === table || createdAt !== null || !partitioned;
      // A partition readable only through column grants: the probes read just those columns.
      const byColumns =
        path === table
          ? null
          : columnGrantRead(
              ctx.snapshot.rowPaths?.find((p) => p.relation === path && p.kind === 'partition'),
              ctx.probeRole,
            );
      const run = async (
        command: RlsCommand,
        expectation: Expectation,
        tried: string,
        text: string,
        values: unknown[],
        target: number,
        opened?: RowCursor,
      ): Promise<Probe> => {
        const counted = command === 'SELECT' && byColumns === null;
        const outcome = await attempt(ctx.client, text, values, counted ? 'count' : 'rows', 'reuse');
        const shown = bindInline(text, values);
        return judgeProbe(
          command,
          expectation,
          tried,
          opened ? `-- as ${ctx.connectionRole}: ${opened.sql}\n${shown}` : shown,
          target,
          outcome,
        );
      };
      const select = (expectation: Expectation, whose: string, owners: ReadonlyArray<'A' | 'B'>) => {
        const rowsOf = here.filter((r) => owners.includes(r.org));
        if (rowsOf.length === 0) return [];
        if (byColumns === null)
          return [
            () =>
              run(
                'SELECT',
                expectation,
                `${actor} reads ${whose} rows`,
                renderSql(loadSql('rls/count_rows'), { relation: path }),
                [rowsOf.map((r) => r.id)],
                rowsOf.length,
              ),
          ];
        const columns = byColumns.columns.join(', ');
        const shown = byColumns.columns.map(quoteIdent).join(', ');
        const { key } = byColumns;
        if (key === null) {
          // No granted column tells whose row it is: only a session with no user, which must see no row at all, is probed.
          if (session !== 'none') return [];
          return [
            () =>
              run(
                'SELECT',
                expectation,
                `${actor} reads ${columns} of every row (only these columns are granted, none tells whose row it is)`,
                renderSql(loadSql('rls/read_columns_all'), { relation: path, columns: shown }),
                [],
                rowsOf.length,
              ),
          ];
        }
        const keys =
          key === 'id'
            ? rowsOf.map((r) => r.id)
            : key === 'org_id'
              ? owners.map((o) => org[o])
              : rowsOf.map((r) => r.syncId);
        return [
          () =>
            run(
              'SELECT',
              expectation,
              `${actor} reads ${whose} rows' ${columns} (granted by column)`,
              renderSql(loadSql('rls/read_columns'), { relation: path, columns: shown, key }),
              [keys],
              rowsOf.length,
            ),
        ];
      };
      const insert = (owner: 'A' | 'B', expectation: Expectation) => {
        if (!canInsert) return [];
        serial += 1;
        const values = insertValues(
          table,
          randomUUID(),
          org[owner],
          `mantis-rls-${ctx.tag}-probe-${serial}`,
          createdAt,
        );
        return [
          () =>
            run(
              'INSERT',
              expectation,
              `${actor} inserts a row for organization ${owner}`,
              insertSql(table, path),
              values,
              1,
            ),
        ];
      };
      const update = (rowOf: 'A' | 'B', to: 'A' | 'B', expectation: Expectation, tried: string) => {
        const opened = cursor[rowOf];
        if (!opened) return [];
        return [
          () =>
            run(
              'UPDATE',
              expectation,
              tried,
              renderSql(loadSql('rls/update_current'), { relation: path, cursor: opened.name }),
              [org[to]],
              1,
              opened,
            ),
        ];
      };
      const remove = (rowOf: 'A' | 'B', expectation: Expectation) => {
        const opened = cursor[rowOf];
        if (!opened) return [];
        return [
          () =>
            run(
              'DELETE',
              expectation,
              `${actor} deletes ${rowOf}'s row`,
              renderSql(loadSql('rls/delete_current'), { relation: path, cursor: opened.name }),
              [],
              1,
              opened,
            ),
        ];
      };
      const own: Expectation = path === table ? 'allowed' : 'allowed or no access';
      // Thunks: the probes share the transaction, so they run one at a time, below.
      const plan: Array<{
        subject: Subject;
        expectation: Expectation;
        probes: Record<RlsCommand, Array<() => Promise<Probe>>>;
      }> =
        session === 'none'
          ? [
              {
                subject: 'none',
                expectation: 'refused',
                probes: {
                  SELECT: select('refused', "A's and B's", ['A', 'B']),
                  INSERT: [...insert('A', 'refused'), ...insert('B', 'refused')],
                  UPDATE: [
                    ...update('A', 'A', 'refused', `${actor} updates A's row`),
                    ...update('B', 'B', 'refused', `${actor} updates B's row`),
                  ],
                  DELETE: [...remove('A', 'refused'), ...remove('B', 'refused')],
                },
              },
            ]
          : [
              {
                subject: 'own',
                expectation: own,
                probes: {
                  SELECT: select(own, "A's", ['A']),
                  INSERT: insert('A', own),
                  UPDATE: update('A', 'A', own, "user A updates A's row"),
                  DELETE: remove('A', own),
                },
              },
              {
                subject: 'other',
                expectation: 'refused',
                probes: {
                  SELECT: select('refused', "B's", ['B']),
                  INSERT: insert('B', 'refused'),
                  // USING guards taking B's row, WITH CHECK guards giving A's row away.
                  UPDATE: [
                    ...update('B', 'B', 'refused', "user A updates B's row"),
                    ...update('B', 'A', 'refused', "user A moves B's row into organization A"),
                    ...update('A', 'B', 'refused', "user A hands A's row to organization B"),
                  ],
                  DELETE: remove('B', 'refused'),
                },
              },
            ];
      for (const { subject, expectation, probes } of plan) {
        for (const command of RLS_COMMANDS) {
          const done: Probe[] = [];
          for (const probe of probes[command]) done.push(await probe());
          cells.push(makeCell({ table, path, subject, command, expectation, context, probes: done }));
        }
      }
    }
  }
  return cells;
}

type AttemptKind = 'rows' | 'count' | 'uid' | 'org';
/** open: a savepoint of its own, rolled back; keep: released when it worked; reuse: roll back to the phase's savepoint, which stays */
type Savepoint = 'open' | 'keep' | 'reuse';

/**
 * Runs one statement in a savepoint that is then rolled back: each probe starts from the same
 * rows, and a refusal does not end the transaction. A savepoint rolled back to stays, so the
 * probes of one phase share one (two round trips each, not three).
 */
async function attempt(
  client: StepClient,
  sql: string,
  values: unknown[],
  kind: 'uid',
): Promise<ProbeOutcome & { uid: string | null }>;
async function attempt(
  client: StepClient,
  sql: string,
  values: unknown[],
  kind: 'org',
): Promise<ProbeOutcome & { org: string | null }>;
async function attempt(
  client: StepClient,
  sql: string,
  values: unknown[],
  kind: 'rows' | 'count',
  savepoint?: Savepoint,
): Promise<ProbeOutcome>;
async function attempt(
  client: StepClient,
  sql: string,
  values: unknown[],
  kind: AttemptKind,
  savepoint: Savepoint = 'open',
): Promise<ProbeOutcome & { uid?: string | null; org?: string | null }> {
  if (savepoint !== 'reuse') await client.query('SAVEPOINT mantis_probe');
  let outcome: ProbeOutcome & { uid?: string | null; org?: string | null };
  try {
    const result = await client.query<{ n?: number; uid?: string | null; org_id?: string | null }>(sql, values);
    const first = result.rows[0];
    outcome =
      kind === 'count'
        ? { rows: Number(first?.n ?? 0), error: null }
        : kind === 'uid'
          ? { rows: result.rowCount ?? 0, error: null, uid: first?.uid ?? null }
          : kind === 'org'
            ? { rows: result.rowCount ?? 0, error: null, org: first?.org_id ?? null }
            : { rows: result.rowCount ?? 0, error: null };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (!REFUSAL.test(e.code ?? '')) {
      await client.query('ROLLBACK TO SAVEPOINT mantis_probe').catch(() => {});
      throw error instanceof Error ? error : new DbError('query', String(error));
    }
    outcome = { rows: 0, error: { code: e.code ?? '', message: e.message ?? String(error) }, uid: null, org: null };
  }
  await client.query(
    savepoint === 'keep' && outcome.error === null
      ? 'RELEASE SAVEPOINT mantis_probe'
      : 'ROLLBACK TO SAVEPOINT mantis_probe',
  );
  return outcome;
}
