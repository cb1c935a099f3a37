/** The Remediate screen's geometry, for the keys (how far the pane scrolls, how many steps show). */
import type { AppState } from '../../appState.js';
import type { RemediateLayout } from '../../keyTypes.js';
import type { Theme } from '../../theme.js';
import { remediateGeometry } from './Remediate.js';

export function remediateLayout(state: AppState, columns: number, bodyHeight: number, theme: Theme): RemediateLayout {
  const r =
    state.navigation.screen === 'remediate' ? remediateGeometry(state.remediate, columns, bodyHeight, theme) : null;
  return {
    list: Math.max(1, r?.listRows ?? 1),
    paneMax: r?.paneMax ?? 0,
    page: Math.max(1, (r?.paneRows ?? 2) - 1),
  };
}
