/**
 * While the IS-SOH answer is at the server, verify rehearses its checks once on the intended state
 * (src/startup-fast-path.ts, rehearseChecksOnce): the real run then finds their code compiled. The
 * rehearsal must run clean on what it is given (a throw would only be swallowed, and the warm-up
 * lost), happen once per process, and never when the answer is already in.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dependenciesFor } from '../../src/commands/intended.js';
import { verify } from '../../src/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { runChecks } from '../../src/core/checks/index.js';
import { intendedAsSnapshot, type Manifest } from '../../src/core/manifest.js';
import { rehearseChecksOnce } from '../../src/startup-fast-path.js';
import { freshDatabase, scratchDirectory } from '../helpers/context.js';
import { manifest, templates } from '../helpers/fixtures.js';
import { MIGRATION_FIXTURES } from '../helpers/migrations.js';

const rehearsals = vi.hoisted(() => ({ calls: [] as Array<{ rehearse: () => unknown; answered: () => boolean }> }));
vi.mock('../../src/startup-fast-path.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/startup-fast-path.js')>();
  return {
    ...real,
    // recorded, and run as verify asks: the real function keeps its once-per-process flag in its module
    rehearseChecksOnce: (rehearse: () => unknown, answered: () => boolean) => {
      rehearsals.calls.push({ rehearse, answered });
      real.rehearseChecksOnce(rehearse, answered);
    },
  };
});

const NOW = new Date('2026-12-07T12:00:00Z');

/** The checks over the intended state, as verify rehearses them. */
function rehearse(on: Manifest) {
  const standIn = intendedAsSnapshot(on.expected, NOW.toISOString());
  return runChecks({ manifest: on, templates, issoh: standIn, spp: standIn, sameDatabase: false });
}

describe('the checks rehearsed while the servers answer', () => {
  it('run clean on the built-in 0024, and find it as intended', () => {
    const findings = rehearse(manifest);
    // The intended state judged against itself: every table, column, constraint, index, policy,
    // function, trigger and grant as intended (a prerequisite may fail: the stand-in lists no
    // extensions).
    expect(findings.filter((f) => f.status === 'pass').length).toBeGreaterThan(100);
    expect(findings.filter((f) => f.status === 'fail' && f.group !== 'prerequisites').map((f) => f.code)).toEqual([]);
  });

  it("run clean on a migration set's intended state", async () => {
    const deps = await dependenciesFor(join(MIGRATION_FIXTURES, 'clean'), scratchDirectory('mantis-cache-'), () => NOW);
    expect(deps.manifest.migrations).toBeDefined();
    const findings = runChecks({
      manifest: deps.manifest,
      templates: deps.templates,
      issoh: intendedAsSnapshot(deps.manifest.expected, NOW.toISOString()),
      spp: null,
      sameDatabase: false,
    });
    expect(findings.length).toBeGreaterThan(0);
  }, 120_000);

  it('happen once per process, never once the answer is in, and a throw in one is not the caller’s', () => {
    // This module's flag: the first rehearsal in this file's process is the one below.
    let runs = 0;
    rehearseChecksOnce(
      () => runs++,
      () => true,
    );
    expect(runs).toBe(0);
    rehearseChecksOnce(
      () => {
        runs++;
        throw new Error('a stand-in that does not fit');
      },
      () => false,
    );
    expect(runs).toBe(1);
    rehearseChecksOnce(
      () => runs++,
      () => false,
    );
    expect(runs).toBe(1);
  });

  it('are asked for by verify once its checks are loaded, with what reports the IS-SOH answer', async () => {
    rehearsals.calls.length = 0;
    const config = loadConfig({
      env: {},
      issohUrl: await freshDatabase('issohMigrated', 'rehearsal'),
      sppUrl: await freshDatabase('sppSeed000', 'rehearsal'),
    });
    const report = await verify(config, { manifest, templates, now: () => NOW });
    expect(rehearsals.calls).toHaveLength(1);
    const [{ rehearse: asked, answered }] = rehearsals.calls as [(typeof rehearsals.calls)[0]];
    // After the run, the answer is in; and what verify rehearses is the checks over the intended state.
    expect(answered()).toBe(true);
    expect(asked()).toEqual(rehearse(manifest));
    expect(report.findings.length).toBeGreaterThan(20);
  });
});
