/** The Health screen's geometry, for the keys (layout.ts adds it to the Layout). */
import type { AppState } from '../../appState.js';
import type { HealthLayout } from '../../keyTypes.js';
import type { Theme } from '../../theme.js';
import { healthMaxScroll, pinnedHeight } from './Health.js';

export function healthLayout(state: AppState, columns: number, bodyHeight: number, theme: Theme): HealthLayout {
  return {
    // Only worth computing where it is used: the Health report's lines.
    max:
      state.navigation.screen === 'health'
        ? healthMaxScroll(state.health, state.monitor.throughput, columns, bodyHeight, theme)
        : 0,
    page: Math.max(1, bodyHeight - pinnedHeight(state.health, columns, theme) - 1),
  };
}
