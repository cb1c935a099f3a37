/** The Rollback screen's geometry, for the keys (how far the page scrolls). */
import type { AppState } from '../../appState.js';
import type { RollbackLayout } from '../../keyTypes.js';
import type { Theme } from '../../theme.js';
import { rollbackGeometry } from './Rollback.js';

export function rollbackLayout(state: AppState, columns: number, bodyHeight: number, theme: Theme): RollbackLayout {
  const b =
    state.navigation.screen === 'rollback' ? rollbackGeometry(state.rollback, columns, bodyHeight, theme) : null;
  return { max: b?.max ?? 0, page: Math.max(1, (b?.rows ?? 2) - 1) };
}
