/**
 * What the seeds did not think of, modelled on Supabase's splinter. Warnings with fix SQL, on the
 * 0024 objects that exist (a missing object is the other checks' business).
 */
import type { Finding } from '../finding.js';
import type { Index, Policy } from '../snapshot.js';
import { indexShape, normalizeExpression } from '../sqltext.js';
import { count } from '../words.js';
import { VOLATILE_CALL } from './constraints.js';
import { type CheckContext, expectedFor, makeFinding, sql, tableVars } from './context.js';
import { policyFixVars } from './rls.js';
import { findRelation } from './tables.js';

/** auth.uid() called bare (not as an initplan "(SELECT auth.uid())"). pg_get_expr prints the initplan as "( SELECT auth.uid() AS uid)". */
const PER_ROW_UID = /(?<!SELECT )auth\.uid\(\)/;

export function checkLints(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const table = findRelation(ctx.actual.relations, relation);
    if (!table || table.kind === 'view' || table.kind === 'foreign') continue;
    const vars = tableVars(relation);
    const policies = expectedFor(ctx.actual.policies, relation);
    const indexes = ctx.actual.indexes.filter((i) => i.relation === relation);
    const policiesEvidence = ['evidence/policies', { schema: vars.schema, table: vars.table }] as const;

    const perRow = policies.filter((p) => PER_ROW_UID.test(p.using ?? '') || PER_ROW_UID.test(p.withCheck ?? ''));
    findings.push(
      makeFinding(ctx, {
        code: 'LNT001',
        object: relation,
        status: perRow.length === 0 ? 'pass' : 'warn',
        title:
          perRow.length === 0
            ? `${relation}: no policy calls auth.uid() per row`
            : `auth.uid() evaluated per row in ${perRow.length} ${perRow.length === 1 ? 'policy' : 'policies'} on ${relation}`,
        expected: 'auth.uid() wrapped as (SELECT auth.uid()) so it runs once per statement',
        actual: perRow.length === 0 ? 'none' : perRow.map((p) => p.name).join(', '),
        evidence: policiesEvidence,
        fix:
          perRow.length === 0
            ? null
            : perRow.map((p) => sql(ctx, 'fix/replace_policy', initPlanVars(relation, p))).join('\n'),
      }),
    );

    findings.push(...duplicateIndexes(ctx, relation, indexes));
    findings.push(...unindexedForeignKeys(ctx, relation, indexes));

    for (const check of expectedFor(ctx.actual.constraints, relation).filter((c) => c.kind === 'check')) {
      if (!VOLATILE_CALL.test(check.definition)) continue;
      findings.push(
        makeFinding(ctx, {
          code: 'LNT005',
          object: `${relation}.${check.name}`,
          status: 'warn',
          expected: 'CHECK constraints that depend only on the row',
          actual: check.definition,
          evidence: ['evidence/constraints', { schema: vars.schema, table: vars.table }],
          fix: null,
          impact:
            'Postgres assumes CHECKs are immutable: once a row expires it can no longer be updated, and pg_restore of a dump with expired rows fails. The spec has it; enforce expiry in queries or a BEFORE INSERT trigger if you change the spec.',
        }),
      );
    }

    if (table.rlsEnabled) {
      findings.push(
        makeFinding(ctx, {
          code: 'LNT006',
          object: relation,
          status: table.rlsForced ? 'pass' : 'warn',
          title: table.rlsForced ? `${relation}: RLS forced for the owner too` : undefined,
          expected: 'FORCE ROW LEVEL SECURITY, so the owner is filtered too',
          actual: table.rlsForced ? 'forced' : `not forced: ${table.owner} (owner) sees every row`,
          evidence: ['evidence/relation', { name: vars.table }],
          fix: ['fix/force_rls', { relation }],
        }),
      );
      if (policies.length === 0) {
        findings.push(
          makeFinding(ctx, {
            code: 'LNT008',
            object: relation,
            status: 'warn',
            expected: 'policies for the commands the application runs',
            actual: 'RLS enabled, no policies',
            evidence: policiesEvidence,
            fix: null,
          }),
        );
      }
    } else if (policies.length > 0) {
      findings.push(
        makeFinding(ctx, {
          code: 'LNT009',
          object: relation,
          status: 'warn',
          expected: 'RLS enabled where policies exist',
          actual: `${count(policies.length, 'policy', 'policies')}, RLS disabled`,
          evidence: policiesEvidence,
          fix: ['fix/enable_rls', { relation }],
        }),
      );
    }

    for (const policy of policies) {
      const alwaysTrue = [policy.using, policy.withCheck].some((e) => normalizeExpression(e) === 'true');
      if (!alwaysTrue) continue;
      findings.push(
        makeFinding(ctx, {
          code: 'LNT007',
          object: `${relation}.${policy.name}`,
          status: 'warn',
          expected: 'a policy that filters by organization',
          actual: `USING ${policy.using ?? '—'} WITH CHECK ${policy.withCheck ?? '—'}`,
          evidence: policiesEvidence,
          fix: null,
        }),
      );
    }

    findings.push(...overlappingPermissive(ctx, relation, policies));
  }
  findings.push(...mutableSearchPath(ctx), bypassingSession(ctx));
  return findings;
}

function initPlanVars(relation: string, policy: Policy): Record<string, string> {
  const wrap = (e: string | null) =>
    e === null ? null : e.replace(new RegExp(PER_ROW_UID.source, 'g'), '(SELECT auth.uid())');
  return policyFixVars(relation, { ...policy, using: wrap(policy.using), withCheck: wrap(policy.withCheck) });
}

