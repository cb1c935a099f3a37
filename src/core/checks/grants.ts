/**
 * Seed 002's grants to authenticated on the 3 tables and 5 functions; none to anon or PUBLIC. And
 * no way around the policies: no partition, view that reads as an exempt owner or materialized
 * view that a client role reaches (by a grant on it or on some of its columns, to it or to a role
 * it is a member of, or by owning it), today (GRT004) or for partitions created later (GRT005).
 */
import { CODES } from '../codes.js';
import { grantsOn, privilegeDifferences } from '../diff.js';
import type { Finding } from '../finding.js';
import { rowsWhere } from '../lookup.js';
import type { DefaultPrivilege, Grant, RowPath, RowPathAccess } from '../snapshot.js';
import { quoteIdent, quoteQualified } from '../sqltext.js';
import { blockedByTable, type CheckContext, makeFinding, splitName, sql, tableVars } from './context.js';
import { signatureOf } from './functions.js';
import { findRelation } from './tables.js';

/** The roles a client reaches the database as without a role of its own. */
const CLIENT_ROLES = ['anon', 'authenticated', 'public'];
const sqlGrantee = (grantee: string) => (grantee === 'public' ? 'PUBLIC' : quoteIdent(grantee));
const describeGrants = (grants: readonly DefaultPrivilege[]) =>
  grants
    .map((g) => `${[...g.privileges].sort().join(', ')} granted to ${g.grantee === 'public' ? 'PUBLIC' : g.grantee}`)
    .join('; ');

const GRANTEE = 'authenticated';

const privilegesOf = (grants: readonly Grant[], object: string, grantees: readonly string[]) =>
  new Set(
    grantsOn(grants, object)
      .filter((g) => grantees.includes(g.grantee))
      .flatMap((g) => g.privileges),
  );

export function checkGrants(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const vars = tableVars(relation);
    const evidence = ['evidence/table_grants', { schema: vars.schema, table: vars.table }] as const;
    const expected = [...privilegesOf(ctx.expected.grants, relation, [GRANTEE])].sort();
    if (expected.length === 0) continue;
    if (!findRelation(ctx.actual.relations, relation)) {
      findings.push(
        makeFinding(ctx, {
          code: 'GRT001',
          object: relation,
          status: 'blocked',
          title: `grants on ${relation} cannot be judged: table missing`,
          expected: `${expected.join(', ')} to ${GRANTEE}`,
          actual: `table ${relation} does not exist`,
          evidence,
          blockedBy: blockedByTable(ctx),
        }),
      );
      continue;
    }
    // PUBLIC's privileges reach authenticated too.
    const held = privilegesOf(ctx.actual.grants, relation, [GRANTEE, 'public']);
    const missing = expected.filter((p) => !held.has(p));
    findings.push(
      makeFinding(ctx, {
        code: 'GRT001',
        object: relation,
        status: missing.length === 0 ? 'pass' : 'fail',
        title:
          missing.length === 0
            ? `${relation}: ${expected.join(', ')} granted to ${GRANTEE}`
            : `table privilege missing for ${GRANTEE}: ${missing.join(', ')} on ${relation}`,
        expected: `${expected.join(', ')} to ${GRANTEE}`,
        actual: held.size === 0 ? 'nothing granted' : `${[...held].sort().join(', ')}`,
        evidence,
        fix: ['fix/grant_table', { privileges: missing.join(', '), relation, grantee: GRANTEE }],
      }),
    );
    for (const beyond of privilegeDifferences(ctx.expected.grants, ctx.actual.grants, relation, [GRANTEE])) {
      if (beyond.extra.length === 0) continue;
      const object = `${relation} → ${GRANTEE}`;
      findings.push(
        makeFinding(ctx, {
          code: 'GRT006',
          object,
          status: 'fail',
          title: `privileges beyond the intended state: ${object}: ${beyond.extra.join(', ')}`,
          expected: `${expected.join(', ')} to ${GRANTEE}`,
          actual: `${[...held].sort().join(', ')}`,
          evidence,
          fix: ['fix/revoke_table', { privileges: beyond.extra.join(', '), relation, grantee: GRANTEE }],
        }),
      );
    }
    for (const grantee of ['anon', 'public']) {
      const intended = privilegesOf(ctx.expected.grants, relation, [grantee]);
      const extra = [...privilegesOf(ctx.actual.grants, relation, [grantee])].filter((p) => !intended.has(p)).sort();
      if (extra.length === 0) continue;
      findings.push(
        makeFinding(ctx, {
          code: 'GRT003',
          object: `${relation} → ${grantee}`,
          status: 'fail',
          expected: `no privileges for ${grantee}`,
          actual: `${extra.join(', ')} granted to ${grantee}`,
          evidence,
          fix: [
            'fix/revoke_table',
            { privileges: extra.join(', '), relation, grantee: grantee === 'public' ? 'PUBLIC' : grantee },
          ],
        }),
      );
    }
  }
  findings.push(...rowPathFindings(ctx), ...defaultPrivilegeFindings(ctx));
  // auth.uid()'s EXECUTE is a prerequisite (PRQ011); these are 0024's own.
  const created = new Set(ctx.created.functions);
  for (const grant of ctx.expected.grants.filter(
    (g) =>
      g.objectKind === 'function' && g.grantee === GRANTEE && created.has(g.object.slice(0, g.object.indexOf('('))),
  )) {
    const name = grant.object.slice(0, grant.object.indexOf('('));
    const { schema, name: bare } = splitName(name);
    const evidence = ['evidence/function_grants', { schema, name: bare }] as const;
    const exists = rowsWhere(ctx.actual.functions, 'signature', signatureOf, grant.object).length > 0;
    if (!exists) {
      findings.push(
        makeFinding(ctx, {
          code: 'GRT002',
          object: grant.object,
          status: 'blocked',
          title: `EXECUTE on ${grant.object} cannot be judged: function missing`,
          expected: `EXECUTE to ${GRANTEE}`,
          actual: 'function does not exist',
          evidence,
          blockedBy: ctx.blockers.length > 0 ? ctx.blockers : ['FUN001'],
        }),
      );
      continue;
    }
    const held = privilegesOf(ctx.actual.grants, grant.object, [GRANTEE, 'public']).has('EXECUTE');
    findings.push(
      makeFinding(ctx, {
        code: 'GRT002',
        object: grant.object,
        status: held ? 'pass' : 'fail',
        title: held ? `${grant.object}: EXECUTE granted to ${GRANTEE}` : undefined,
        expected: `EXECUTE to ${GRANTEE}`,
        actual: held ? 'held' : 'not held',
        evidence,
        fix: ['fix/grant_function', { signature: grant.object, grantee: GRANTEE }],
      }),
    );
  }
  return findings;
}

