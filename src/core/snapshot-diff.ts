/**
 * Drift between two environments: the same database (IS-SOH or SPP) of each, snapshot against
 * snapshot, object by object, not against 0024's manifest. An object present in one only is a
 * finding (DIF001); so is every attribute that differs (DIF002), whatever the attribute: each
 * kind of object says only how it is named, and the attributes are read from the objects
 * themselves, so an attribute the catalog query learns to read is compared without a word here.
 */
import { CODES } from './codes.js';
import type { DatabaseName, Finding, Group, Status } from './finding.js';
import type { Snapshot } from './snapshot.js';
import { splitQualified } from './snapshot.js';
import { renderSql, type TemplateValue } from './sqltext.js';

type Evidence = readonly [template: string, values: Readonly<Record<string, TemplateValue>>];

interface Kind {
  /** "column", "index", …: how a finding names the object */
  readonly noun: (object: Record<string, unknown>) => string;
  /** what names the object in both databases alike */
  readonly key: (object: Record<string, unknown>) => string;
  readonly group: (object: Record<string, unknown>) => Group;
  /** the query (sql/evidence) that shows the object, run on either database */
  readonly evidence: (object: Record<string, unknown>) => Evidence;
  /** statistics, not definitions: they differ between any two databases */
  readonly statistics?: readonly string[];
  /** where each environment points at its own servers: a difference is expected, said as a warning */
  readonly endpoints?: readonly string[];
}

const text = (value: unknown) => String(value);
const table = (relation: unknown) => {
  const { schema, name } = splitQualified(text(relation));
  return { schema, table: name };
};
const fixed =
  <T>(value: T) =>
  () =>
    value;