/** Same method, columns, order and predicate; uniqueness aside. The one to keep is the constraint's. */
function duplicateIndexes(ctx: CheckContext, relation: string, indexes: readonly Index[]): Finding[] {
  const findings: Finding[] = [];
  const shape = (i: Index) => indexShape(i.definition, i.name).replace('CREATE UNIQUE INDEX', 'CREATE INDEX');
  const { schema, table } = tableVars(relation);
  for (const index of indexes) {
    if (index.constraint !== null) continue;
    const twin = indexes.find(
      (other) =>
        other !== index &&
        shape(other) === shape(index) &&
        (other.constraint !== null || other.unique || other.name < index.name),
    );
    if (!twin || (index.unique && !twin.unique)) continue;
    findings.push(
      makeFinding(ctx, {
        code: 'LNT002',
        object: `${schema}.${index.name}`,
        status: 'warn',
        title: `duplicate index: ${schema}.${index.name} repeats ${twin.name}`,
        expected: 'one index per column list',
        actual: `${index.definition}\n${twin.definition}`,
        evidence: ['evidence/indexes', { schema, table }],
        fix: ['fix/drop_index', { index: `${schema}.${index.name}` }],
        impact: `Every write maintains both; ${twin.name} already serves every query ${index.name} would. If the name is the spec’s, dropping it makes verify report it missing: decide against the spec.`,
      }),
    );
  }
  return findings;
}

function unindexedForeignKeys(ctx: CheckContext, relation: string, indexes: readonly Index[]): Finding[] {
  const { schema, table } = tableVars(relation);
  return expectedFor(ctx.actual.constraints, relation)
    .filter((c) => c.kind === 'foreign key')
    .map((fk) => {
      const leading = indexes.find((i) => fk.columns.every((column, n) => i.columns[n] === column));
      return makeFinding(ctx, {
        code: 'LNT003',
        object: `${relation}.${fk.columns.join('_')}`,
        status: leading ? 'pass' : 'warn',
        title: leading
          ? `${relation}(${fk.columns.join(', ')}) → ${fk.fkTarget}: indexed by ${leading.name}`
          : `unindexed foreign key: ${relation}(${fk.columns.join(', ')}) → ${fk.fkTarget}`,
        expected: `an index leading with (${fk.columns.join(', ')})`,
        actual: leading ? leading.name : 'none',
        evidence: ['evidence/unindexed_fk', { schema, table }],
        fix: [
          'fix/create_fk_index',
          { name: `idx_${table}_${fk.columns.join('_')}`, relation, columns: fk.columns.join(', ') },
        ],
      });
    });
}

function overlappingPermissive(ctx: CheckContext, relation: string, policies: readonly Policy[]): Finding[] {
  const findings: Finding[] = [];
  const { schema, table } = tableVars(relation);
  for (const command of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
    const applying = policies.filter((p) => p.permissive && (p.command === command || p.command === 'ALL'));
    const byRole = new Map<string, string[]>();
    for (const p of applying) for (const role of p.roles) byRole.set(role, [...(byRole.get(role) ?? []), p.name]);
    for (const [role, names] of byRole) {
      if (names.length < 2) continue;
      findings.push(
        makeFinding(ctx, {
          code: 'LNT010',
          object: `${relation} ${command} ${role}`,
          status: 'warn',
          expected: `one permissive ${command} policy for ${role}`,
          actual: names.join(', '),
          evidence: ['evidence/policies', { schema, table }],
          fix: null,
        }),
      );
    }
  }
  return findings;
}

function mutableSearchPath(ctx: CheckContext): Finding[] {
  const names = new Set(ctx.expected.functions.map((f) => `${f.schema}.${f.name}`));
  return ctx.actual.functions
    .filter((f) => names.has(`${f.schema}.${f.name}`))
    .map((f) => {
      const signature = `${f.schema}.${f.name}(${f.identityArgs})`;
      const pinned = (f.config ?? []).some((setting) => setting.startsWith('search_path='));
      return makeFinding(ctx, {
        code: 'LNT004',
        object: signature,
        status: pinned ? 'pass' : 'warn',
        title: pinned ? `${signature}: search_path pinned` : `function without a fixed search_path: ${signature}`,
        expected: 'SET search_path on the function',
        actual: pinned ? (f.config ?? []).join(', ') : 'inherits the caller’s search_path',
        evidence: ['evidence/function', { schema: f.schema, name: f.name }],
        fix: ['fix/set_search_path', { signature }],
      });
    });
}

function bypassingSession(ctx: CheckContext): Finding {
  const { server } = ctx.actual;
  const bypass = server.superuser || server.bypassRls;
  return makeFinding(ctx, {
    code: 'LNT011',
    object: server.currentUser,
    status: bypass ? 'warn' : 'pass',
    title: bypass
      ? `session bypasses RLS: ${server.currentUser} is ${server.superuser ? 'superuser' : 'BYPASSRLS'}`
      : `${server.currentUser} does not bypass RLS`,
    expected: 'verify as a role without SUPERUSER or BYPASSRLS to see what the application sees',
    actual: `${server.currentUser}: superuser ${server.superuser}, bypassrls ${server.bypassRls}`,
    evidence: ['evidence/server', {}],
    fix: null,
  });
}
