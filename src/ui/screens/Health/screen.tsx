/** Health as the shell sees it: IS-SOH's maintenance report and steps, with the live feed's throughput. */
import type { ScreenDefinition } from '../../screen.js';
import { Health, healthMaxScroll, pinnedHeight } from './Health.js';
import { HEALTH_BINDINGS, healthContext, isHealthQuestion } from './keys.js';
import {
  type HealthAction,
  type HealthLayout,
  type HealthScreenState,
  healthOf,
  healthReducer,
  initialHealth,
  isHealthEvent,
} from './state.js';
import { useHealth } from './useHealth.js';

export const healthScreen: ScreenDefinition<HealthScreenState> = {
  id: 'health',
  key: '6',
  title: 'Health',
  needs: { verification: false, feed: true },
  initial: () => initialHealth,
  owns: ['health/'],
  reduce: (slice, action) => healthReducer(slice, action as HealthAction),
  isEvent: isHealthEvent,
  Component: ({ app, provided, width, height }) => (
    <Health health={healthOf(app)} throughput={provided.throughput} width={width} height={height} />
  ),
  layout: (app, columns, bodyHeight, theme, provided): HealthLayout => {
    const health = healthOf(app);
    return {
      max: healthMaxScroll(health, provided.throughput, columns, bodyHeight, theme),
      page: Math.max(1, bodyHeight - pinnedHeight(health, columns, theme) - 1),
    };
  },
  keys: {
    context: healthContext,
    modal: isHealthQuestion,
    bindings: HEALTH_BINDINGS,
  },
  useWork: useHealth,
};
