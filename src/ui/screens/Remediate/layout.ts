/** The Remediate and Rollback screens' geometry, for the keys (how far a pane scrolls, how many steps show). */

import type { AppState } from '../../appState.js';
import type { Theme } from '../../theme.js';
import { rollbackGeometry } from '../Rollback/Rollback.js';
import type { WritesLayout } from './keys.js';
import { remediateGeometry } from './Remediate.js';

export function writesLayout(state: AppState, columns: number, bodyHeight: number, theme: Theme): WritesLayout {
  const screen = state.navigation.screen;
  const r = screen === 'remediate' ? remediateGeometry(state.remediate, columns, bodyHeight, theme) : null;
  const b = screen === 'rollback' ? rollbackGeometry(state.rollback, columns, bodyHeight, theme) : null;
  return {
    remediateList: Math.max(1, r?.listRows ?? 1),
    remediatePaneMax: r?.paneMax ?? 0,
    remediatePage: Math.max(1, (r?.paneRows ?? 2) - 1),
    rollbackMax: b?.max ?? 0,
    rollbackPage: Math.max(1, (b?.rows ?? 2) - 1),
  };
}
