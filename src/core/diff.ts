/**
 * One comparison of an intended object with the live one, for every kind of object the catalog
 * query reads: every attribute it holds, not a chosen few (migra's and Atlas' way). The built-in
 * 0024 checks and a migration set's checks decide pass or fail by it and name what differs.
 */

import { rowsWhere } from './lookup.js';
import type { Column, Constraint, DbFunction, EnumType, Grant, Index, Policy, Relation, Trigger } from './snapshot.js';
import { indexShape, normalizeBody, normalizeExpression, normalizeType } from './sqltext.js';

export interface AttributeDifference {
  readonly attribute: string;
  readonly expected: string;
  readonly actual: string;
}

interface Attribute<T> {
  readonly name: string;
  /** as a person reads it; undefined when the snapshot was taken before the attribute was read */
  readonly show: (object: T) => string | undefined;
  /** the form compared, where it is not `show` (whitespace, qualifiers and spelling that do not matter) */
  readonly compare?: (object: T) => string | undefined;
  /** compared only when no other attribute differs: the whole definition, for what the parts do not name */
  readonly residual?: boolean;
}

interface Objects {
  readonly relation: Relation;
  readonly column: Column;
  readonly constraint: Constraint;
  readonly index: Index;
  readonly policy: Policy;
  readonly function: DbFunction;
  readonly trigger: Trigger;
  readonly enum: EnumType;
}
export type ObjectKind = keyof Objects;

const yesNo = (value: boolean | undefined, word: string) =>
  value === undefined ? undefined : value ? word : `not ${word}`;
const orNone = (value: string | null | undefined) => (value === undefined ? undefined : (value ?? 'none'));
const list = (values: readonly string[] | undefined) =>
  values === undefined ? undefined : values.length === 0 ? 'none' : values.join(', ');
const expression = (value: string | null | undefined) =>
  value === undefined ? undefined : (normalizeExpression(value) ?? 'none');

/** "CHECK (…) NOT VALID" and "… DEFERRABLE INITIALLY DEFERRED": their own attributes, not the definition's. */
const constraintBody = (c: Constraint) =>
  normalizeExpression(
    c.definition.replace(/ NOT VALID$/, '').replace(/ (NOT )?DEFERRABLE( INITIALLY (DEFERRED|IMMEDIATE))?/, ''),
  ) ?? '';

/** "… USING btree (a, b DESC) INCLUDE (c) WHERE …" → "(a, b DESC) INCLUDE (c)" */
const indexColumns = (i: Index) => {
  const using = i.definition.match(/ USING \w+ (.*?)(?: WHERE .*)?$/);
  return using?.[1] ?? i.definition;
};

const enabledState = (t: Trigger) =>
  t.enabled === 'origin' || t.enabled === 'always' ? 'enabled' : t.enabled === 'replica' ? 'replica only' : 'disabled';

