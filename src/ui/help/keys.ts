/** Help's key bindings: back to the screen it was opened on, and scrolling; keymap.ts reads them. */
import { act, moving, paging } from '../keyCommands.js';
import type { KeyBinding } from '../keyTypes.js';

const scroll = (by: number, max: number) => [act({ type: 'nav/help-scroll', by, max })];

export const HELP_BINDINGS: readonly KeyBinding<'help'>[] = [
  {
    keys: ['esc', '?'],
    hintKeys: ['esc'],
    in: ['help'],
    help: 'close Help, back to the screen it was opened on',
    hint: 'back',
    run: () => [act({ type: 'nav/back' })],
  },
  moving({
    in: ['help'],
    help: 'scroll; the first and last line',
    hint: 'scroll',
    to: (_app, by, layout) => scroll(by === 'start' ? -Infinity : by === 'end' ? Infinity : by, layout.helpMax),
  }),
  ...paging({
    in: ['help'],
    help: 'a page up or down',
    space: true,
    to: (_app, by, layout) => scroll(by * layout.page, layout.helpMax),
  }),
];
