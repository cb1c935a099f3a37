/** sslmode and friends with libpq's meaning, as node-postgres ssl options (one per attempt, in libpq's order). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
const unverified = { rejectUnauthorized: false, ecdhCurve: TLS_KEY_SHARE_GROUPS, ca: [] };

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
    expect(system).toEqual({ rejectUnauthorized: true, ecdhCurve: TLS_KEY_SHARE_GROUPS });
  });

  it('channel_binding: prefer by default, require and disable as given', () => {
    expect(plan('').channelBinding).toBe('prefer');
    expect(plan('?channel_binding=require').channelBinding).toBe('require');
    expect(plan('?channel_binding=disable').channelBinding).toBe('disable');
  });
});
