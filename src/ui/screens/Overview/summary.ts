/**
 * The verification's summary as the Overview shows it, as plain segments without Ink: the
 * Overview draws them, and so does the frame drawn before Ink loads (first-frame.ts), so the
 * counts and the verdict read the same in both.
 */
import { summarize } from '../../../core/finding.js';
import type { LineSegments, Segment } from '../../components/cut.js';
import { STATUS_TONE, statusGlyph, symbols, type Theme } from '../../symbols.js';
import type { VerificationState } from '../../verification/state.js';

/** While the first run reads: "Verification: waiting for both databases…". */
export const waitingText = (theme: Theme): string =>
  `Verification: waiting for both databases${symbols(theme).ellipsis}`;

export function verdictSegments(verification: VerificationState, theme: Theme): Segment {
  const sym = symbols(theme);
  const s = summarize(verification.findings ?? []);
  const { issoh, spp } = verification.databases;
  const unreadable = [issoh, spp].filter((db) => db.report?.status === 'error').map((db) => db.label);
  if (unreadable.length > 0)
    return { text: `${sym.arrow} incomplete: ${unreadable.join(' and ')} could not be read`, tone: 'red', bold: true };
  if (issoh.report?.status !== 'ok')
    return { text: `${sym.arrow} incomplete: IS-SOH not checked (0024 belongs there)`, tone: 'yellow', bold: true };
  if (s.fail > 0 || s.blocked > 0)
    return { text: `${sym.arrow} not ready: ${s.fail} failing, ${s.blocked} blocked`, tone: 'red', bold: true };
  if (spp.report?.status === 'missing')
    return { text: `${sym.arrow} ready on IS-SOH: SPP not checked (no URL)`, tone: 'yellow', bold: true };
  return {
    text: `${sym.arrow} ready: every check passes${s.warn ? ` (${s.warn} warnings)` : ''}`,
    tone: 'green',
    bold: true,
  };
}

export function countsSegments(verification: VerificationState, theme: Theme): Segment[] {
  const s = summarize(verification.findings ?? []);
  return (['pass', 'fail', 'warn', 'blocked'] as const).map((status) => ({
    text: `${statusGlyph(theme, status)} ${s[status]} ${status}  `,
    tone: s[status] > 0 ? STATUS_TONE[status] : undefined,
    bold: status === 'fail' && s[status] > 0,
  }));
}

/** "Verification  ✓ 8 pass  ✗ 4 fail …" and under it the verdict, once the run has its findings. */
export function summaryLines(verification: VerificationState, theme: Theme): [LineSegments, LineSegments] {
  return [
    [{ text: 'Verification  ', bold: true }, ...countsSegments(verification, theme)],
    [{ text: '  ' }, verdictSegments(verification, theme)],
  ];
}
