/** The JSON snapshots captured from a real server (npm run fixtures), and the checks' inputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecks } from '../../src/core/checks/index.js';
import type { Finding } from '../../src/core/finding.js';
import type { Manifest } from '../../src/core/manifest.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import { loadJson, loadTemplates } from '../../src/sql.js';
import { ROOT } from './databases.js';

export type FixtureName = 'issoh-migrated' | 'issoh-seed000' | 'spp-seed000' | 'issoh-drifted';

export function snapshotFixture(name: FixtureName): Snapshot {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'snapshots', `${name}.json`), 'utf8')) as Snapshot;
}

export const manifest = loadJson<Manifest>('manifest.json');
export const templates = loadTemplates(['evidence', 'fix', 'prereq']);

export function check(issoh: Snapshot | null, spp: Snapshot | null = null): Finding[] {
  return runChecks({ manifest, templates, issoh, spp });
}

export const failing = (findings: readonly Finding[]) => findings.filter((f) => f.status === 'fail');
export const byCode = (findings: readonly Finding[], code: string) => findings.filter((f) => f.code === code);