/**
 * What the client roles hold on a row path. Snapshots taken before `access` was read know only
 * the grants made to the client roles themselves.
 */
function accessOf(path: RowPath): RowPathAccess[] {
  if (path.access) return [...path.access];
  return path.grants
    .filter((g) => CLIENT_ROLES.includes(g.grantee))
    .map((g) => ({
      role: g.grantee,
      through: 'grant',
      grantee: g.grantee,
      chain: [g.grantee],
      privileges: g.privileges,
      columns: null,
    }));
}

/** anon, authenticated, and the application's role when one is named (--as): the roles clients act as. */
function clientRoleList(ctx: CheckContext): string[] {
  const given = (ctx.actual.roleStandings ?? []).find((r) => !r.isConnection)?.name;
  return ['anon', 'authenticated', ...(given && !CLIENT_ROLES.includes(given) ? [given] : [])];
}

const clientRoleNames = (ctx: CheckContext) => `${clientRoleList(ctx).join(', ')} or PUBLIC`;

const shownRole = (role: string) => (role === 'public' ? 'PUBLIC' : role);

/** One grant (or ownership) and the client roles that reach it. */
interface Reach {
  readonly access: RowPathAccess;
  /** each client role's chain of memberships to the grantee */
  readonly chains: ReadonlyArray<readonly string[]>;
}

function reaches(access: readonly RowPathAccess[]): Reach[] {
  const byGrant = new Map<string, { access: RowPathAccess; chains: Array<readonly string[]> }>();
  for (const a of access) {
    const key = JSON.stringify([a.through, a.grantee, [...a.privileges].sort(), a.columns]);
    const seen = byGrant.get(key);
    if (seen) seen.chains.push(a.chain);
    else byGrant.set(key, { access: a, chains: [a.chain] });
  }
  return [...byGrant.values()];
}

