/** The Monitor and Health screens' geometry, for the keys (layout.ts adds it to the Layout). */

import type { AppState } from '../../appState.js';
import type { Theme } from '../../theme.js';
import { monitorGeometry } from '../Monitor/state.js';
import { healthMaxScroll, pinnedHeight } from './Health.js';
import type { LiveLayout } from './keys.js';

export function liveLayout(state: AppState, columns: number, bodyHeight: number, theme: Theme): LiveLayout {
  const onHealth = state.navigation.screen === 'health';
  return {
    monitorRows: monitorGeometry(bodyHeight, columns).tableRows,
    // Only worth computing where it is used: the Health report's lines.
    healthMax: onHealth ? healthMaxScroll(state.health, state.monitor.throughput, columns, bodyHeight, theme) : 0,
    healthPage: Math.max(1, bodyHeight - pinnedHeight(state.health, columns, theme) - 1),
  };
}
