/** Seed 002's grants to authenticated on the 3 tables and 5 functions; none to anon or PUBLIC. */
import type { Finding } from '../finding.js';
import type { Grant } from '../snapshot.js';
import { findRelation } from './tables.js';
import { MIGRATION_RELATIONS, blockedByTable, makeFinding, splitName, tableVars, type CheckContext } from './context.js';

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
          fix: ['fix/revoke_table', { privileges: extra.join(', '), relation, grantee: grantee === 'public' ? 'PUBLIC' : grantee }],
        }),
      );
    }
  }
  // auth.uid()'s EXECUTE is a prerequisite (PRQ011); these are 0024's own.
  for (const grant of ctx.expected.grants.filter((g) => g.objectKind === 'function' && g.grantee === GRANTEE && g.object.startsWith('public.'))) {
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
