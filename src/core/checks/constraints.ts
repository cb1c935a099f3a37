/**
 * PK, UNIQUE, CHECK and FK of the 0024 tables. Matched by meaning (kind and columns), not by
 * name: Postgres names inline constraints itself and a database built by hand names them otherwise.
 */
import type { Code } from '../codes.js';
import { describeDifferences, differences } from '../diff.js';
import type { Finding } from '../finding.js';
import type { Constraint } from '../snapshot.js';
import { normalizeExpression } from '../sqltext.js';
import { blockedByTable, type CheckContext, expectedFor, makeFinding, tableVars } from './context.js';
import { findRelation } from './tables.js';

/** A CHECK on now() holds when a row is written, not later: existing rows are not re-checked. */
export const VOLATILE_CALL =
  /\b(now|clock_timestamp|statement_timestamp|timeofday|random|current_timestamp|localtimestamp)\b/i;

/** The attributes that say where a foreign key points and what a delete there does. */
const FOREIGN_KEY_TARGET = ['referenced table', 'referenced columns', 'ON DELETE'];

const KIND_CODE: Partial<Record<Constraint['kind'], Code>> = {
  'primary key': 'CON001',
  unique: 'CON002',
  check: 'CON003',
  'foreign key': 'CON004',
};

export function checkConstraints(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const tableExists = findRelation(ctx.actual.relations, relation) !== undefined;
    const actual = expectedFor(ctx.actual.constraints, relation);
    const vars = tableVars(relation);
    const evidence = ['evidence/constraints', { schema: vars.schema, table: vars.table }] as const;
    for (const spec of expectedFor(ctx.expected.constraints, relation)) {
      const code = KIND_CODE[spec.kind];
      if (!code) continue;
      const object = `${relation}.${spec.name}`;
      if (!tableExists) {
        findings.push(
          makeFinding(ctx, {
            code,
            object,
            status: 'blocked',
            title: `${spec.kind} ${object} cannot exist: table ${relation} missing`,
            expected: spec.definition,
            actual: `table ${relation} does not exist`,
            evidence,
            blockedBy: blockedByTable(ctx),
          }),
        );
        continue;
      }
      const found = match(spec, actual);
      if (!found) {
        const sameName = actual.find((c) => c.name === spec.name);
        findings.push(
          makeFinding(ctx, {
            code,
            object,
            status: 'fail',
            title: sameName ? `${spec.kind} differs: ${object}` : `${spec.kind} missing: ${object} ${spec.definition}`,
            expected: spec.definition,
            actual: sameName ? sameName.definition : 'no such constraint',
            evidence,
            fix: sameName
              ? [
                  'fix/replace_constraint',
                  { relation, existing: sameName.name, constraint: spec.name, definition: spec.definition },
                ]
              : [
                  spec.kind === 'check' && VOLATILE_CALL.test(spec.definition)
                    ? 'fix/add_constraint_not_valid'
                    : 'fix/add_constraint',
                  { relation, constraint: spec.name, definition: spec.definition },
                ],
          }),
        );
        continue;
      }
      const differing = differences('constraint', spec, found);
      const target = differing.filter((d) => FOREIGN_KEY_TARGET.includes(d.attribute));
      // A constraint that differs is replaced by the intended one, whichever attribute differs.
      const replaced = (code: 'CON005' | 'CON007', title: string) =>
        makeFinding(ctx, {
          code,
          object,
          status: 'fail',
          title,
          expected: spec.definition,
          actual: found.definition,
          evidence,
          fix: [
            'fix/replace_constraint',
            { relation, existing: found.name, constraint: spec.name, definition: spec.definition },
          ],
        });
      if (target.length > 0) {
        findings.push(
          replaced(
            'CON005',
            `foreign key differs: ${object}: ${found.fkTarget} ON DELETE ${(found.onDelete ?? '').toUpperCase()}, expected ${spec.fkTarget} ON DELETE ${(spec.onDelete ?? '').toUpperCase()}`,
          ),
        );
        continue;
      }
      const otherwise = differing.filter((d) => d.attribute !== 'validated');
      if (otherwise.length > 0) {
        findings.push(
          replaced('CON007', `constraint definition differs: ${object}: ${describeDifferences(otherwise)}`),
        );
        continue;
      }
      if (!found.validated) {
        findings.push(
          makeFinding(ctx, {
            code: 'CON006',
            object,
            status: 'warn',
            expected: `${spec.definition} (validated)`,
            actual: `${found.definition} NOT VALID`,
            evidence,
            fix: ['fix/validate_constraint', { relation, constraint: found.name }],
          }),
        );
        continue;
      }
      findings.push(
        makeFinding(ctx, {
          code,
          object,
          status: 'pass',
          title: `${object}: ${found.definition}${found.name !== spec.name ? ` (named ${found.name})` : ''}`,
          expected: spec.definition,
          actual: found.definition,
          evidence,
        }),
      );
    }
  }
  return findings;
}

/** The actual constraint that plays the spec's part: same kind and columns, and for CHECK the same expression. */
function match(spec: Constraint, actual: readonly Constraint[]): Constraint | undefined {
  const sameKind = actual.filter((c) => c.kind === spec.kind);
  if (spec.kind === 'check') {
    const expression = normalizeExpression(spec.definition);
    return sameKind.find((c) => normalizeExpression(c.definition.replace(/ NOT VALID$/, '')) === expression);
  }
  const columns = spec.columns.join();
  return sameKind.find((c) => c.columns.join() === columns);
}
