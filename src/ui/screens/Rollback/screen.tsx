/** Rollback as the shell sees it: what rolling 0024 back would drop and export, its keys, and the work that does it. */
import { lazyView, useLoadedView, ViewLoading } from '../../lazyView.js';
import type { ScreenDefinition } from '../../screen.js';
import { ROLLBACK_BINDINGS, rollbackContext } from './keys.js';
import {
  initialRollback,
  ROLLBACK_EVENTS,
  type RollbackAction,
  type RollbackLayout,
  type RollbackState,
  rollbackOf,
  rollbackReducer,
} from './state.js';
import { useRollback } from './useRollback.js';

const view = lazyView(() => import('./Rollback.js'));

const isConfirm = (context: string) => context === 'confirm-name' || context === 'confirm-yes-no';

export const rollbackScreen: ScreenDefinition<RollbackState> = {
  id: 'rollback',
  key: '5',
  title: 'Rollback',
  needs: { verification: true, feed: false },
  initial: (config) => initialRollback(config),
  owns: ['rollback/'],
  reduce: (slice, action) => rollbackReducer(slice, action as RollbackAction),
  isEvent: (action) => ROLLBACK_EVENTS.has(action.type),
  load: view.load,
  Component: ({ app, width, height }) => {
    const loaded = useLoadedView(view);
    if (!loaded) return <ViewLoading />;
    return <loaded.Rollback state={rollbackOf(app)} width={width} height={height} />;
  },
  layout: (app, columns, bodyHeight, theme): RollbackLayout => {
    const loaded = view.loaded();
    if (!loaded) return { max: 0, page: 1 };
    const b = loaded.rollbackGeometry(rollbackOf(app), columns, bodyHeight, theme);
    return { max: b.max, page: Math.max(1, b.rows - 1) };
  },
  keys: {
    context: rollbackContext,
    modal: isConfirm,
    bindings: ROLLBACK_BINDINGS,
  },
  useWork: useRollback,
};
