/**
 * Seed 000's dual-database layout: IS-SOH holds core/serve (+ public views) and 0024; SPP holds
 * spp; postgres_fdw links each way. A 0024 applied to SPP is a failure seen in the wild.
 */
import type { Finding } from '../finding.js';
import { COMPATIBILITY_VIEWS } from '../scope.js';
import type { TopologySnapshot } from '../snapshot.js';
import { count } from '../words.js';
import { type CheckContext, makeFinding, splitName } from './context.js';

export function checkTopology(ctx: CheckContext<TopologySnapshot>): Finding[] {
  return ctx.database === 'issoh' ? checkIssoh(ctx) : checkSpp(ctx);
}

function checkIssoh(ctx: CheckContext<TopologySnapshot>): Finding[] {
  const { actual } = ctx;
  const findings: Finding[] = [];
  for (const schema of ['core', 'serve']) {
    const present = actual.schemas.includes(schema);
    findings.push(
      makeFinding(ctx, {
        code: 'TOP001',
        object: schema,
        status: present ? 'pass' : 'warn',
        title: present
          ? `IS-SOH schema ${schema} present (${count(actual.schemaRelationCounts[schema] ?? 0, 'relation')})`
          : undefined,
        expected: `schema ${schema} in IS-SOH`,
        actual: present ? `exists, ${count(actual.schemaRelationCounts[schema] ?? 0, 'relation')}` : 'does not exist',
        evidence: ['evidence/schema', { schema }],
        fix: null,
      }),
    );
  }
  for (const view of COMPATIBILITY_VIEWS) {
    const { schema, name } = splitName(view);
    const rel = actual.relations.find((r) => r.schema === schema && r.name === name);
    if (!rel) continue;
    findings.push(
      makeFinding(ctx, {
        code: 'TOP002',
        object: view,
        status: rel.kind === 'view' ? 'pass' : 'warn',
        title: rel.kind === 'view' ? `${view} is a compatibility view (writes go to core.*)` : undefined,
        expected: `${view} is a view over core.* (seed 000: not writable)`,
        actual: `${view} is a ${rel.kind}`,
        evidence: ['evidence/relation', { name }],
        fix: null,
      }),
    );
  }
  if (!ctx.sameDatabase) findings.push(fdwLink(ctx, 'SPP'));
  // 0024 tables outside public: found, but not where the application looks.
  for (const table of ctx.relations) {
    const { name } = splitName(table);
    for (const rel of actual.relations.filter(
      (r) => r.name === name && r.schema !== 'public' && r.partitionOf === null,
    )) {
      findings.push(
        makeFinding(ctx, {
          code: 'TOP006',
          object: `${rel.schema}.${rel.name}`,
          status: 'fail',
          expected: `${table}`,
          actual: `${rel.kind} ${rel.schema}.${rel.name}`,
          evidence: ['evidence/relation', { name }],
          fix: null,
        }),
      );
    }
  }
  return findings;
}

function checkSpp(ctx: CheckContext<TopologySnapshot>): Finding[] {
  const { actual, other } = ctx;
  const findings: Finding[] = [];
  if (ctx.sameDatabase) {
    findings.push(
      makeFinding(ctx, {
        code: 'TOP007',
        object: `${actual.server.database}`,
        status: 'pass',
        title: `IS-SOH and SPP are the same database (${actual.server.database}): checked once`,
        expected: "IS-SOH and SPP as two databases, or one unified database (the application's env.example)",
        actual: `both URLs reach database ${actual.server.database} on the same server`,
        evidence: ['evidence/server', {}],
        fix: null,
      }),
    );
  }
  const spp = actual.schemas.includes('spp');
  findings.push(
    makeFinding(ctx, {
      code: 'TOP003',
      object: 'spp',
      status: spp ? 'pass' : 'warn',
      title: spp ? `SPP schema spp present (${count(actual.schemaRelationCounts.spp ?? 0, 'relation')})` : undefined,
      expected: 'schema spp in SPP',
      actual: spp ? `exists, ${count(actual.schemaRelationCounts.spp ?? 0, 'relation')}` : 'does not exist',
      evidence: ['evidence/schema', { schema: 'spp' }],
      fix: null,
    }),
  );
  if (ctx.sameDatabase) return findings;
  findings.push(fdwLink(ctx, 'IS-SOH'));
  const inIssoh = (qualifiedName: string, snapshot: TopologySnapshot | null) =>
    snapshot?.relations.some((r) => `${r.schema}.${r.name}` === qualifiedName) ?? false;
  const misplaced = [
    ...ctx.relations.filter((t) => actual.relations.some((r) => r.name === splitName(t).name)),
    ...ctx.created.enums.filter((e) => actual.enums.some((t) => t.name === splitName(e).name)),
  ];
  for (const object of misplaced) {
    const alsoInIssoh =
      inIssoh(object, other) || (other?.enums.some((e) => `${e.schema}.${e.name}` === object) ?? false);
    findings.push(
      makeFinding(ctx, {
        code: 'TOP005',
        object,
        status: other !== null && alsoInIssoh ? 'warn' : 'fail',
        title: `0024 object ${object} found in SPP${other !== null && alsoInIssoh ? ' (IS-SOH has it too)' : other ? ' while IS-SOH lacks it' : ''}`,
        expected: '0024 objects only in IS-SOH (the application reads IS-SOH)',
        actual: `${object} exists in SPP${other === null ? '; IS-SOH was not read' : alsoInIssoh ? ' and in IS-SOH' : ', not in IS-SOH'}`,
        evidence: ['evidence/relation', { name: splitName(object).name }],
        fix: null,
        impact:
          'A migration script applied 0024 to SPP while the application reads IS-SOH; roll it back in SPP once IS-SOH is right.',
      }),
    );
  }
  return findings;
}

/** A postgres_fdw server in this database that points at the other one (by database name when known). */
function fdwLink(ctx: CheckContext<TopologySnapshot>, towards: 'SPP' | 'IS-SOH'): Finding {
  const servers = ctx.actual.foreignServers.filter((s) => s.wrapper === 'postgres_fdw');
  const otherDb = ctx.other?.server.database ?? null;
  const pointing = otherDb ? servers.filter((s) => s.dbname === otherDb) : servers;
  const ok = pointing.length > 0;
  const describe = (list: typeof servers) =>
    list
      .map(
        (s) =>
          `${s.name} → ${s.host ?? '?'}:${s.port ?? '5432'}/${s.dbname ?? '?'} (mapped: ${s.userMappings.join(', ') || 'none'})`,
      )
      .join('; ');
  return makeFinding(ctx, {
    code: 'TOP004',
    object: `postgres_fdw → ${towards}`,
    status: ok ? 'pass' : 'warn',
    title: ok
      ? `postgres_fdw link to ${towards}: ${pointing.map((s) => s.name).join(', ')}`
      : `postgres_fdw link to ${towards} missing`,
    expected: `a postgres_fdw foreign server pointing at ${towards}${otherDb ? ` (database ${otherDb})` : ''}`,
    actual: servers.length === 0 ? 'no postgres_fdw server' : describe(ok ? pointing : servers),
    evidence: ['evidence/foreign_servers', {}],
    fix: null,
  });
}
