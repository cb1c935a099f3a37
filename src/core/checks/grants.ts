/**
 * Seed 002's grants to authenticated on the 3 tables and 5 functions; none to anon or PUBLIC. And
 * no way around the policies: no grant on a partition, a view that reads as an exempt owner or a
 * materialized view, today (GRT004) or for partitions created later (GRT005).
 */
import type { Finding } from '../finding.js';
import type { DefaultPrivilege, Grant, RowPath } from '../snapshot.js';
import { quoteIdent } from '../sqltext.js';
import {
  blockedByTable,
  type CheckContext,
  MIGRATION_RELATIONS,
  makeFinding,
  splitName,
  sql,
  tableVars,
} from './context.js';
import { findRelation } from './tables.js';

/** The roles a client reaches the database as without a role of its own. */
const CLIENT_ROLES = ['anon', 'authenticated', 'public'];
const sqlGrantee = (grantee: string) => (grantee === 'public' ? 'PUBLIC' : quoteIdent(grantee));
const describeGrants = (grants: RowPath['grants']) =>
  grants
    .map((g) => `${[...g.privileges].sort().join(', ')} granted to ${g.grantee === 'public' ? 'PUBLIC' : g.grantee}`)
    .join('; ');

const GRANTEE = 'authenticated';

const privilegesOf = (grants: readonly Grant[], object: string, grantees: readonly string[]) =>
  new Set(grants.filter((g) => g.object === object && grantees.includes(g.grantee)).flatMap((g) => g.privileges));

export function checkGrants(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of MIGRATION_RELATIONS) {
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
    for (const grantee of ['anon', 'public']) {
      const extra = [...privilegesOf(ctx.actual.grants, relation, [grantee])].sort();
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
  for (const grant of ctx.expected.grants.filter(
    (g) => g.objectKind === 'function' && g.grantee === GRANTEE && g.object.startsWith('public.'),
  )) {
    const name = grant.object.slice(0, grant.object.indexOf('('));
    const { schema, name: bare } = splitName(name);
    const evidence = ['evidence/function_grants', { schema, name: bare }] as const;
    const exists = ctx.actual.functions.some((f) => `${f.schema}.${f.name}(${f.identityArgs})` === grant.object);
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

/** Partitions, views and materialized views of the 0024 tables, granted to a client role. */
function rowPathFindings(ctx: CheckContext): Finding[] {
  // A view over two 0024 tables is one finding: the path that escapes the policies speaks for it.
  const byRelation = new Map<string, RowPath>();
  for (const path of ctx.actual.rowPaths ?? []) {
    const seen = byRelation.get(path.relation);
    if (!seen || (seen.unfilteredBecause === null && path.unfilteredBecause !== null))
      byRelation.set(path.relation, path);
  }
  return [...byRelation.values()].map((path) => {
    const { schema, name } = splitName(path.relation);
    const exposed = path.grants.filter((g) => CLIENT_ROLES.includes(g.grantee));
    const revoke = exposed
      .map((g) =>
        sql(ctx, 'fix/revoke_table', {
          privileges: [...g.privileges].sort().join(', '),
          relation: path.relation,
          grantee: sqlGrantee(g.grantee),
        }),
      )
      .join('\n');
    const base = { code: 'GRT004' as const, object: path.relation };
    if (path.kind === 'partition' || path.kind === 'archived partition') {
      const evidence = ['evidence/table_grants', { schema, table: name }] as const;
      const what =
        path.kind === 'partition'
          ? `a partition of ${path.source}`
          : `a partition of ${path.source} archived (detached, its rows kept)`;
      if (exposed.length === 0) {
        return makeFinding(ctx, {
          ...base,
          status: 'pass',
          title: `${path.relation}: ${what}, granted to none of anon, authenticated, PUBLIC`,
          expected: 'no privileges for anon, authenticated or PUBLIC',
          actual: 'none',
          evidence,
        });
      }
      return makeFinding(ctx, {
        ...base,
        // RLS enabled on the partition itself: its own policies (not seen here) decide what is shown.
        status: path.rlsEnabled ? 'warn' : 'fail',
        title: `${path.kind} read directly skips the policies of ${path.source}: ${path.relation} (${exposed.map((g) => g.grantee).join(', ')})`,
        expected: `no privileges for anon, authenticated or PUBLIC on ${what}: read directly, it does not apply the policies of ${path.source}`,
        actual: `${describeGrants(exposed)}${path.rlsEnabled ? '; row-level security is enabled on the partition itself, so its own policies decide' : ': every organization’s rows in it'}`,
        evidence,
        fix: revoke,
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
    if (exposed.length === 0 || why === null) {
      return makeFinding(ctx, {
        ...base,
        status: 'pass',
        title:
          exposed.length === 0
            ? `${path.relation}: a ${path.kind} over ${path.source}, granted to none of anon, authenticated, PUBLIC`
            : `${path.relation}: a ${path.kind} over ${path.source} whose policies filter ${path.readsAs ? `${path.readsAs}, the role it reads as` : 'the caller'}`,
        expected: `a ${path.kind} over ${path.source} that clients can read applies its policies to them`,
        actual:
          exposed.length === 0
            ? 'not granted to anon, authenticated or PUBLIC'
            : `${describeGrants(exposed)}; the policies apply`,
        evidence,
      });
    }
    const invoker =
      path.kind === 'view' &&
      !path.securityInvoker &&
      path.unfilteredBecause !== 'partition' &&
      ctx.actual.server.versionNum >= 150000;
    return makeFinding(ctx, {
      ...base,
      status: 'fail',
      title: `${path.kind} shows every organization’s rows of ${path.source}: ${path.relation} (${exposed.map((g) => g.grantee).join(', ')})`,
      expected: `a ${path.kind} over ${path.source} that anon, authenticated or PUBLIC can read applies the table's policies to the caller (security_invoker)`,
      actual: `${describeGrants(exposed)}: ${why}`,
      evidence,
      fix: invoker ? sql(ctx, 'fix/view_security_invoker', { view: path.relation }) : revoke,
    });
  });
}

/** What a partition created later gets: fail for the roles that create them (the table's owner, this connection). */
function defaultPrivilegeFindings(ctx: CheckContext): Finding[] {
  const partitioned = MIGRATION_RELATIONS.map((r) => findRelation(ctx.actual.relations, r)).filter(
    (r) => r?.kind === 'partitioned',
  );
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
