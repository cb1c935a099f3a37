/**
 * Seed 003's category E: a table the intended state adds to a publication (logical replication,
 * Supabase Realtime) is in it on the live database, with the same REPLICA IDENTITY; without it
 * the application's subscriptions receive nothing, or updates without their old values.
 */
import type { Finding } from '../finding.js';
import { type CheckContext, makeFinding, tableVars } from './context.js';
import { findRelation } from './tables.js';

export function checkRealtime(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const relation of ctx.relations) {
    const spec = findRelation(ctx.expected.relations, relation);
    const found = findRelation(ctx.actual.relations, relation);
    if (!spec?.publications?.length || !found?.publications) continue;
    const { schema, table } = tableVars(relation);
    const evidence = ['evidence/publications', { schema, table }] as const;
    for (const publication of spec.publications) {
      const member = found.publications.includes(publication);
      findings.push(
        makeFinding(ctx, {
          code: 'RLT001',
          object: `${relation} → ${publication}`,
          status: member ? 'pass' : 'fail',
          title: member ? `${relation}: published in ${publication}` : undefined,
          expected: `in publication ${publication}`,
          actual: found.publications.length ? `in ${found.publications.join(', ')}` : 'in no publication',
          evidence,
          fix: ['fix/add_to_publication', { publication, relation }],
        }),
      );
    }
    if (spec.replicaIdentity && found.replicaIdentity && spec.replicaIdentity !== found.replicaIdentity) {
      findings.push(
        makeFinding(ctx, {
          code: 'RLT002',
          object: relation,
          status: 'fail',
          title: `replica identity differs: ${relation}: ${found.replicaIdentity}, expected ${spec.replicaIdentity}`,
          expected: `REPLICA IDENTITY ${spec.replicaIdentity.toUpperCase()}`,
          actual: `REPLICA IDENTITY ${found.replicaIdentity.toUpperCase()}`,
          evidence,
          // an index identity names its index: a person picks it
          fix:
            spec.replicaIdentity === 'index'
              ? null
              : ['fix/replica_identity', { relation, identity: spec.replicaIdentity.toUpperCase() }],
        }),
      );
    }
  }
  return findings;
}
