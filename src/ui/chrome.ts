/**
 * The frame's rows around the screen, without Ink: the header's one line on top, then the body
 * every screen is drawn in, then the message line and the status bar, and the terminal's last row
 * left free (a frame as tall as the terminal makes Ink clear and redraw the whole screen on every
 * update). layout.ts gives the screens their height by it, and the frame drawn before Ink
 * (first-frame.ts) its rows.
 */

/** Lines that are not the body: header, message line, status bar, and the one left free. */
export const CHROME_LINES = 4;

/** The body's first row on the terminal (1-based): under the header. */
export const BODY_ROW = 2;

/** The body's height at a terminal's height. */
export const bodyHeightOf = (rows: number): number => Math.max(1, rows - CHROME_LINES);