/** "SELECT (org_id, error_message) granted to reader, held by authenticated through membership (authenticated → reader)" */
function describeReach({ access, chains }: Reach): string {
  const privileges = [...access.privileges].sort();
  const what =
    access.through === 'owner'
      ? `owned by ${access.grantee}`
      : access.through === 'predefined role'
        ? `${access.grantee}, which ${privileges.includes('SELECT') ? 'reads' : 'writes'} every table`
        : access.through === 'column grant'
          ? `${privileges.map((p) => `${p} (${access.columns!.join(', ')})`).join(', ')} granted to ${shownRole(access.grantee)}`
          : `${privileges.join(', ')} granted to ${shownRole(access.grantee)}`;
  const members = chains.filter((c) => c.length > 1);
  if (members.length === 0) return what;
  return `${what}, held by ${members.map((c) => c[0]).join(', ')} through membership (${members.map((c) => c.join(' → ')).join('; ')})`;
}

/** The REVOKEs that take the grants back; ownership and predefined roles are not taken back by a REVOKE on the relation. */
function revokeReaches(ctx: CheckContext, relation: string, list: readonly Reach[]): string {
  return list
    .flatMap(({ access }) => {
      const grantee = sqlGrantee(access.grantee);
      if (access.through === 'grant')
        return [
          sql(ctx, 'fix/revoke_table', { privileges: [...access.privileges].sort().join(', '), relation, grantee }),
        ];
      if (access.through === 'column grant')
        return [...access.privileges].sort().map((privilege) =>
          sql(ctx, 'fix/revoke_columns', {
            privilege,
            columns: access.columns!.map(quoteIdent).join(', '),
            relation,
            grantee,
          }),
        );
      return [];
    })
    .join('\n');
}

/** What a person decides, and the other way to mend a grant reached through membership. */
function reachImpact(ctx: CheckContext, path: RowPath, list: readonly Reach[]): string | undefined {
  const sentences: string[] = [];
  const owner = list.find((r) => r.access.through === 'owner');
  if (owner) {
    const holder = owner.access.grantee;
    const members = owner.chains.filter((c) => c.length > 1);
    const tableOwner = findRelation(ctx.actual.relations, path.source)?.owner;
    sentences.push(
      members.length === 0
        ? `A person must decide who owns ${path.relation}: ${holder}, a role clients act as, owns it and reads and changes it with no policy.`
        : `A person must decide who owns ${path.relation}: ${members.map((c) => c[0]).join(', ')} ${members.length === 1 ? 'has' : 'have'} the rights of its owner ${holder}, who reads and changes it with no policy.`,
    );
    if (tableOwner && tableOwner !== holder && path.kind !== 'view' && path.kind !== 'materialized view')
      sentences.push(
        `Giving it to the owner of ${path.source}: ALTER TABLE ${quoteQualified(path.relation)} OWNER TO ${quoteIdent(tableOwner)};`,
      );
    if (members.length > 0)
      sentences.push(
        `Or cutting the membership: ${members.map((c) => `REVOKE ${quoteIdent(c[1]!)} FROM ${quoteIdent(c[0]!)};`).join(' ')}`,
      );
  }
  for (const predefined of list.filter((r) => r.access.through === 'predefined role')) {
    const cuts = [
      ...new Set(predefined.chains.map((c) => `REVOKE ${quoteIdent(c.at(-1)!)} FROM ${quoteIdent(c.at(-2)!)};`)),
    ];
    sentences.push(
      `A person must decide: ${predefined.access.grantee} reaches every table, and through it ${path.relation} with no policy; ${cuts.join(' ')} takes it from ${predefined.chains.map((c) => c[0]).join(', ')}.`,
    );
  }
  if (sentences.length > 0) {
    const revoke = revokeReaches(ctx, path.relation, list);
    if (revoke) sentences.push(`Its grants are taken back with: ${revoke.replaceAll('\n', ' ')}`);
    return [CODES.GRT004.impact, ...sentences].join(' ');
  }
  const viaMembership = list.filter((r) => r.chains.some((c) => c.length > 1));
  if (viaMembership.length === 0) return undefined;
  const cuts = [
    ...new Set(
      viaMembership.flatMap((r) =>
        r.chains.filter((c) => c.length > 1).map((c) => `REVOKE ${quoteIdent(c[1]!)} FROM ${quoteIdent(c[0]!)};`),
      ),
    ),
  ];
  return `${CODES.GRT004.impact} The fix takes the grant from ${[...new Set(viaMembership.map((r) => shownRole(r.access.grantee)))].join(', ')} and so from every member of it; where that role needs ${path.relation}, cut the membership instead: ${cuts.join(' ')}`;
}

