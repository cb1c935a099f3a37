/**
 * RLS on the 3 tables and the 12 policies by name: command, roles, mode, and USING / WITH CHECK
 * compared as normalised expressions. Missing, extra and divergent policies are named.
 */
import type { Finding } from '../finding.js';
import type { Policy } from '../snapshot.js';
import { normalizeExpression, quoteIdent } from '../sqltext.js';
import { findRelation } from './tables.js';
import { MIGRATION_RELATIONS, blockedByTable, expectedFor, makeFinding, tableVars, type CheckContext } from './context.js';

export function checkRls(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of MIGRATION_RELATIONS) {
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
        status: found.rlsEnabled ? 'pass' : 'fail',
        title: found.rlsEnabled ? `${relation}: row-level security enabled${found.rlsForced ? ' and forced' : ''}` : undefined,
        expected: 'ENABLE ROW LEVEL SECURITY',
        actual: found.rlsEnabled ? `enabled${found.rlsForced ? ', forced' : ''}` : 'disabled',
        evidence: ['evidence/relation', { name: vars.table }],
        fix: ['fix/enable_rls', { relation }],
      }),
    );
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
      const sameExpressions =
        normalizeExpression(live.using) === normalizeExpression(policy.using) &&
        normalizeExpression(live.withCheck) === normalizeExpression(policy.withCheck);
      const sameShape =
        live.command === policy.command && live.permissive === policy.permissive && live.roles.join() === policy.roles.join();
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
  }
  return findings;
}

export function describePolicy(policy: Pick<Policy, 'command' | 'permissive' | 'roles' | 'using' | 'withCheck'>): string {
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
