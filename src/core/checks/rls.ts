/**
 * RLS on the 3 tables and the 12 policies by name: command, roles, mode, and USING / WITH CHECK
 * compared as normalised expressions. Missing, extra and divergent policies are named.
 */

import { differences } from '../diff.js';
import type { Finding } from '../finding.js';
import { judgeStanding, readConvention, sessionDefaultUser } from '../isolation.js';
import type { Policy, Relation } from '../snapshot.js';
import { normalizeExpression, quoteIdent } from '../sqltext.js';
import { blockedByTable, type CheckContext, expectedFor, makeFinding, sql, tableVars } from './context.js';
import { findRelation } from './tables.js';

export function checkRls(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const spec = findRelation(ctx.expected.relations, relation);
    if (!spec) continue;
    const found = findRelation(ctx.actual.relations, relation);
    const vars = tableVars(relation);
    const policiesEvidence = ['evidence/policies', { schema: vars.schema, table: vars.table }] as const;
    const specPolicies = expectedFor(ctx.expected.policies, relation);
    if (!found) {
      for (const policy of [{ name: 'row level security' }, ...specPolicies]) {
        const isRls = !('command' in policy);
        findings.push(
          makeFinding(ctx, {
            code: isRls ? 'RLS001' : 'RLS002',
            object: isRls ? relation : `${relation}.${policy.name}`,
            status: 'blocked',
            title: `${isRls ? 'row-level security' : `policy ${policy.name}`} on ${relation} cannot be judged: table missing`,
            expected: isRls ? 'ENABLE ROW LEVEL SECURITY' : describePolicy(policy as Policy),
            actual: `table ${relation} does not exist`,
            evidence: isRls ? ['evidence/relation', { name: vars.table }] : policiesEvidence,
            blockedBy: blockedByTable(ctx),
          }),
        );
      }
      continue;
    }
    findings.push(
      makeFinding(ctx, {
        code: 'RLS001',
        object: relation,
        status: found.rlsEnabled === spec.rlsEnabled ? 'pass' : 'fail',
        title:
          found.rlsEnabled === spec.rlsEnabled
            ? `${relation}: row-level security ${found.rlsEnabled ? 'enabled' : 'off, as intended'}${found.rlsForced ? ' and forced' : ''}`
            : found.rlsEnabled
              ? `row-level security enabled where the intended state has none: ${relation} (every command refused without a policy)`
              : undefined,
        expected: spec.rlsEnabled ? 'ENABLE ROW LEVEL SECURITY' : 'row-level security off',
        actual: found.rlsEnabled ? `enabled${found.rlsForced ? ', forced' : ''}` : 'disabled',
        evidence: ['evidence/relation', { name: vars.table }],
        fix: spec.rlsEnabled ? ['fix/enable_rls', { relation }] : null,
      }),
    );
    findings.push(...comparePolicies(ctx, relation, specPolicies, policiesEvidence));
  }
  findings.push(...applicationRole(ctx), ...sessionWithoutContext(ctx));
  return findings;
}

/** The intended policies on a relation by name, each compared attribute by attribute, and the live ones it does not have. */
function comparePolicies(
  ctx: CheckContext,
  relation: string,
  specPolicies: readonly Policy[],
  policiesEvidence: readonly [string, Readonly<Record<string, string>>],
): Finding[] {
  const findings: Finding[] = [];
  const actualPolicies = expectedFor(ctx.actual.policies, relation);
  for (const policy of specPolicies) {
    const object = `${relation}.${policy.name}`;
    const live = actualPolicies.find((p) => p.name === policy.name);
    const fixVars = policyFixVars(relation, policy);
    if (!live) {
      findings.push(
        makeFinding(ctx, {
          code: 'RLS002',
          object,
          status: 'fail',
          expected: describePolicy(policy),
          actual: 'does not exist',
          evidence: policiesEvidence,
          fix: ['fix/create_policy', fixVars],
        }),
      );
      continue;
    }
    const differing = differences('policy', policy, live);
    const sameExpressions = !differing.some((d) => d.attribute === 'USING' || d.attribute === 'WITH CHECK');
    const sameShape = differing.every((d) => d.attribute === 'USING' || d.attribute === 'WITH CHECK');
    const status = sameExpressions && sameShape ? 'pass' : 'fail';
    findings.push(
      makeFinding(ctx, {
        code: !sameExpressions ? 'RLS004' : !sameShape ? 'RLS005' : 'RLS002',
        object,
        status,
        title: status === 'pass' ? `${object}: FOR ${policy.command}, as specified` : undefined,
        expected: describePolicy(policy),
        actual: describePolicy(live),
        evidence: policiesEvidence,
        fix: ['fix/replace_policy', fixVars],
      }),
    );
  }
  for (const extra of actualPolicies.filter((p) => !specPolicies.some((s) => s.name === p.name))) {
    findings.push(
      makeFinding(ctx, {
        code: 'RLS003',
        object: `${relation}.${extra.name}`,
        // A restrictive policy can only narrow access; a permissive one ORs in more rows.
        status: extra.permissive ? 'fail' : 'warn',
        expected: `only the spec’s ${specPolicies.length} policies on ${relation}`,
        actual: describePolicy(extra),
        evidence: policiesEvidence,
        fix: ['fix/drop_policy', { policy: extra.name, relation }],
      }),
    );
  }
  return findings;
}

/**
 * Seed 003's category F: policies the migrations put on a platform's table (Supabase's
 * storage.objects), compared where the database has it; nothing to judge where it has none.
 */
