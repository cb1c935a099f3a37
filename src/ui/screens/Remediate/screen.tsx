/** Remediate as the shell sees it: the plan for IS-SOH, step by step, its keys, and the work that runs the steps. */
import { lazyView, useLoadedView, ViewLoading } from '../../lazyView.js';
import type { ScreenDefinition } from '../../screen.js';
import { REMEDIATE_BINDINGS, remediateContext } from './keys.js';
import {
  initialRemediate,
  REMEDIATE_EVENTS,
  type RemediateAction,
  type RemediateLayout,
  type RemediateState,
  remediateOf,
  remediateReducer,
} from './state.js';
import { useRemediate } from './useRemediate.js';

const view = lazyView(() => import('./Remediate.js'));

const isConfirm = (context: string) => context === 'confirm-name' || context === 'confirm-yes-no';

export const remediateScreen: ScreenDefinition<RemediateState> = {
  id: 'remediate',
  key: '4',
  title: 'Remediate',
  needs: { verification: true, feed: false },
  initial: (config) => initialRemediate(config),
  owns: ['remediate/'],
  reduce: (slice, action) => remediateReducer(slice, action as RemediateAction),
  isEvent: (action) => REMEDIATE_EVENTS.has(action.type),
  load: view.load,
  Component: ({ app, width, height }) => {
    const loaded = useLoadedView(view);
    if (!loaded) return <ViewLoading />;
    return <loaded.Remediate state={remediateOf(app)} width={width} height={height} />;
  },
  layout: (app, columns, bodyHeight, theme): RemediateLayout => {
    const loaded = view.loaded();
    if (!loaded) return { list: 1, paneMax: 0, page: 1 };
    const r = loaded.remediateGeometry(remediateOf(app), columns, bodyHeight, theme);
    return { list: Math.max(1, r.listRows), paneMax: r.paneMax, page: Math.max(1, r.paneRows - 1) };
  },
  keys: {
    context: remediateContext,
    modal: isConfirm,
    bindings: REMEDIATE_BINDINGS,
  },
  useWork: useRemediate,
};