/** Every collection of a Snapshot that holds definitions, and how its objects are named. */
export const COMPARED: Readonly<Partial<Record<keyof Snapshot, Kind>>> = {
  schemas: {
    noun: fixed('schema'),
    key: (s) => text(s.name),
    group: fixed('topology'),
    evidence: (s) => ['evidence/schema', { schema: text(s.name) }],
  },
  relations: {
    noun: (r) => (r.partitionOf ? 'partition' : text(r.kind)),
    key: (r) => `${text(r.schema)}.${text(r.name)}`,
    group: (r) => (r.partitionOf ? 'partitions' : 'tables'),
    evidence: (r) => ['evidence/relation', { name: text(r.name) }],
    statistics: ['estimatedRows', 'sizeBytes'],
  },
  columns: {
    noun: fixed('column'),
    key: (c) => `${text(c.relation)}.${text(c.name)}`,
    group: fixed('tables'),
    evidence: (c) => ['evidence/columns', table(c.relation)],
  },
  constraints: {
    noun: (c) => `${text(c.kind)} constraint`,
    key: (c) => `${text(c.relation)}.${text(c.name)}`,
    group: fixed('constraints'),
    evidence: (c) => ['evidence/constraints', table(c.relation)],
  },
  indexes: {
    noun: fixed('index'),
    key: (i) => `${table(i.relation).schema}.${text(i.name)}`,
    group: fixed('indexes'),
    evidence: (i) => ['evidence/indexes', table(i.relation)],
  },
  policies: {
    noun: fixed('policy'),
    key: (p) => `${text(p.relation)}.${text(p.name)}`,
    group: fixed('rls'),
    evidence: (p) => ['evidence/policies', table(p.relation)],
  },
  functions: {
    noun: fixed('function'),
    key: (f) => `${text(f.schema)}.${text(f.name)}(${text(f.identityArgs)})`,
    group: fixed('functions'),
    evidence: (f) => ['evidence/function', { schema: text(f.schema), name: text(f.name) }],
  },
  triggers: {
    noun: fixed('trigger'),
    key: (t) => `${text(t.relation)}.${text(t.name)}`,
    group: fixed('functions'),
    evidence: (t) => ['evidence/triggers', table(t.relation)],
  },
  enums: {
    noun: fixed('enum type'),
    key: (e) => `${text(e.schema)}.${text(e.name)}`,
    group: fixed('enums'),
    evidence: (e) => ['evidence/enum', { schema: text(e.schema), name: text(e.name) }],
  },
  grants: {
    noun: (g) => `grant on ${text(g.objectKind)}`,
    key: (g) => `${text(g.object)} to ${text(g.grantee)}`,
    group: fixed('grants'),
    evidence: (g) => {
      if (g.objectKind === 'schema') return ['evidence/schema_grants', { schema: text(g.object) }];
      const { schema, name } = splitQualified(text(g.object));
      return g.objectKind === 'function'
        ? ['evidence/function_grants', { schema, name: name.replace(/\(.*$/, '') }]
        : ['evidence/table_grants', { schema, table: name }];
    },
  },
  roles: {
    noun: fixed('role'),
    key: (r) => text(r.name),
    group: fixed('prerequisites'),
    evidence: (r) => ['evidence/role', { role: text(r.name) }],
  },
  extensions: {
    noun: fixed('extension'),
    key: (e) => text(e.name),
    group: fixed('prerequisites'),
    evidence: fixed(['evidence/extensions', {}] as const),
  },
  foreignServers: {
    noun: fixed('foreign server'),
    key: (s) => text(s.name),
    group: fixed('topology'),
    evidence: fixed(['evidence/foreign_servers', {}] as const),
    endpoints: ['host', 'port', 'dbname'],
  },
  rowPaths: {
    noun: (p) => text(p.kind),
    key: (p) => text(p.relation),
    group: fixed('grants'),
    evidence: (p) => ['evidence/relation', { name: splitQualified(text(p.relation)).name }],
  },
  defaultPrivileges: {
    noun: fixed('default privilege'),
    key: (d) => `${text(d.role)} in ${d.schema === null ? 'every schema' : text(d.schema)} to ${text(d.grantee)}`,
    group: fixed('grants'),
    evidence: (d) => ['evidence/default_privileges', { schema: d.schema === null ? 'public' : text(d.schema) }],
  },
};

/** What is not compared, and why: the rest of a Snapshot is (a test holds the two lists to the whole type). */
export const NOT_COMPARED: Readonly<Partial<Record<keyof Snapshot, string>>> = {
  server: "the server's facts (version, user, clock, session settings), not the schema",
  schemaRelationCounts: 'counts over every schema, which the relations compared one by one already cover',
  catchAll: 'rows held in the catch-all partition: data, not definitions',
  roleStandings: "the connecting role's standing, which differs with whoever connects",
};

export interface DiffSide {
  /** the environment's name */
  readonly name: string;
  readonly snapshot: Snapshot;
}

export interface DiffInput {
  readonly database: DatabaseName;
  readonly a: DiffSide;
  readonly b: DiffSide;
  /** sql/evidence templates by name ("evidence/columns") */
  readonly templates: Readonly<Record<string, string>>;
}

/** A value as a person reads it: lists joined, nothing as "none". */
function shown(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value))
    return value.length === 0
      ? 'none'
      : value.every((v) => typeof v !== 'object')
        ? value.join(', ')
        : JSON.stringify(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Two values are the same when they are the same JSON: arrays in their catalog order, objects key by key. */
const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

export function diffSnapshots(input: DiffInput): Finding[] {
  const { a, b, database } = input;
  const findings: Finding[] = [];
  const finding = (
    code: 'DIF001' | 'DIF002',
    collection: string,
    kind: Kind,
    object: Record<string, unknown>,
    draft: { attribute?: string; status: Status; title: string; expected: string; actual: string },
  ) => {
    const key = kind.key(object);
    const [template, values] = kind.evidence(object);
    const info = CODES[code];
    const source = input.templates[template];
    if (source === undefined) throw new Error(`missing SQL template sql/${template}.sql`);
    findings.push({
      // A partition is both a relation and a row path: the collection keeps their ids apart.
      id: `${database}:${code}:${collection}:${key}${draft.attribute ? `:${draft.attribute}` : ''}`,
      code,
      category: info.category,
      group: kind.group(object),
      severity: draft.status === 'warn' ? 'low' : info.severity,
      database,
      object: key,
      title: draft.title,
      status: draft.status,
      expected: draft.expected,
      actual: draft.actual,
      evidence: `-- run on ${a.name} and on ${b.name}, and compare\n${renderSql(source, values)}`,
      fix: null,
      impact: info.impact,
      blockedBy: [],
    });
  };
  for (const [collection, kind] of Object.entries(COMPARED) as Array<[keyof Snapshot, Kind]>) {
    const index = (snapshot: Snapshot) =>
      new Map(
        ((snapshot[collection] ?? []) as ReadonlyArray<Record<string, unknown> | string>)
          // A schema is a name alone.
          .map((o) => (typeof o === 'string' ? { name: o } : o))
          .map((o) => [kind.key(o), o] as const),
      );
    const left = index(a.snapshot);
    const right = index(b.snapshot);
    for (const [key, object] of [...left, ...[...right].filter(([k]) => !left.has(k))].sort(([x], [y]) =>
      x.localeCompare(y),
    )) {
      const mine = left.get(key);
      const theirs = right.get(key);
      const noun = kind.noun(object);
      if (!mine || !theirs) {
        const [has, lacks] = mine ? [a.name, b.name] : [b.name, a.name];
        finding('DIF001', collection, kind, object, {
          status: 'fail',
          title: `${noun} ${key} is in ${has} only, not in ${lacks}`,
          expected: `${a.name}: ${mine ? 'present' : 'absent'}`,
          actual: `${b.name}: ${theirs ? 'present' : 'absent'}`,
        });
        continue;
      }
      const attributes = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter(
        (attribute) => !kind.statistics?.includes(attribute),
      );
      for (const attribute of attributes) {
        if (same(mine[attribute], theirs[attribute])) continue;
        finding('DIF002', collection, kind, object, {
          attribute,
          status: kind.endpoints?.includes(attribute) ? 'warn' : 'fail',
          title: `${noun} ${key}: ${attribute} differs between ${a.name} and ${b.name}`,
          expected: `${a.name}: ${shown(mine[attribute])}`,
          actual: `${b.name}: ${shown(theirs[attribute])}`,
        });
      }
    }
  }
  return findings;
}
