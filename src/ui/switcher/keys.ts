/** The switcher's keys, while it is open: move, Enter switches, Esc closes. keymap.ts reads them. */
import { act, effect, moving } from '../keyCommands.js';
import type { KeyBinding } from '../keyTypes.js';
import { chosen } from './state.js';

export const SWITCHER = 'switcher';

export const SWITCHER_BINDINGS: readonly KeyBinding<typeof SWITCHER>[] = [
  moving({
    in: [SWITCHER],
    help: 'choose an environment',
    hint: 'choose',
    to: (_app, by) => [act({ type: 'switcher/move', by })],
  }),
  {
    keys: ['enter'],
    in: [SWITCHER],
    help: 'switch to it: its IS-SOH and SPP, every screen read again (refused while a write runs)',
    hint: 'switch',
    run: (app) => {
      const name = app.switcher ? chosen(app.switcher) : undefined;
      return name === undefined ? [] : [effect({ type: 'switch-environment', name })];
    },
  },
  {
    keys: ['esc', 'E'],
    hintKeys: ['esc'],
    in: [SWITCHER],
    help: 'close the list: stay where you are',
    hint: 'close',
    run: () => [act({ type: 'switcher/close' })],
  },
];