export function checkPlatformPolicies(ctx: CheckContext): Finding[] {
  const relations = [...new Set(ctx.expected.policies.map((p) => p.relation))].filter(
    (r) => !ctx.relations.includes(r),
  );
  return relations.flatMap((relation) => {
    if (!findRelation(ctx.actual.relations, relation)) return [];
    const vars = tableVars(relation);
    const evidence = ['evidence/policies', { schema: vars.schema, table: vars.table }] as const;
    return comparePolicies(ctx, relation, expectedFor(ctx.expected.policies, relation), evidence);
  });
}

/**
 * RLS006: whether the policies filter the application's role at all: the role named with --as,
 * else the connection's (the URL comes from the application's own DATABASE_URL). A superuser
 * connection is an administrator's (Neon gives its users none): LNT011 says what that means.
 */
function applicationRole(ctx: CheckContext): Finding[] {
  const tables = ctx.relations
    .map((r) => findRelation(ctx.actual.relations, r))
    .filter((r): r is Relation => r?.rlsEnabled === true);
  const standings = ctx.actual.roleStandings ?? [];
  const given = standings.find((r) => !r.isConnection);
  const role = given ?? standings.find((r) => r.isConnection);
  if (!role || tables.length === 0 || (!given && role.superuser)) return [];
  const verdict = judgeStanding(role, tables, ctx.actual.rowPaths ?? []);
  const names = tables.map((t) => `${t.schema}.${t.name}`);
  const whose = given ? `${role.name}, the application's role (--as)` : `${role.name}, the role of this connection`;
  const owned = verdict.unfilteredOn.filter((t) => role.ownerOf.includes(t));
  const fix =
    !verdict.exists || role.superuser || role.bypassVia
      ? null
      : [
          ...(role.bypassRls ? [sql(ctx, 'fix/no_bypassrls', { role: role.name })] : []),
          ...owned.map((relation) => sql(ctx, 'fix/force_rls', { relation })),
        ].join('\n') || null;
  return [
    makeFinding(ctx, {
      code: 'RLS006',
      object: role.name,
      status: verdict.applies ? 'pass' : 'fail',
      title: verdict.applies
        ? `row-level security applies to ${whose}`
        : `row-level security does not apply to ${whose}${verdict.exists ? '' : ': no such role'}`,
      expected: `${role.name} filtered by the policies of ${names.join(', ')}: not a superuser, no BYPASSRLS, owner of none of them unless FORCE ROW LEVEL SECURITY`,
      actual: verdict.applies
        ? 'filtered on every table'
        : `${verdict.reasons.join('; ')}${verdict.remedies.length ? `. To make it apply: ${verdict.remedies.join('; ')}` : ''}${given ? '' : '. If the application connects as another role, verify --as that role'}`,
      evidence: ['evidence/role_standing', { role: role.name, tables: names }],
      fix,
    }),
  ];
}

/** RLS007: what auth.uid() is in a session that sets no user context: null, or a fixed user. */
function sessionWithoutContext(ctx: CheckContext): Finding[] {
  const uid = ctx.actual.functions.find((f) => f.schema === 'auth' && f.name === 'uid' && f.identityArgs === '');
  if (!uid) return [];
  const jwt = ctx.actual.functions.find((f) => f.schema === 'auth' && f.name === 'jwt' && f.identityArgs === '');
  const convention = readConvention(uid.body, jwt?.body ?? null);
  const standings = ctx.actual.roleStandings ?? [];
  const role = standings.find((r) => !r.isConnection) ?? standings.find((r) => r.isConnection);
  const fallback = sessionDefaultUser(convention, role?.loginSettings ?? []);
  const evidence = ['evidence/auth_context', { role: role?.name ?? ctx.actual.server.currentUser }] as const;
  return [
    makeFinding(ctx, {
      code: 'RLS007',
      object: 'auth.uid()',
      status: fallback ? 'fail' : convention.kind === 'unknown' ? 'warn' : 'pass',
      title: fallback
        ? `a session without user context acts as user ${fallback.user}: auth.uid() reads ${convention.description}`
        : convention.kind === 'unknown'
          ? 'cannot tell what a session without user context is: auth.uid() reads no setting the tool recognises'
          : `auth.uid() is null without user context: it reads ${convention.description}`,
      expected: 'auth.uid() null when no user context is set, so such a session sees and changes nothing',
      actual: fallback
        ? `${fallback.user}, from ${fallback.source}`
        : convention.kind === 'unknown'
          ? uid.body.trim()
          : 'null',
      evidence,
      fix: null,
    }),
  ];
}

export function describePolicy(
  policy: Pick<Policy, 'command' | 'permissive' | 'roles' | 'using' | 'withCheck'>,
): string {
  return [
    `AS ${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${policy.command} TO ${policy.roles.join(', ')}`,
    policy.using !== null ? `USING ${normalizeExpression(policy.using)}` : '',
    policy.withCheck !== null ? `WITH CHECK ${normalizeExpression(policy.withCheck)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Template values for CREATE POLICY from a catalog policy (expressions are catalog text, not input). */
export function policyFixVars(relation: string, policy: Policy): Record<string, string> {
  const clauses = [
    policy.using !== null ? `\n  USING (${policy.using})` : '',
    policy.withCheck !== null ? `\n  WITH CHECK (${policy.withCheck})` : '',
  ].join('');
  return {
    policy: policy.name,
    relation,
    permissive: policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE',
    command: policy.command,
    roles: policy.roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', '),
    clauses,
  };
}