/** Partitions, views and materialized views of the 0024 tables that a client role can reach. */
function rowPathFindings(ctx: CheckContext): Finding[] {
  // A view over two 0024 tables is one finding: the path that escapes the policies speaks for it.
  const byRelation = new Map<string, RowPath>();
  for (const path of ctx.actual.rowPaths ?? []) {
    const seen = byRelation.get(path.relation);
    if (!seen || (seen.unfilteredBecause === null && path.unfilteredBecause !== null))
      byRelation.set(path.relation, path);
  }
  const clients = clientRoleNames(ctx);
  return [...byRelation.values()].map((path) => {
    const { schema, name } = splitName(path.relation);
    const access = accessOf(path);
    const list = reaches(access);
    const described = list.map(describeReach).join('; ');
    const reachedBy = [...new Set(access.map((a) => a.role))].join(', ');
    const revoke = revokeReaches(ctx, path.relation, list);
    // Ownership and predefined roles are not taken back by a REVOKE on the relation: a person decides.
    const decided = list.some((r) => r.access.through === 'owner' || r.access.through === 'predefined role');
    const base = { code: 'GRT004' as const, object: path.relation };
    // Said beside a fix that revokes, or instead of a fix a person must choose.
    const impact = reachImpact(ctx, path, list);
    const exposedBase = { ...base, ...(impact ? { impact } : {}) };
    if (path.kind === 'partition' || path.kind === 'archived partition') {
      const evidence = ['evidence/row_path_access', { schema, table: name, roles: clientRoleList(ctx) }] as const;
      const what =
        path.kind === 'partition'
          ? `a partition of ${path.source}`
          : `a partition of ${path.source} archived (detached, its rows kept)`;
      const expected = `no privilege for ${clients} on ${what} or on its columns, directly or through a role they are members of, and none of them its owner: read directly, it does not apply the policies of ${path.source}`;
      if (list.length === 0) {
        return makeFinding(ctx, {
          ...base,
          status: 'pass',
          title: `${path.relation}: ${what}, out of reach of ${clients}: no grant, column grant or ownership, directly or through membership`,
          expected,
          actual: 'none',
          evidence,
        });
      }
      // RLS enabled on the partition itself: its own policies (not seen here) decide, for all but an owner it does not force.
      const filtered = (a: RowPathAccess) => path.rlsEnabled && (a.through !== 'owner' || path.rlsForced);
      const ownPolicies = access.every(filtered);
      const columnsOnly = list.every((r) => r.access.through === 'column grant');
      return makeFinding(ctx, {
        ...exposedBase,
        status: ownPolicies ? 'warn' : 'fail',
        title: `${path.kind} read directly skips the policies of ${path.source}: ${path.relation} (${reachedBy})`,
        expected,
        actual: `${described}${
          ownPolicies
            ? '; row-level security is enabled on the partition itself, so its own policies decide'
            : columnsOnly
              ? ': those columns of every organization’s rows in it'
              : ': every organization’s rows in it'
        }`,
        evidence,
        fix: decided ? null : revoke,
      });
    }
    const evidence = ['evidence/view_reader', { schema, table: name }] as const;
    const throughCopy = path.kind === 'materialized view' || path.unfilteredBecause === 'materialized view';
    const why = throughCopy
      ? 'it holds a copy of the rows, made by whoever refreshed it: no policy applies to a materialized view'
      : path.unfilteredBecause === 'partition'
        ? `it reads a partition of ${path.source} as ${path.readsAs}, which skips the table's policies`
        : path.unfilteredBecause !== null
          ? `it reads ${path.source} as ${path.readsAs} (${path.unfilteredBecause === 'owner' ? 'the table’s owner, RLS not forced' : path.unfilteredBecause}), whom the policies do not filter`
          : null;
    if (list.length === 0 || why === null) {
      return makeFinding(ctx, {
        ...base,
        status: 'pass',
        title:
          list.length === 0
            ? `${path.relation}: a ${path.kind} over ${path.source}, out of reach of ${clients}`
            : `${path.relation}: a ${path.kind} over ${path.source} whose policies filter ${path.readsAs ? `${path.readsAs}, the role it reads as` : 'the caller'}`,
        expected: `a ${path.kind} over ${path.source} that clients can read applies its policies to them`,
        actual: list.length === 0 ? `not reachable by ${clients}` : `${described}; the policies apply`,
        evidence,
      });
    }
    const invoker =
      path.kind === 'view' &&
      !path.securityInvoker &&
      path.unfilteredBecause !== 'partition' &&
      ctx.actual.server.versionNum >= 150000;
    return makeFinding(ctx, {
      ...(invoker ? base : exposedBase),
      status: 'fail',
      title: `${path.kind} shows every organization’s rows of ${path.source}: ${path.relation} (${reachedBy})`,
      expected: `a ${path.kind} over ${path.source} that ${clients} can read applies the table's policies to the caller (security_invoker)`,
      actual: `${described}: ${why}`,
      evidence,
      fix: invoker ? sql(ctx, 'fix/view_security_invoker', { view: path.relation }) : decided ? null : revoke || null,
    });
  });
}

