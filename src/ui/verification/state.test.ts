/** The verification reducer and the report it gives, as pure functions. */
import { describe, expect, it } from 'vitest';
import { check, snapshotFixture } from '../../../test/helpers/fixtures.js';
import { appStateFor, configFor, ISSOH_URL, okReport } from '../../../test/helpers/ui/fixtures.js';
import { appReducer } from '../shell.js';
import { initialVerification, reportOf, verificationReducer } from './state.js';

const seed000 = check(snapshotFixture('issoh-seed000'), snapshotFixture('spp-seed000'));

describe('verification reducer', () => {
  const config = configFor();

  it('starts with both databases reading, or with the env variable to set for one without a URL', () => {
    const s = initialVerification(configFor(ISSOH_URL, null), '0.1.0');
    expect(s.databases.issoh).toMatchObject({
      phase: 'reading',
      host: 'ep-cool-123.eu-central-1.aws.neon.tech',
      database: 'mantis_issoh',
    });
    expect(s.databases.spp.phase).toBe('missing');
    expect(s.databases.spp.report?.error).toBe('no URL: set NEON_SPP_DATABASE_URL (or --spp-url)');
    expect(JSON.stringify(s)).not.toContain('s3cret-pw');
  });

  it('drops the events of an older run, so a slow answer never overwrites a newer one', () => {
    const report = okReport('IS-SOH', snapshotFixture('issoh-seed000'), ISSOH_URL);
    let s = verificationReducer(initialVerification(config, '0.1.0'), { type: 'verify/start', run: 1 });
    s = verificationReducer(s, { type: 'verify/start', run: 2 });
    const stale = verificationReducer(s, { type: 'verify/database', run: 1, key: 'issoh', report });
    expect(stale).toBe(s);
    s = verificationReducer(s, { type: 'verify/database', run: 2, key: 'issoh', report });
    expect(s.databases.issoh).toMatchObject({ phase: 'done', report });
    expect(verificationReducer(s, { type: 'verify/complete', run: 1, findings: seed000, generatedAt: 'x' })).toBe(s);
  });

  it('keeps the previous findings on screen while a re-verify runs, and builds the report once complete', () => {
    const state = appStateFor();
    expect(reportOf(state.verification)?.summary).toMatchObject({ pass: 8, fail: 4, warn: 3, blocked: 75 });
    const rerun = appReducer(state, { type: 'verify/start', run: 2 });
    expect(rerun.verification.findings).toBe(state.verification.findings);
    expect(rerun.verification.running).toBe(true);
    expect(reportOf(rerun.verification)).toBeNull();
  });
});
