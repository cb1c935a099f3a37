/**
 * The frame's geometry at a terminal size: a header line, the body, a message line and the
 * status bar, one line less than the terminal is tall (a frame as tall as the terminal makes Ink
 * clear and redraw the whole screen on every update). The shown screen adds its own geometry.
 */

import type { AppState } from './appState.js';
import { bodyHeightOf } from './chrome.js';
import { isTooSmall } from './components/TooSmall.js';
import { helpMaxScroll } from './help/Help.js';
import type { KeyLayout } from './keyTypes.js';
import { providedBy, screenOf } from './shell.js';
import type { Theme } from './theme.js';

export interface Layout extends KeyLayout {
  readonly columns: number;
  readonly rows: number;
  /** lines between the header and the message line */
  readonly bodyHeight: number;
}

export function layoutFor(
  state: AppState,
  size: { readonly columns: number; readonly rows: number },
  theme: Theme,
): Layout {
  const { columns, rows } = size;
  const bodyHeight = bodyHeightOf(rows);
  const screen = screenOf(state.navigation.screen);
  const own = screen?.layout?.(state, columns, bodyHeight, theme, providedBy(state));
  return {
    columns,
    rows,
    bodyHeight,
    tooSmall: isTooSmall(columns, rows),
    helpMax: helpMaxScroll(bodyHeight, theme, columns),
    page: Math.max(1, bodyHeight - 1),
    screens: screen && own !== undefined ? { [screen.id]: own } : {},
  };
}
