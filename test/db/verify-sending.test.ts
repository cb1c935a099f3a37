/**
 * verify prepares its checks once both catalog queries are written (src/commands/verify.ts,
 * onSending). A read that throws before it writes anything must still let verify end: it fails,
 * it does not wait for a query that will never be sent.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { freshDatabase, scratchDirectory, tlsCaFile } from '../helpers/context.js';
import { manifest, templates } from '../helpers/fixtures.js';

describe('verify with a read that throws before its query is written', () => {
  it('fails instead of waiting (a root certificate removed between the config and the connection)', async () => {
    const rootCert = join(scratchDirectory('mantis-vanishing-ca-'), 'root.pem');
    copyFileSync(tlsCaFile(), rootCert);
    const issoh = new URL(await freshDatabase('issohMigrated', 'sending'));
    issoh.searchParams.set('sslmode', 'verify-full');
    issoh.searchParams.set('sslrootcert', rootCert);
    const config = loadConfig({
      env: {},
      issohUrl: issoh.toString(),
      sppUrl: await freshDatabase('sppSeed000', 'sending'),
    });
    rmSync(rootCert);
    await expect(verify(config, { manifest, templates, now: () => new Date() })).rejects.toThrow(/ENOENT|no such file/);
  });
});
