/**
 * The 15 named indexes of 0024 (constraint-backed ones are the constraint check's): by name with
 * their definition (columns, order, predicate); the same definition under another name is a rename.
 */

import { describeDifferences, differences } from '../diff.js';
import type { Finding } from '../finding.js';
import { creatableIndex, indexShape } from '../sqltext.js';
import { blockedByTable, type CheckContext, expectedFor, makeFinding, tableVars } from './context.js';
import { findRelation } from './tables.js';

export function checkIndexes(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const tableExists = findRelation(ctx.actual.relations, relation) !== undefined;
    const vars = tableVars(relation);
    const evidence = ['evidence/indexes', { schema: vars.schema, table: vars.table }] as const;
    const actual = expectedFor(ctx.actual.indexes, relation);
    for (const spec of expectedFor(ctx.expected.indexes, relation).filter((i) => i.constraint === null)) {
      const object = `${vars.schema}.${spec.name}`;
      const expectedShape = indexShape(spec.definition, spec.name);
      if (!tableExists) {
        findings.push(
          makeFinding(ctx, {
            code: 'IDX001',
            object,
            status: 'blocked',
            title: `index ${object} cannot exist: table ${relation} missing`,
            expected: spec.definition,
            actual: `table ${relation} does not exist`,
            evidence,
            blockedBy: blockedByTable(ctx),
          }),
        );
        continue;
      }
      const byName = actual.find((i) => i.name === spec.name);
      if (byName) {
        const differing = differences('index', spec, byName);
        const shape = differing.filter((d) => d.attribute !== 'valid');
        findings.push(
          makeFinding(ctx, {
            code: shape.length > 0 ? 'IDX002' : differing.length > 0 ? 'IDX004' : 'IDX001',
            object,
            status: differing.length === 0 ? 'pass' : 'fail',
            title:
              differing.length === 0
                ? `${object}: ${describe(spec.definition)}`
                : shape.length > 0
                  ? `index definition differs: ${object}: ${describeDifferences(shape)}`
                  : undefined,
            expected: spec.definition,
            actual: `${byName.definition}${byName.valid ? '' : ' (INVALID)'}`,
            evidence,
            fix: ['fix/replace_index', { index: object, definition: creatableIndex(spec.definition) }],
          }),
        );
        continue;
      }
      // A rename is an index of the same shape whose own name is not one of the spec's.
      const renamed = actual.find(
        (i) =>
          indexShape(i.definition, i.name) === expectedShape && !ctx.expected.indexes.some((s) => s.name === i.name),
      );
      findings.push(
        renamed
          ? makeFinding(ctx, {
              code: 'IDX003',
              object,
              status: 'warn',
              title: `index present under another name: ${object} is ${vars.schema}.${renamed.name}`,
              expected: spec.definition,
              actual: renamed.definition,
              evidence,
              fix: ['fix/rename_index', { index: `${vars.schema}.${renamed.name}`, name: spec.name }],
            })
          : makeFinding(ctx, {
              code: 'IDX001',
              object,
              status: 'fail',
              expected: spec.definition,
              actual: 'no index with this name or definition',
              evidence,
              fix: ['fix/create_index', { definition: creatableIndex(spec.definition) }],
            }),
      );
    }
  }
  return findings;
}

/** "… USING btree (org_id, updated_at DESC) WHERE (completed_at IS NULL)" → "(org_id, updated_at DESC) WHERE …" */
function describe(definition: string): string {
  const at = definition.indexOf(' USING ');
  return at < 0 ? definition : definition.slice(at + 1);
}
