/**
 * The frame's geometry at a terminal size: a header line, the body, a message line and the
 * status bar, one line less than the terminal is tall (a frame as tall as the terminal makes Ink
 * clear and redraw the whole screen on every update).
 */

import type { AppState } from './appState.js';
import { detailMaxScroll } from './components/FindingDetail.js';
import { isTooSmall } from './components/TooSmall.js';
import type { KeyLayout } from './keyTypes.js';
import { listViewport } from './screens/Checklist/Checklist.js';
import { healthLayout } from './screens/Health/layout.js';
import { helpMaxScroll } from './screens/Help/Help.js';
import { monitorLayout } from './screens/Monitor/layout.js';
import { remediateLayout } from './screens/Remediate/layout.js';
import { rollbackLayout } from './screens/Rollback/layout.js';
import type { Theme } from './theme.js';

export interface Layout extends KeyLayout {
  readonly columns: number;
  readonly rows: number;
  /** lines between the header and the message line */
  readonly bodyHeight: number;
}

/** Lines that are not the body: header, message line, status bar, and the one left free. */
export const CHROME_LINES = 4;

export function layoutFor(
  state: AppState,
  size: { readonly columns: number; readonly rows: number },
  theme: Theme,
): Layout {
  const { columns, rows } = size;
  const bodyHeight = Math.max(1, rows - CHROME_LINES);
  const viewport = listViewport(state.verification, columns, bodyHeight, theme);
  const detail = state.checklist.detail
    ? state.verification.findings?.find((f) => f.id === state.checklist.detail?.id)
    : undefined;
  return {
    columns,
    rows,
    bodyHeight,
    tooSmall: isTooSmall(columns, rows),
    listViewport: viewport,
    detailMax: detail ? detailMaxScroll(detail, columns, bodyHeight, theme) : 0,
    helpMax: helpMaxScroll(bodyHeight, theme, columns),
    page: Math.max(1, viewport - 1),
    remediate: remediateLayout(state, columns, bodyHeight, theme),
    rollback: rollbackLayout(state, columns, bodyHeight, theme),
    monitor: monitorLayout(columns, bodyHeight),
    health: healthLayout(state, columns, bodyHeight, theme),
  };
}
