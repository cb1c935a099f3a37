/**
 * What the frame drawn before Ink loads (first-frame.ts) knows of the screens, without their code
 * (a screen's definition loads its view, and so Ink): the tabs as the definitions name them, the
 * screen the app opens on, and that screen's verification lines. Beside index.ts, the second place
 * that names the screens; first-frame.test.tsx holds the tabs equal to the definitions'.
 */
import type { LineSegments } from '../components/cut.js';
import type { Tab } from '../components/headerText.js';
import type { Theme } from '../symbols.js';
import type { VerificationState } from '../verification/state.js';
import { overviewLayout } from './Overview/layout.js';
import { summaryLines, waitingText } from './Overview/summary.js';

/** In number-key order, as screens/<name>/screen.tsx name themselves. */
export const TABS_BEFORE_INK: readonly Tab[] = [
  { id: 'overview', key: '1', title: 'Overview' },
  { id: 'checklist', key: '2', title: 'Checklist' },
  { id: 'monitor', key: '3', title: 'Monitor' },
  { id: 'remediate', key: '4', title: 'Remediate' },
  { id: 'rollback', key: '5', title: 'Rollback' },
  { id: 'health', key: '6', title: 'Health' },
];

/** The screen the app opens on: the first tab. */
export const OPENS_ON = 'overview';

/** The screen it opens on, while the first verification runs: the line that says so. */
export const runningLines = (theme: Theme): LineSegments[] => [[{ text: waitingText(theme) }]];

/** The screen it opens on, once the first verification has ended: its counts and verdict. */
export const endedLines = (verification: VerificationState, theme: Theme): LineSegments[] =>
  summaryLines(verification, theme);

/**
 * The body's row (0: its first) where the screen it opens on draws the verification's lines in
 * `verification`'s state: under the database panels, as high as they are then.
 */
export const verificationRow = (
  verification: VerificationState,
  columns: number,
  bodyHeight: number,
  theme: Theme,
): number => overviewLayout(verification, columns, bodyHeight, theme).verificationRow;
