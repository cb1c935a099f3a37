/** Health as the shell sees it: IS-SOH's maintenance report and steps, with the live feed's throughput. */
import { lazyView, useLoadedView, ViewLoading } from '../../lazyView.js';
import type { ScreenDefinition } from '../../screen.js';
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

const view = lazyView(() => import('./Health.js'));

export const healthScreen: ScreenDefinition<HealthScreenState> = {
  id: 'health',
  key: '6',
  title: 'Health',
  needs: { verification: false, feed: true },
  initial: () => initialHealth,
  owns: ['health/'],
  reduce: (slice, action) => healthReducer(slice, action as HealthAction),
  isEvent: isHealthEvent,
  load: view.load,
  Component: ({ app, provided, width, height }) => {
    const loaded = useLoadedView(view);
    if (!loaded) return <ViewLoading />;
    return <loaded.Health health={healthOf(app)} throughput={provided.throughput} width={width} height={height} />;
  },
  layout: (app, columns, bodyHeight, theme, provided): HealthLayout => {
    const loaded = view.loaded();
    if (!loaded) return { max: 0, page: 1 };
    const health = healthOf(app);
    return {
      max: loaded.healthMaxScroll(health, provided.throughput, columns, bodyHeight, theme),
      page: Math.max(1, bodyHeight - loaded.pinnedHeight(health, columns, theme) - 1),
    };
  },
  keys: {
    context: healthContext,
    modal: isHealthQuestion,
    bindings: HEALTH_BINDINGS,
  },
  useWork: useHealth,
};
