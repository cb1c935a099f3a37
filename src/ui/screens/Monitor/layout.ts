/** The Monitor's geometry, for the keys (layout.ts adds it to the Layout). */
import type { MonitorLayout } from '../../keyTypes.js';
import { monitorGeometry } from './state.js';

export function monitorLayout(columns: number, bodyHeight: number): MonitorLayout {
  return { rows: monitorGeometry(bodyHeight, columns).tableRows };
}