const ATTRIBUTES: { readonly [K in ObjectKind]: readonly Attribute<Objects[K]>[] } = {
  relation: [
    { name: 'kind', show: (r) => r.kind },
    { name: 'partition key', show: (r) => orNone(r.partitionKey) },
    { name: 'partition bound', show: (r) => orNone(r.partitionBound) },
    { name: 'row-level security', show: (r) => (r.rlsEnabled ? 'enabled' : 'disabled') },
    { name: 'replica identity', show: (r) => r.replicaIdentity },
    { name: 'publications', show: (r) => list(r.publications) },
  ],
  column: [
    { name: 'type', show: (c) => c.type, compare: (c) => normalizeType(c.type) },
    { name: 'collation', show: (c) => orNone(c.collation) },
    {
      name: 'default',
      show: (c) => orNone(c.generated ? null : c.default),
      compare: (c) => expression(c.generated ? null : c.default),
    },
    { name: 'nullability', show: (c) => (c.notNull ? 'NOT NULL' : 'nullable') },
    { name: 'identity', show: (c) => orNone(c.identity) },
    {
      name: 'generated',
      show: (c) => (c.generated === undefined ? undefined : c.generated ? `${c.generated} (${c.default})` : 'none'),
      compare: (c) =>
        c.generated === undefined ? undefined : c.generated ? `${c.generated} ${expression(c.default)}` : 'none',
    },
  ],
  constraint: [
    { name: 'kind', show: (c) => c.kind },
    { name: 'columns', show: (c) => list(c.columns) },
    { name: 'referenced table', show: (c) => orNone(c.fkTarget), compare: (c) => expression(c.fkTarget) },
    { name: 'referenced columns', show: (c) => list(c.fkTargetColumns) },
    { name: 'ON DELETE', show: (c) => orNone(c.onDelete) },
    { name: 'deferrable', show: (c) => yesNo(c.deferrable, 'deferrable') },
    { name: 'initially deferred', show: (c) => yesNo(c.deferred, 'initially deferred') },
    { name: 'validated', show: (c) => yesNo(c.validated, 'validated') },
    { name: 'definition', show: (c) => c.definition, compare: constraintBody, residual: true },
  ],
  index: [
    { name: 'method', show: (i) => i.method },
    { name: 'columns', show: indexColumns, compare: (i) => normalizeExpression(indexColumns(i)) ?? '' },
    { name: 'predicate', show: (i) => orNone(i.predicate), compare: (i) => expression(i.predicate) },
    { name: 'unique', show: (i) => yesNo(i.unique, 'unique') },
    { name: 'valid', show: (i) => yesNo(i.valid, 'valid') },
    {
      name: 'definition',
      show: (i) => i.definition,
      compare: (i) => normalizeExpression(indexShape(i.definition, i.name)) ?? '',
      residual: true,
    },
  ],
  policy: [
    { name: 'command', show: (p) => p.command },
    { name: 'mode', show: (p) => (p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE') },
    { name: 'roles', show: (p) => [...p.roles].sort().join(', ') },
    { name: 'USING', show: (p) => orNone(p.using), compare: (p) => expression(p.using) },
    { name: 'WITH CHECK', show: (p) => orNone(p.withCheck), compare: (p) => expression(p.withCheck) },
  ],
  function: [
    {
      name: 'arguments',
      show: (f) => f.arguments ?? f.identityArgs,
      compare: (f) => normalizeType(f.arguments ?? f.identityArgs),
    },
    { name: 'result', show: (f) => f.returns, compare: (f) => normalizeType(f.returns) },
    { name: 'language', show: (f) => f.language },
    { name: 'volatility', show: (f) => f.volatility.toUpperCase() },
    {
      name: 'strictness',
      show: (f) => (f.strict === undefined ? undefined : f.strict ? 'STRICT' : 'CALLED ON NULL INPUT'),
    },
    { name: 'security', show: (f) => (f.securityDefiner ? 'SECURITY DEFINER' : 'SECURITY INVOKER') },
    { name: 'leakproof', show: (f) => yesNo(f.leakproof, 'LEAKPROOF') },
    { name: 'parallel', show: (f) => (f.parallel === undefined ? undefined : `PARALLEL ${f.parallel.toUpperCase()}`) },
    { name: 'settings', show: (f) => list(f.config ?? []), compare: (f) => list([...(f.config ?? [])].sort()) },
    { name: 'body', show: (f) => f.body.trim(), compare: (f) => normalizeBody(f.body) },
  ],
  trigger: [
    { name: 'timing', show: (t) => t.timing },
    { name: 'events', show: (t) => t.events.join(' OR ') },
    { name: 'UPDATE OF', show: (t) => list(t.updateOf) },
    { name: 'level', show: (t) => `FOR EACH ${t.level}` },
    { name: 'WHEN', show: (t) => orNone(t.when), compare: (t) => expression(t.when) },
    { name: 'function', show: (t) => `${t.function}()`, compare: (t) => normalizeType(t.function) },
    { name: 'arguments', show: (t) => list(t.arguments) },
    { name: 'enabled', show: enabledState },
    {
      name: 'definition',
      show: (t) => t.definition,
      compare: (t) => normalizeExpression(t.definition.replace(/^CREATE (CONSTRAINT )?TRIGGER \S+ /, '')) ?? '',
      residual: true,
    },
  ],
  enum: [{ name: 'labels', show: (e) => e.labels.join(', ') }],
};

/** The attributes of `actual` that differ from `expected`, in a fixed order; empty when it is as intended. */
export function differences<K extends ObjectKind>(
  kind: K,
  expected: Objects[K],
  actual: Objects[K],
): AttributeDifference[] {
  const found: AttributeDifference[] = [];
  const attributes = ATTRIBUTES[kind] as readonly Attribute<Objects[K]>[];
  for (const attribute of attributes) {
    if (attribute.residual && found.length > 0) continue;
    const read = attribute.compare ?? attribute.show;
    const want = read(expected);
    const have = read(actual);
    if (want === undefined || have === undefined || want === have) continue;
    found.push({
      attribute: attribute.name,
      expected: attribute.show(expected) ?? '',
      actual: attribute.show(actual) ?? '',
    });
  }
  return found;
}

/** "type: text, expected character varying(50); default: none, expected 'x'::text" */
export function describeDifferences(found: readonly AttributeDifference[]): string {
  return found.map((d) => `${d.attribute}: ${d.actual}, expected ${d.expected}`).join('; ');
}

/** What each side says of the differing attributes, one line each, for a finding's expected / actual. */
export function sides(found: readonly AttributeDifference[]): { expected: string; actual: string } {
  return {
    expected: found.map((d) => `${d.attribute}: ${d.expected}`).join('\n'),
    actual: found.map((d) => `${d.attribute}: ${d.actual}`).join('\n'),
  };
}

export interface PrivilegeDifference {
  readonly grantee: string;
  readonly missing: readonly string[];
  /** privileges the intended state does not give: seed 003's over-permissive grants */
  readonly extra: readonly string[];
}

/** The grants on one object (a relation, "schema.name(arguments)" of a function, a schema). */
export const grantsOn = (grants: readonly Grant[], object: string): readonly Grant[] =>
  rowsWhere(grants, 'object', (g) => g.object, object);

/** Privileges on `object` per grantee in `grantees`, intended against live; only grantees whose privileges differ. */
export function privilegeDifferences(
  expected: readonly Grant[],
  actual: readonly Grant[],
  object: string,
  grantees: readonly string[],
): PrivilegeDifference[] {
  const held = (grants: readonly Grant[], grantee: string) =>
    new Set(
      grantsOn(grants, object)
        .filter((g) => g.grantee === grantee)
        .flatMap((g) => g.privileges),
    );
  return grantees.flatMap((grantee) => {
    const want = held(expected, grantee);
    const have = held(actual, grantee);
    const missing = [...want].filter((p) => !have.has(p)).sort();
    const extra = [...have].filter((p) => !want.has(p)).sort();
    return missing.length + extra.length === 0 ? [] : [{ grantee, missing, extra }];
  });
}
