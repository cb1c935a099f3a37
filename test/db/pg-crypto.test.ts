/**
 * The bundle's pg computes SCRAM and MD5 with scripts/pg-crypto-utils.cjs in place of pg's own
 * lib/crypto/utils.js (scripts/startup-fast-path.mjs): the same functions give the same bytes.
 * (The binary's tests authenticate with it against a real server: SCRAM over TLS, with channel
 * binding in test/cli/neon.test.ts.)
 */

import nodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

interface PgCrypto {
  postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string>;
  randomBytes(length: number): Buffer;
  deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer | Buffer>;
  sha256(text: Uint8Array | ArrayBuffer): Promise<ArrayBuffer | Buffer>;
  hashByName(hashName: string, text: Uint8Array): Promise<ArrayBuffer | Buffer>;
  hmacSha256(key: ArrayBuffer | Buffer, message: string): Promise<ArrayBuffer | Buffer>;
  md5(text: string | Buffer): Promise<string>;
}

const require = createRequire(import.meta.url);
const pgOwn = require('pg/lib/crypto/utils.js') as PgCrypto;
const ours = require('../../scripts/pg-crypto-utils.cjs') as PgCrypto;
const bytes = (data: ArrayBuffer | Buffer) => Buffer.from(new Uint8Array(data));
const hex = (data: ArrayBuffer | Buffer) => bytes(data).toString('hex');

describe("the bundle's pg crypto", () => {
  it('exports what pg exports', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(pgOwn).sort());
  });

  it("derives SCRAM's keys and proofs as pg does: PBKDF2, HMAC, SHA-256, non-ASCII passwords too", async () => {
    const salt = Buffer.from('c2FsdHNhbHRzYWx0c2FsdA==', 'base64');
    for (const password of ['mantis-test-secret', 'pässwörd ключ', '']) {
      const [theirKey, ourKey] = await Promise.all([
        pgOwn.deriveKey(password, salt, 4096),
        ours.deriveKey(password, salt, 4096),
      ]);
      expect(hex(ourKey)).toBe(hex(theirKey));
      const [theirHmac, ourHmac] = await Promise.all([
        pgOwn.hmacSha256(theirKey, 'Client Key ✓'),
        ours.hmacSha256(ourKey, 'Client Key ✓'),
      ]);
      expect(hex(ourHmac)).toBe(hex(theirHmac));
      expect(hex(await ours.sha256(bytes(ourHmac)))).toBe(hex(await pgOwn.sha256(bytes(theirHmac))));
    }
  });

  it("hashes a certificate for channel binding by WebCrypto's names, and MD5 passwords, as pg does", async () => {
    const certificate = Buffer.from('a certificate, DER encoded');
    for (const name of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])
      expect(hex(await ours.hashByName(name, certificate))).toBe(hex(await pgOwn.hashByName(name, certificate)));
    const salt = Buffer.from([1, 2, 3, 4]);
    expect(await ours.postgresMd5PasswordHash('mantis', 'sécret', salt)).toBe(
      await pgOwn.postgresMd5PasswordHash('mantis', 'sécret', salt),
    );
    expect(ours.randomBytes(18)).toHaveLength(18);
  });

  it('derives a SCRAM key once per password, salt and iteration count (RFC 5802 5.1), and tries again after a failure', async () => {
    const derivations = vi.spyOn(nodeCrypto, 'pbkdf2');
    try {
      const salt = nodeCrypto.randomBytes(16);
      const first = await ours.deriveKey('kept-secret', salt, 4096);
      const again = await ours.deriveKey('kept-secret', Uint8Array.from(salt), 4096);
      expect(hex(again)).toBe(hex(first));
      expect(derivations).toHaveBeenCalledTimes(1);
      await ours.deriveKey('kept-secret', nodeCrypto.randomBytes(16), 4096);
      await ours.deriveKey('another-secret', salt, 4096);
      await ours.deriveKey('kept-secret', salt, 8192);
      expect(derivations).toHaveBeenCalledTimes(4);
      expect(hex(await ours.deriveKey('kept-secret', salt, 8192))).toBe(
        hex(await pgOwn.deriveKey('kept-secret', salt, 8192)),
      );
      // An iteration count Node refuses: the failure is the caller's, and is not remembered.
      await expect(ours.deriveKey('kept-secret', salt, -1)).rejects.toThrow();
      await expect(ours.deriveKey('kept-secret', salt, -1)).rejects.toThrow();
      expect(derivations).toHaveBeenCalledTimes(6);
    } finally {
      derivations.mockRestore();
    }
  });
});
