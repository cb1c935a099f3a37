/** Runs the real verify (library function) against databases on the test server. */

import { verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import type { Report } from '../../src/core/report.js';
import { manifest, templates } from './fixtures.js';

export async function verifyUrls(issohUrl: string | null, sppUrl: string | null = null): Promise<Report> {
  const config = loadConfig({
    env: {},
    issohUrl: issohUrl ?? undefined,
    sppUrl: sppUrl ?? undefined,
    connectTimeout: 5,
  });
  return verify(config, { manifest, templates, now: () => new Date() });
}
