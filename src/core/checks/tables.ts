/** The 3 tables of 0024: kind, and every column's type, nullability and default. */

import { describeDifferences, differences, sides } from '../diff.js';
import type { Finding } from '../finding.js';
import { rowsWhere } from '../lookup.js';
import type { ExpectedState } from '../manifest.js';
import type { Column, Constraint, Relation } from '../snapshot.js';
import { normalizeType, quoteIdent } from '../sqltext.js';
import { absentStatus, type CheckContext, expectedFor, makeFinding, tableVars } from './context.js';

export function findRelation(relations: readonly Relation[], qualifiedName: string): Relation | undefined {
  return rowsWhere(relations, 'top-level name', topLevelName, qualifiedName)[0];
}

/** A relation's "schema.name", for those that are not a partition (a partition is judged under its parent). */
const topLevelName = (r: Relation) => (r.partitionOf === null ? `${r.schema}.${r.name}` : null);

export function checkTables(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const spec = findRelation(ctx.expected.relations, relation);
    if (!spec) continue;
    const found = findRelation(ctx.actual.relations, relation);
    const vars = tableVars(relation);
    if (!found) {
      findings.push(
        makeFinding(ctx, {
          code: 'TBL001',
          object: relation,
          status: absentStatus(ctx),
          expected: `${spec.kind === 'partitioned' ? 'partitioned table' : 'table'} ${relation}`,
          actual: 'does not exist',
          evidence: ['evidence/relation', { name: vars.table }],
          fix: ['fix/create_table', createTableValues(ctx.expected, relation)],
        }),
      );
      continue;
    }
    const kindOk = found.kind === spec.kind;
    findings.push(
      makeFinding(ctx, {
        code: kindOk ? 'TBL001' : 'TBL007',
        object: relation,
        status: kindOk ? 'pass' : 'fail',
        title: kindOk ? `${relation}: present (${found.kind})` : undefined,
        expected: spec.kind === 'partitioned' ? `partitioned table (${spec.partitionKey})` : 'table',
        actual: found.kind === 'partitioned' ? `partitioned table (${found.partitionKey})` : found.kind,
        evidence: ['evidence/relation', { name: vars.table }],
        fix: null,
        impact: kindOk
          ? undefined
          : 'Rebuilding it is a severe step: its rows must be exported first (see the remediation plan).',
      }),
    );
    if (found.kind === 'view' || found.kind === 'foreign') continue;
    findings.push(...checkColumns(ctx, relation));
  }
  return findings;
}

