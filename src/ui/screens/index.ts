/** The app's screens: each folder exports one definition (screen.ts), and this list is the only place that names them. */
import type { ScreenDefinition } from '../screen.js';
import { checklistScreen } from './Checklist/screen.js';
import { healthScreen } from './Health/screen.js';
import { monitorScreen } from './Monitor/screen.js';
import { overviewScreen } from './Overview/screen.js';
import { remediateScreen } from './Remediate/screen.js';
import { rollbackScreen } from './Rollback/screen.js';

export const SCREENS: readonly ScreenDefinition[] = [
  overviewScreen,
  checklistScreen,
  monitorScreen,
  remediateScreen,
  rollbackScreen,
  healthScreen,
];

/** Every screen's view code (lazyView.tsx): after the first verification, or for tests that draw every screen at once. */
export const loadScreenViews = (): Promise<unknown> => Promise.all(SCREENS.map((screen) => screen.load?.()));
