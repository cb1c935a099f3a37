/** The Overview as the shell sees it: the verification's summary, no state of its own. */
import type { ScreenDefinition } from '../../screen.js';
import { OVERVIEW_BINDINGS } from './keys.js';
import { Overview } from './Overview.js';

export const overviewScreen: ScreenDefinition<null> = {
  id: 'overview',
  key: '1',
  title: 'Overview',
  needs: { verification: true, feed: false },
  initial: () => null,
  owns: [],
  reduce: (slice) => slice,
  isEvent: () => false,
  Component: ({ app, width, height }) => <Overview verification={app.verification} width={width} height={height} />,
  keys: {
    context: () => 'overview',
    modal: () => false,
    bindings: OVERVIEW_BINDINGS,
  },
};
