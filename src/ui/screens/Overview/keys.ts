/** The Overview's key bindings; its definition (screen.tsx) hands them to the shell. */
import { act, exporting, reverifying } from '../../keyCommands.js';
import type { KeyBinding } from '../../keyTypes.js';

export const OVERVIEW_BINDINGS: readonly KeyBinding<'overview'>[] = [
  {
    keys: ['enter'],
    in: ['overview'],
    help: 'open the findings (the next screen)',
    hint: 'findings',
    run: () => [act({ type: 'nav/cycle', by: 1 })],
  },
  reverifying(['overview']),
  exporting(['overview'], 'export report'),
];
