/** The Monitor and Health screens' geometry, for the keys (layout.ts adds it to the Layout). */
import type { LiveLayout } from './keys/live.js';
import { healthMaxScroll, pinnedHeight } from './screens/Health.js';
import type { AppState } from './state/app.js';
import { monitorGeometry } from './state/monitor.js';
import type { Theme } from './theme.js';

export function liveLayout(state: AppState, columns: number, bodyHeight: number, theme: Theme): LiveLayout {
  const onHealth = state.navigation.screen === 'health';
  return {
    monitorRows: monitorGeometry(bodyHeight, columns).tableRows,
    // Only worth computing where it is used: the Health report's lines.
    healthMax: onHealth ? healthMaxScroll(state.health, state.monitor.throughput, columns, bodyHeight, theme) : 0,
    healthPage: Math.max(1, bodyHeight - pinnedHeight(state.health, columns, theme) - 1),
  };
}
