/**
 * Seed 000 steps 1–2 and seed 001: what must exist before 0024 can be applied. Failing ones
 * become the `blockers` that turn dependent 0024 checks into `blocked`.
 */
import type { Finding } from '../finding.js';
import { readConvention } from '../isolation.js';
import { normalizeBody } from '../sqltext.js';
import { type CheckContext, makeFinding } from './context.js';

/** Prerequisite codes whose failure blocks 0024: its FKs, policies and grants need them. */
export const BLOCKING_CODES = ['PRQ001', 'PRQ003', 'PRQ004', 'PRQ006', 'PRQ008', 'PRQ009'] as const;

export function checkPrerequisites(ctx: CheckContext): Finding[] {
  const { actual } = ctx;
  const findings: Finding[] = [];
  const relation = (q: string) => actual.relations.find((r) => `${r.schema}.${r.name}` === q && r.partitionOf === null);
  const column = (rel: string, name: string) => actual.columns.find((c) => c.relation === rel && c.name === name);

  const org = relation('public.organization');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ001',
      object: 'public.organization',
      status: org && (org.kind === 'table' || org.kind === 'partitioned') ? 'pass' : 'fail',
      title: org ? undefined : 'organization table missing',
      expected: 'table public.organization (seed 000 step 1)',
      actual: org ? `${org.kind} public.organization` : 'does not exist',
      evidence: ['evidence/relation', { name: 'organization' }],
      fix: ['prereq/020_organization', {}],
    }),
  );
  if (org) {
    const id = column('public.organization', 'id');
    const pk = actual.constraints.find((c) => c.relation === 'public.organization' && c.kind === 'primary key');
    const ok = id?.type === 'uuid' && pk !== undefined && pk.columns.length === 1 && pk.columns[0] === 'id';
    findings.push(
      makeFinding(ctx, {
        code: 'PRQ002',
        object: 'public.organization.id',
        status: ok ? 'pass' : 'fail',
        expected: 'id uuid PRIMARY KEY',
        actual: `id ${id ? id.type : 'missing'}, primary key ${pk ? `(${pk.columns.join(', ')})` : 'none'}`,
        evidence: ['evidence/constraints', { schema: 'public', table: 'organization' }],
        fix: null,
      }),
    );
    const slug = column('public.organization', 'slug');
    if (slug) {
      findings.push(
        makeFinding(ctx, {
          code: 'PRQ012',
          object: 'public.organization.slug',
          status: slug.notNull ? 'pass' : 'warn',
          title: slug.notNull
            ? 'organization.slug follows seed 000 (NOT NULL)'
            : 'organization.slug follows seed 001 (nullable), not seed 000 (NOT NULL)',
          expected: 'seed 000: slug VARCHAR(255) UNIQUE NOT NULL; seed 001: slug VARCHAR(255) UNIQUE',
          actual: `slug ${slug.type}${slug.notNull ? ' NOT NULL' : ' nullable'}`,
          evidence: ['evidence/columns', { schema: 'public', table: 'organization' }],
          fix: null,
          impact: 'Seeds 000 and 001 disagree; 0024 does not depend on it. The live database is what it is.',
        }),
      );
    }
  }

  const authSchema = actual.schemas.includes('auth');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ003',
      object: 'auth',
      status: authSchema ? 'pass' : 'fail',
      title: authSchema ? undefined : 'schema auth missing',
      expected: 'schema auth',
      actual: authSchema ? 'exists' : 'does not exist',
      evidence: ['evidence/schema', { schema: 'auth' }],
      fix: ['prereq/030_auth_schema', {}],
    }),
  );

  const users = relation('auth.users_extended');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ004',
      object: 'auth.users_extended',
      status: users ? 'pass' : 'fail',
      title: users ? undefined : 'auth.users_extended missing',
      expected: 'table auth.users_extended (seed 000 step 2)',
      actual: users ? `${users.kind} auth.users_extended` : 'does not exist',
      evidence: ['evidence/relation', { name: 'users_extended' }],
      fix: ['prereq/040_users_extended', {}],
    }),
  );
  if (users) {
    const fk = actual.constraints.find(
      (c) => c.relation === 'auth.users_extended' && c.kind === 'foreign key' && c.columns.join() === 'org_id',
    );
    const ok = fk?.fkTarget === 'public.organization' && fk.fkTargetColumns.join() === 'id';
    findings.push(
      makeFinding(ctx, {
        code: 'PRQ005',
        object: 'auth.users_extended.org_id',
        status: ok ? 'pass' : 'fail',
        expected: 'org_id REFERENCES public.organization(id) ON DELETE CASCADE',
        actual: fk ? fk.definition : 'no foreign key on org_id',
        evidence: ['evidence/constraints', { schema: 'auth', table: 'users_extended' }],
        fix: fk ? null : ['fix/users_extended_org_fk', {}],
      }),
    );
    const email = column('auth.users_extended', 'email');
    if (email) {
      findings.push(
        makeFinding(ctx, {
          code: 'PRQ012',
          object: 'auth.users_extended.email',
          status: email.notNull ? 'pass' : 'warn',
          title: email.notNull
            ? 'auth.users_extended.email follows seed 000 (NOT NULL)'
            : 'auth.users_extended.email follows seed 001 (nullable), not seed 000 (NOT NULL)',
          expected: 'seed 000: email VARCHAR(255) UNIQUE NOT NULL; seed 001: email VARCHAR(255) UNIQUE',
          actual: `email ${email.type}${email.notNull ? ' NOT NULL' : ' nullable'}`,
          evidence: ['evidence/columns', { schema: 'auth', table: 'users_extended' }],
          fix: null,
          impact: 'Seeds 000 and 001 disagree; 0024 does not depend on it. The live database is what it is.',
        }),
      );
    }
  }

  const uid = actual.functions.find((f) => f.schema === 'auth' && f.name === 'uid' && f.identityArgs === '');
  const expectedUid = ctx.expected.functions.find((f) => f.schema === 'auth' && f.name === 'uid');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ006',
      object: 'auth.uid()',
      status: uid ? 'pass' : 'fail',
      title: uid ? undefined : 'auth.uid() missing',
      expected: 'function auth.uid() returning the JWT subject',
      actual: uid ? 'exists' : 'does not exist',
      evidence: ['evidence/function', { schema: 'auth', name: 'uid' }],
      fix: ['prereq/050_auth_uid', {}],
    }),
  );
  if (uid) {
    const sameAsOurs = expectedUid !== undefined && normalizeBody(uid.body) === normalizeBody(expectedUid.body);
    const jwt = actual.functions.find((f) => f.schema === 'auth' && f.name === 'jwt' && f.identityArgs === '');
    const supabaseLike = readConvention(uid.body, jwt?.body ?? null).kind === 'supabase-jwt';
    const variant = sameAsOurs
      ? 'this tool’s Supabase-compatible definition'
      : supabaseLike
        ? 'another definition that reads the Supabase JWT settings'
        : 'a definition that does not read request.jwt.claim(s): check how it finds the user';
    const ok = uid.volatility === 'stable' && uid.returns === 'uuid';
    findings.push(
      makeFinding(ctx, {
        code: 'PRQ007',
        object: 'auth.uid()',
        status: ok ? (supabaseLike ? 'pass' : 'warn') : 'fail',
        title: ok ? `auth.uid() is STABLE, returns uuid: ${variant}` : undefined,
        expected: 'STABLE, RETURNS uuid, reads request.jwt.claim.sub or request.jwt.claims ->> sub',
        actual: `${uid.volatility.toUpperCase()}, RETURNS ${uid.returns}, ${uid.language}: ${variant}\n${uid.body.trim()}`,
        evidence: ['evidence/function', { schema: 'auth', name: 'uid' }],
        fix: null,
        impact: ok
          ? 'An existing auth.uid() is reported, never replaced.'
          : 'A VOLATILE auth.uid() is called once per row by every policy; a non-uuid one compares wrongly.',
      }),
    );
  }

  const role = (name: string) => actual.roles.find((r) => r.name === name);
  const authenticated = role('authenticated');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ008',
      object: 'authenticated',
      status: authenticated ? 'pass' : 'fail',
      title: authenticated ? undefined : 'role authenticated missing',
      expected: 'role authenticated (NOLOGIN)',
      actual: authenticated
        ? `exists${authenticated.canLogin ? ' (LOGIN: the spec role is NOLOGIN)' : ''}`
        : 'does not exist',
      evidence: ['evidence/role', { role: 'authenticated' }],
      fix: ['prereq/010_roles', {}],
    }),
  );
  const anon = role('anon');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ010',
      object: 'anon',
      status: anon ? 'pass' : 'warn',
      expected: 'role anon (NOLOGIN)',
      actual: anon ? 'exists' : 'does not exist',
      evidence: ['evidence/role', { role: 'anon' }],
      fix: ['prereq/010_roles', {}],
    }),
  );

  const uuidFn = actual.functions.some((f) => f.name === 'gen_random_uuid' && f.identityArgs === '');
  findings.push(
    makeFinding(ctx, {
      code: 'PRQ009',
      object: 'gen_random_uuid()',
      status: uuidFn ? 'pass' : 'fail',
      expected: 'gen_random_uuid() (built in from PostgreSQL 13, or pgcrypto)',
      actual: uuidFn
        ? `available (server ${actual.server.versionNum})`
        : `not available on server ${actual.server.versionNum}`,
      evidence: ['evidence/gen_random_uuid', {}],
      fix: ['fix/pgcrypto', {}],
    }),
  );

  if (authSchema && users && authenticated) {
    const holds = (object: string, privilege: string) =>
      actual.grants.some(
        (g) =>
          g.object === object &&
          (g.grantee === 'authenticated' || g.grantee === 'public') &&
          g.privileges.includes(privilege),
      );
    const missing = [
      holds('auth', 'USAGE') ? null : 'USAGE on schema auth',
      holds('auth.users_extended', 'SELECT') ? null : 'SELECT on auth.users_extended',
      !uid || holds('auth.uid()', 'EXECUTE') ? null : 'EXECUTE on auth.uid()',
    ].filter((m): m is string => m !== null);
    findings.push(
      makeFinding(ctx, {
        code: 'PRQ011',
        object: 'auth',
        title:
          missing.length === 0
            ? 'authenticated can use schema auth, read auth.users_extended and call auth.uid()'
            : undefined,
        status: missing.length === 0 ? 'pass' : 'fail',
        expected: 'authenticated holds USAGE on schema auth, SELECT on auth.users_extended, EXECUTE on auth.uid()',
        actual: missing.length === 0 ? 'all held' : `missing: ${missing.join(', ')}`,
        evidence: ['evidence/schema_grants', { schema: 'auth' }],
        fix: ['fix/auth_grants', {}],
      }),
    );
  }
  return findings;
}

export function blockersOf(findings: readonly Finding[]): string[] {
  const codes = new Set<string>(BLOCKING_CODES);
  return [...new Set(findings.filter((f) => f.status === 'fail' && codes.has(f.code)).map((f) => f.code))];
}
