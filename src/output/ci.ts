/** What the CI formats (JUnit, SARIF, GitHub) say of a finding alike: its database, its source file, its details. */
import type { Finding, SourceLocation } from '../core/finding.js';

export interface CiOptions {
  /**
   * The application's directory relative to the working directory ('' when they are one), so a
   * statement's file is named from the repository's root, as code scanning and annotations want it.
   */
  readonly sourceRoot?: string;
}

export const DATABASE_LABEL = { issoh: 'IS-SOH', spp: 'SPP' } as const;

/** A finding's source file as the repository names it: '/'-separated, under the application's directory. */
export function sourcePath(location: SourceLocation, options: CiOptions): string {
  const root = (options.sourceRoot ?? '').replaceAll('\\', '/').replace(/\/+$/, '');
  return root === '' || root === '.' ? location.file : `${root}/${location.file}`;
}

/** Expected, actual, the evidence SQL, the fix and the impact: what a person needs to act on a finding. */
export function detailOf(finding: Finding, options: CiOptions): string {
  return [
    `expected: ${finding.expected}`,
    `actual: ${finding.actual}`,
    ...(finding.blockedBy.length > 0 ? [`blocked by: ${finding.blockedBy.join(', ')}`] : []),
    ...(finding.location ? [`source: ${sourcePath(finding.location, options)}:${finding.location.line}`] : []),
    `impact: ${finding.impact}`,
    '',
    'evidence:',
    finding.evidence,
    ...(finding.fix ? ['', 'fix:', finding.fix] : []),
  ].join('\n');
}
