/** sslmode and friends with libpq's meaning, as node-postgres ssl options (one per attempt, in libpq's order). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { tlsPlan } from '../../src/db/tls.js';
import { TLS_KEY_SHARE_GROUPS } from '../../src/startup-fast-path.js';
import { scratchDirectory } from '../helpers/context.js';

const ca = join(scratchDirectory('mantis-tls-'), 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n');
const plan = (query: string) => tlsPlan(new URL(`postgresql://u@db.example/app${query}`));
/**
 * TLS without verifying, offering the key share PostgreSQL accepts first, with no certificate
 * authorities to load (src/startup-fast-path.ts); those that verify keep theirs (sslrootcert=system: Node's roots).
 */
/** Node's context class (its types declare only the interface) */
const AContext = createSecureContext({}).constructor;
const unverified = {
  rejectUnauthorized: false,
  ecdhCurve: TLS_KEY_SHARE_GROUPS,
  ca: [],
  secureContext: expect.any(AContext),
};

describe('tlsPlan', () => {
  it('prefer (the default) tries TLS without verifying, then plain text; allow the other way round; disable plain only', () => {
    expect(plan('').attempts).toEqual([unverified, false]);
    expect(plan('?sslmode=prefer').attempts).toEqual([unverified, false]);
    expect(plan('?sslmode=allow').attempts).toEqual([false, unverified]);
    expect(plan('?sslmode=disable').attempts).toEqual([false]);
  });

  it('require encrypts without verifying, unless a root certificate is given: then it verifies the chain as verify-ca', () => {
    expect(plan('?sslmode=require').attempts).toEqual([unverified]);
    const [withRoot] = plan(`?sslmode=require&sslrootcert=${ca}`).attempts;
    expect(withRoot).toMatchObject({ rejectUnauthorized: true });
    expect((withRoot as { checkServerIdentity: () => unknown }).checkServerIdentity()).toBeUndefined();
  });

  it('verify-ca checks the chain but not the host name; verify-full both; sslrootcert=system uses the trusted roots', () => {
    const [caOnly] = plan(`?sslmode=verify-ca&sslrootcert=${ca}`).attempts as Array<Record<string, unknown>>;
    expect(caOnly).toMatchObject({ rejectUnauthorized: true });
    expect(String(caOnly!.ca)).toContain('not checked here');
    expect(typeof caOnly!.checkServerIdentity).toBe('function');
    const [full] = plan(`?sslmode=verify-full&sslrootcert=${ca}`).attempts as Array<Record<string, unknown>>;
    expect(full).toMatchObject({ rejectUnauthorized: true });
    expect(full!.checkServerIdentity).toBeUndefined();
    const [system] = plan('?sslmode=verify-full&sslrootcert=system').attempts as Array<Record<string, unknown>>;
    expect(system).toEqual({
      rejectUnauthorized: true,
      ecdhCurve: TLS_KEY_SHARE_GROUPS,
      secureContext: expect.any(AContext),
    });
  });

  it('connections with the same context options share one TLS context; other options get their own', () => {
    const context = (query: string, attempt = 0) =>
      (plan(query).attempts[attempt] as { secureContext: SecureContext }).secureContext;
    expect(context('')).toBe(context('?sslmode=require&host=elsewhere'));
    expect(context('?sslmode=allow', 1)).toBe(context(''));
    const verifying = context(`?sslmode=verify-full&sslrootcert=${ca}`);
    expect(verifying).toBe(context(`?sslmode=verify-ca&sslrootcert=${ca}`));
    expect(verifying).not.toBe(context(''));
    expect(context('?sslmode=verify-full&sslrootcert=system')).not.toBe(verifying);
    const otherCa = join(scratchDirectory('mantis-tls-other-'), 'ca.pem');
    writeFileSync(otherCa, '-----BEGIN CERTIFICATE-----\nanother authority\n-----END CERTIFICATE-----\n');
    expect(context(`?sslmode=verify-full&sslrootcert=${otherCa}`)).not.toBe(verifying);
  });

  it("a client key that does not load is the connection's error, when it reads the context, not the plan's", () => {
    const key = join(scratchDirectory('mantis-tls-key-'), 'client.key');
    writeFileSync(key, 'not a key');
    const [attempt] = plan(`?sslmode=require&sslcert=${key}&sslkey=${key}`).attempts as Array<{
      secureContext: unknown;
    }>;
    expect(() => attempt!.secureContext).toThrow(/PEM|key|start line/i);
  });

  it('channel_binding: prefer by default, require and disable as given', () => {
    expect(plan('').channelBinding).toBe('prefer');
    expect(plan('?channel_binding=require').channelBinding).toBe('require');
    expect(plan('?channel_binding=disable').channelBinding).toBe('disable');
  });
});