/** What a partition created later gets: fail for the roles that create them (the table's owner, this connection). */
function defaultPrivilegeFindings(ctx: CheckContext): Finding[] {
  const partitioned = ctx.relations
    .map((r) => findRelation(ctx.actual.relations, r))
    .filter((r) => r?.kind === 'partitioned');
  if (partitioned.length === 0 || ctx.actual.defaultPrivileges === undefined) return [];
  const creators = new Set([...partitioned.map((r) => r!.owner), ctx.actual.server.currentUser]);
  const schemas = [...new Set(partitioned.map((r) => r!.schema))];
  const evidence = ['evidence/default_privileges', { schema: schemas[0]! }] as const;
  const tables = partitioned.map((r) => `${r!.schema}.${r!.name}`).join(', ');
  const entries = ctx.actual.defaultPrivileges.filter((d) => CLIENT_ROLES.includes(d.grantee));
  if (entries.length === 0) {
    return [
      makeFinding(ctx, {
        code: 'GRT005',
        object: `${tables} (new partitions)`,
        status: 'pass',
        title: `new partitions of ${tables} get no privileges for anon, authenticated or PUBLIC`,
        expected: 'no default privileges on tables for anon, authenticated or PUBLIC',
        actual: 'none',
        evidence,
      }),
    ];
  }
  const byCreator = new Map<string, DefaultPrivilege[]>();
  for (const entry of entries)
    byCreator.set(`${entry.role}\u0000${entry.schema ?? ''}`, [
      ...(byCreator.get(`${entry.role}\u0000${entry.schema ?? ''}`) ?? []),
      entry,
    ]);
  return [...byCreator.values()].map((group) => {
    const { role, schema } = group[0]!;
    const where = schema === null ? 'in every schema' : `in schema ${schema}`;
    const creates = creators.has(role);
    return makeFinding(ctx, {
      code: 'GRT005',
      object: `default privileges of ${role} ${where}`,
      // Only the table's owner (or a superuser) can create partitions; this connection is who runs maintain.
      status: creates ? 'fail' : 'warn',
      title: `a partition ${role} creates later is granted to ${group.map((g) => (g.grantee === 'public' ? 'PUBLIC' : g.grantee)).join(', ')}: ${tables}`,
      expected: `a partition of ${tables} created later gets no privileges for anon, authenticated or PUBLIC`,
      actual: `a table ${role} creates ${where} gets ${describeGrants(group)} (ALTER DEFAULT PRIVILEGES)${creates ? '' : `; ${role} neither owns ${tables} nor is this connection`}`,
      evidence,
      fix: group
        .map((g) =>
          // Without IN SCHEMA the template leaves two spaces where it was.
          sql(ctx, 'fix/revoke_default_privileges', {
            role,
            scope: schema === null ? '' : `IN SCHEMA ${quoteIdent(schema)}`,
            privileges: [...g.privileges].sort().join(', '),
            grantee: sqlGrantee(g.grantee),
          }).replace('  ', ' '),
        )
        .join('\n'),
      impact:
        'Each partition maintain partitions creates gets these privileges, and read directly a partition skips the policies. The fix changes what every table this role creates there gets: where the application relies on it (Supabase’s defaults make new tables reachable through its API), keep it and revoke on each new partition instead (verify reports it, apply revokes it).',
    });
  });
}