function checkColumns(ctx: CheckContext, relation: string): Finding[] {
  const findings: Finding[] = [];
  const specColumns = expectedFor(ctx.expected.columns, relation);
  const actualColumns = expectedFor(ctx.actual.columns, relation);
  const extra = actualColumns.filter((c) => !specColumns.some((s) => s.name === c.name));
  const vars = tableVars(relation);
  const evidence = ['evidence/columns', { schema: vars.schema, table: vars.table }] as const;
  for (const spec of specColumns) {
    const object = `${relation}.${spec.name}`;
    const found = actualColumns.find((c) => c.name === spec.name);
    if (!found) {
      // A column of the same type that the spec does not have is probably this one, renamed.
      const renamed = extra.find((c) => normalizeType(c.type) === normalizeType(spec.type));
      findings.push(
        makeFinding(ctx, {
          code: 'TBL002',
          object,
          status: 'fail',
          title: renamed
            ? `column missing: ${object} (${renamed.name} found where ${spec.name} is expected)`
            : undefined,
          expected: describeColumn(spec),
          actual: renamed ? `no ${spec.name}; ${describeColumn(renamed)} exists instead` : 'does not exist',
          evidence,
          fix: renamed
            ? ['fix/rename_column', { relation, from: renamed.name, to: spec.name }]
            : ['fix/add_column', { relation, column: spec.name, definition: describeColumn(spec) }],
        }),
      );
      continue;
    }
    const problems: Finding[] = [];
    const differing = differences('column', spec, found);
    const differs = (attribute: string) => differing.find((d) => d.attribute === attribute);
    if (differs('type')) {
      problems.push(
        makeFinding(ctx, {
          code: 'TBL004',
          object,
          status: 'fail',
          title: `column type differs: ${object}: ${found.type}, expected ${spec.type}`,
          expected: spec.type,
          actual: found.type,
          evidence,
          fix: ['fix/alter_column_type', { relation, column: spec.name, type: spec.type }],
        }),
      );
    }
    if (differs('nullability')) {
      problems.push(
        makeFinding(ctx, {
          code: 'TBL005',
          object,
          status: 'fail',
          title: `column nullability differs: ${object} is ${found.notNull ? 'NOT NULL' : 'nullable'}, expected ${spec.notNull ? 'NOT NULL' : 'nullable'}`,
          expected: spec.notNull ? 'NOT NULL' : 'nullable',
          actual: found.notNull ? 'NOT NULL' : 'nullable',
          evidence,
          fix: [spec.notNull ? 'fix/set_not_null' : 'fix/drop_not_null', { relation, column: spec.name }],
        }),
      );
    }
    if (differs('default')) {
      problems.push(
        makeFinding(ctx, {
          code: 'TBL006',
          object,
          status: 'fail',
          title: `column default differs: ${object}: ${found.default ?? 'no default'}, expected ${spec.default ?? 'no default'}`,
          expected: spec.default ?? 'no default',
          actual: found.default ?? 'no default',
          evidence,
          fix:
            spec.default === null
              ? ['fix/drop_default', { relation, column: spec.name }]
              : ['fix/set_default', { relation, column: spec.name, default: spec.default }],
        }),
      );
    }
    // Collation, identity and generation: changing any of them rewrites the column, a person decides how.
    const rest = differing.filter((d) => !['type', 'nullability', 'default'].includes(d.attribute));
    if (rest.length > 0) {
      problems.push(
        makeFinding(ctx, {
          code: 'TBL008',
          object,
          status: 'fail',
          title: `column definition differs: ${object}: ${describeDifferences(rest)}`,
          ...sides(rest),
          evidence,
          fix: null,
        }),
      );
    }
    findings.push(
      ...(problems.length > 0
        ? problems
        : [
            makeFinding(ctx, {
              code: 'TBL002',
              object,
              status: 'pass',
              title: `${object}: ${describeColumn(found)}`,
              expected: describeColumn(spec),
              actual: describeColumn(found),
              evidence,
            }),
          ]),
    );
  }
  for (const column of extra) {
    findings.push(
      makeFinding(ctx, {
        code: 'TBL003',
        object: `${relation}.${column.name}`,
        status: 'warn',
        expected: 'no such column in the intended state',
        actual: describeColumn(column),
        evidence,
        fix: null,
      }),
    );
  }
  return findings;
}

export function describeColumn(column: Column): string {
  const collation = column.collation ? ` COLLATE ${quoteIdent(column.collation)}` : '';
  const value =
    column.default === null
      ? ''
      : column.generated
        ? ` GENERATED ALWAYS AS (${column.default}) ${column.generated}`
        : ` DEFAULT ${column.default}`;
  const identity = column.identity ? ` GENERATED ${column.identity} AS IDENTITY` : '';
  return `${column.type}${collation}${column.notNull ? ' NOT NULL' : ''}${value}${identity}`;
}

/** Column list and constraints for CREATE TABLE, from the manifest (catalog text, never user input). */
export function createTableValues(expected: ExpectedState, relation: string): Record<string, string> {
  const spec = findRelation(expected.relations, relation);
  const columns = expectedFor(expected.columns, relation).map((c) => `${quoteIdent(c.name)} ${describeColumn(c)}`);
  const constraints = expectedFor(expected.constraints, relation).map(
    (c: Constraint) => `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`,
  );
  return {
    relation,
    body: [...columns, ...constraints].join(',\n  '),
    partitioning: spec?.partitionKey ? ` PARTITION BY ${spec.partitionKey}` : '',
  };
}
